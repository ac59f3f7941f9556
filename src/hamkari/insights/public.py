"""Public statistics: what the platform publishes to anyone, without log-in.

Why this selector filters `handling="public"` itself instead of calling `visible_to(user)`: the chokepoint
answers "which records may this user read", and an anonymous visitor may read none (`visible_to` gives them
nothing, by design). What the public receives is not records but published aggregates, and DESIGN.md rule 2
says which records may feed them: those whose owner chose the `public` handling code, and no other. That is
the chokepoint's own public rule (`Q(handling=Handling.PUBLIC)`, the first clause of `visibility_filter`),
applied here without a user. Both the seizure line and its incident must carry it: a line never counts if its
incident is not public, whatever the line says.

Nothing personal ever leaves: only counts and kilograms by year, country of the incident and substance group
(no agency, no place, no free text), and every cell of fewer than SMALL_CELL cases is suppressed together with
the totals it is part of, so that it cannot be worked out from the rest (stats.suppress_table).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, F, Func, Sum

from hamkari.incidents.models import Seizure
from hamkari.insights import stats
from hamkari.sharing.models import Handling

SMALL_CELL = 3


class YearKey(Func):
    """'YYYY' of a date column, by the database's own functions."""

    output_field = CharField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        template = ("to_char(%(expressions)s, 'YYYY')" if connection.vendor == "postgresql"
                    else "substr(%(expressions)s, 1, 4)")
        return super().as_sql(compiler, connection, template=template, **extra)


def public_seizures():
    """Seizure lines that may feed published aggregates: public lines of public incidents, dated, with a country."""
    return Seizure.objects.filter(handling=Handling.PUBLIC, incident__handling=Handling.PUBLIC,
                                  incident__occurred_on__isnull=False, incident__country__isnull=False)


def public_counts() -> dict[tuple[str, str, str], tuple[int, Decimal]]:
    """{(year, country ISO2, substance group): (cases, kg)} over public records only."""
    rows = (public_seizures().annotate(year=YearKey("incident__occurred_on"))
            .values("year", country=F("incident__country_id"), group=F("substance_group"))
            .annotate(cases=Count("id"), kg=Sum("amount_kg")).order_by())
    return {(r["year"], r["country"], r["group"]): (r["cases"], Decimal(r["kg"] or 0)) for r in rows}


@dataclass
class Cell:
    cases: int
    kg: Decimal
    hidden: str = ""  # "" shown; "small": fewer than SMALL_CELL cases; "total": a total that would reveal one

    @property
    def shown(self) -> bool:
        return not self.hidden


@dataclass
class YearTable:
    year: str
    countries: list[str]  # row keys (ISO2)
    groups: list[str]  # column keys
    cells: dict = field(default_factory=dict)  # (country, group) -> Cell; TOTAL for totals

    def cell(self, country, group) -> Cell:
        return self.cells[(country, group)]


TOTAL = stats.TOTAL


def year_tables(counts=None, *, threshold: int = SMALL_CELL) -> list[YearTable]:
    """One table per year (newest first): countries x substance groups, with totals, small cells suppressed.

    Each year is published as its own table and no table across years is shown, so suppression is decided
    within each year's table and its totals."""
    counts = public_counts() if counts is None else counts
    by_year: dict[str, dict] = {}
    for (year, country, group), value in counts.items():
        by_year.setdefault(year, {})[(country, group)] = value
    tables = []
    for year in sorted(by_year, reverse=True):
        values = by_year[year]
        countries = sorted({c for c, _g in values})
        groups = sorted({g for _c, g in values})
        primary, secondary = stats.suppress_table({k: v[0] for k, v in values.items()}, threshold=threshold)
        table = YearTable(year, countries, groups)
        for c in countries:
            for g in groups:
                table.cells[(c, g)] = Cell(*values.get((c, g), (0, Decimal(0))))
        for c in countries:
            table.cells[(c, TOTAL)] = Cell(sum(table.cells[(c, g)].cases for g in groups),
                                           sum((table.cells[(c, g)].kg for g in groups), Decimal(0)))
        for g in [*groups, TOTAL]:
            table.cells[(TOTAL, g)] = Cell(sum(table.cells[(c, g)].cases for c in countries),
                                           sum((table.cells[(c, g)].kg for c in countries), Decimal(0)))
        for key in primary:
            table.cells[key].hidden = "small"
        for key in secondary:
            table.cells[key].hidden = "total"
        for cell in table.cells.values():
            cell.kg = cell.kg.quantize(Decimal("0.001"))
        tables.append(table)
    return tables
