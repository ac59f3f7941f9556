"""Reads of the dashboard: aggregates computed in the database over what the viewer may see.

Everything starts from `filters.filtered(user, ...)`, i.e. from the chokepoint. A "case" is one seizure line
(one substance seized in one incident), as a case of UNODC's individual drug seizure data; kilograms are the
lines' kilogram equivalent (`amount_kg`; lines in units with no conversion count as cases, not as kilograms).

Speed over a million lines (bench/dashboard.py): the charts need two passes, not one per chart. One pass
groups by (month, size bucket) and gives the cases, kilograms and median over time; the other groups by
(country, substance, transport, concealment), which Python rolls up into the four breakdowns, and further by
(month, departure, destination) for the lines of the trend test's fifteen-month window, which gives the test
its series (a separate query reads the window when the period does not hold it). On PostgreSQL the queries run without JIT compilation and with more work memory (`_tuned`).
What remains is one scan and join of the lines per pass, whatever the period (over a period of more than six
months a scan beats the date index, filters.WIDE_PERIOD): two passes when the period holds the trend test's
window (the breakdowns and the trend series share one), three otherwise.

The median case size. SQLite has no median, and reading a million amounts into Python costs seconds. Each
line's amount is bucketed in the database by its first two significant digits (in units of 0.1 g, the
precision `amount_kg` is stored with), and the median is read from the histogram of (month, bucket) counts:
it is exact to two significant figures (truncated: the true median lies within the bucket), which is the
precision the chart and the table show. The same SQL runs on PostgreSQL, so both databases give the same
figure.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, FloatField, Func, IntegerField, Q, Sum, Value, When

from hamkari.insights import stats
from hamkari.insights.filters import _as_date, filtered

# Units of the size buckets: amount_kg has 4 decimal places, so 1/10,000 kg (0.1 g) is exact.
UNITS_PER_KG = 10_000
NO_SIZE = -1
SEP = "|"  # in grouping keys; no vocabulary code holds it


class MonthKey(Func):
    """'YYYY-MM' of a date column, computed by the database's own functions (Django's TruncMonth calls a Python
    function once per row on SQLite)."""

    output_field = CharField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor == "postgresql":
            return super().as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra)
        # SQLite stores dates as ISO text.
        return super().as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)


class SizeBucket(Func):
    """The bucket of an amount in kg: (number of digits) * 100 + (first two digits) of the amount in 0.1 g units,
    e.g. 1.5 kg = 15000 units -> 5 digits, "15" -> 515. Ordered as the amounts; -1 for no amount."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        integer = "BIGINT" if connection.vendor == "postgresql" else "INTEGER"
        digits = f"CAST(CAST(ROUND(%(expressions)s * {UNITS_PER_KG}) AS {integer}) AS TEXT)"
        template = (f"CASE WHEN %(expressions)s IS NULL OR %(expressions)s <= 0 THEN {NO_SIZE} "
                    f"ELSE LENGTH({digits}) * 100 + CAST(SUBSTR({digits}, 1, 2) AS INTEGER) END")
        return super().as_sql(compiler, connection, template=template, **extra)


def bucket_floor(bucket: int) -> Decimal | None:
    """The smallest amount in kg of a size bucket (the median is reported as this, truncated to 2 figures)."""
    if bucket is None or bucket < 0:
        return None
    digits, lead = divmod(int(bucket), 100)
    units = lead * 10 ** max(0, digits - (2 if lead >= 10 else 1))
    return Decimal(units) / UNITS_PER_KG


def median_of_histogram(counts: dict[int, int]) -> Decimal | None:
    """The median amount from {bucket: lines}, exact to two significant figures (see the module docstring)."""
    sized = sorted((b, n) for b, n in counts.items() if b is not None and b >= 0 and n)
    total = sum(n for _b, n in sized)
    if not total:
        return None
    wanted = sorted({(total - 1) // 2, total // 2})  # the one or two middle ranks, 0-based
    found, seen = [], 0
    for bucket, n in sized:
        while wanted and wanted[0] < seen + n:
            found.append(bucket_floor(bucket))
            wanted.pop(0)
        seen += n
    return sum(found) / len(found)


@dataclass
class Row:
    key: str
    cases: int = 0
    kg: Decimal = Decimal(0)


@dataclass
class MonthRow(Row):
    median_kg: Decimal | None = None


@dataclass
class DashboardData:
    over_time: list[MonthRow]
    by_country: list[Row]
    by_substance: list[Row]
    by_transport: list[Row]
    by_concealment: list[Row]
    total_cases: int = 0
    total_kg: Decimal = Decimal(0)
    median_kg: Decimal | None = None
    undated_cases: int = 0  # counted in the totals and breakdowns, not over time
    trends: "TrendResult | None" = None


def _kg(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.001"))


@contextmanager
def _tuned():
    """On PostgreSQL, for the aggregates of one page: no JIT compilation (it costs about half a second per
    query here, more than it saves on queries of a second or less), and grouping in hash tables with enough
    work memory rather than sorting: the planner overestimates the groups, and sorting a million text keys
    under the database's collation costs more than the scan. SET LOCAL ends with the transaction; these are
    reads only, so nothing else is affected."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '32MB'")
        cursor.execute("SET LOCAL enable_sort = off")
        yield


def dashboard_data(user, cleaned_data: dict, *, today: date | None = None, trends: bool = True) -> DashboardData:
    """Every chart's figures for `user` and the filters in `cleaned_data` (DashboardFilters); without the
    emerging-trend test when `trends` is False."""
    with _tuned():
        return _dashboard_data(user, cleaned_data, today, trends)


def trends_data(user, cleaned_data: dict, *, today: date | None = None) -> "TrendResult":
    """The emerging-trend test alone (its CSV download)."""
    with _tuned():
        return emerging_trends(user, cleaned_data, today=today)


def _dashboard_data(user, cleaned_data, today, trends) -> DashboardData:
    _incidents, seizures = filtered(user, cleaned_data)

    months: dict[str, MonthRow] = {}
    histograms: dict[str, dict[int, int]] = {}
    overall: dict[int, int] = {}
    rows = (seizures.annotate(month=MonthKey("incident__occurred_on"), bucket=SizeBucket("amount_kg"))
            .values("month", "bucket").annotate(cases=Count("id"), kg=Sum("amount_kg")).order_by())
    for row in rows:
        month = row["month"] or ""
        entry = months.setdefault(month, MonthRow(month))
        entry.cases += row["cases"]
        entry.kg += Decimal(row["kg"] or 0)
        histograms.setdefault(month, {})[row["bucket"]] = row["cases"]
        overall[row["bucket"]] = overall.get(row["bucket"], 0) + row["cases"]
    for month, entry in months.items():
        entry.kg = _kg(entry.kg)
        entry.median_kg = median_of_histogram(histograms[month])
    over_time = _fill_months([months[m] for m in sorted(months) if m])
    undated = months.get("")

    # The breakdowns and, when the period holds the trend test's window, the trend series too: one pass.
    window = trend_window(cleaned_data, today) if trends else None
    start = _as_date((cleaned_data or {}).get("date_from"))
    together = window is not None and (start is None or start <= window[0])
    combos: dict[tuple, list] = {}  # (country, substance, transport, concealment) -> [cases, kg]
    series: dict[tuple, list[int]] = {}
    months_of_window = _window_months(window) if together else {}
    for row in _breakdown(seizures, window if together else None):
        combo, cases, kg = row[:4], row[-2], row[-1]
        entry = combos.get(combo)
        if entry is None:
            entry = combos[combo] = [0, 0.0]
        entry[0] += cases
        entry[1] += float(kg or 0)
        if together and row[4]:
            _add_to_series(series, row[0], row[4], row[1], row[2], row[3], row[5], row[6], cases, months_of_window)
    tables = {"country": {}, "substance": {}, "transport": {}, "concealment": {}}
    for combo, (cases, kg) in combos.items():
        for name, key in zip(tables, combo, strict=True):
            key = key or ""
            entry = tables[name].get(key)
            if entry is None:
                entry = tables[name][key] = Row(key, 0, 0.0)
            entry.cases += cases
            entry.kg += kg

    def ranked(table):
        out = sorted(table.values(), key=lambda r: (-r.cases, r.key))
        for r in out:
            r.kg = _kg(round(r.kg, 4))
        return out

    total_cases = sum(r.cases for r in months.values())
    data = DashboardData(
        over_time=over_time, by_country=ranked(tables["country"]), by_substance=ranked(tables["substance"]),
        by_transport=ranked(tables["transport"]), by_concealment=ranked(tables["concealment"]),
        total_cases=total_cases, total_kg=_kg(sum((r.kg for r in months.values()), Decimal(0))),
        median_kg=median_of_histogram(overall), undated_cases=undated.cases if undated else 0)
    if together:
        data.trends = _trend_result(series, window)
    elif trends:
        data.trends = emerging_trends(user, cleaned_data, today=today)
    return data


class GroupKey(Func):
    """Columns joined into one text key on SQLite: IFNULL(a, '') || '|' || IFNULL(b, '') ... (Django's Concat
    nests a COALESCE per pair, which costs more than the grouping itself over a million lines)."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            parts.append(f"IFNULL({sql}, '')")
            params.extend(more)
        return f" || '{SEP}' || ".join(parts), params


def _grouped(seizures, columns: dict, **aggregates):
    """Tuples (column values..., aggregate values...) of `seizures` grouped by `columns` (name -> field path).

    On SQLite the group is one text key: grouped by the columns themselves, SQLite's planner walks an index
    that matches one of them (the incidents' country, the lines' substance) to save a sort, and then fetches
    the lines one by one at random places, several times slower than a scan. Tuples, not dicts: a page may
    read a hundred thousand groups."""
    if connection.vendor != "sqlite":
        same = [n for n, path in columns.items() if n == path]  # annotations already named so
        named = {n: F(path) for n, path in columns.items() if n != path}
        return (seizures.values(*same, **named).annotate(**aggregates).order_by()
                .values_list(*columns, *aggregates))
    rows = (seizures.annotate(group_key=GroupKey(*columns.values()))
            .values("group_key").annotate(**aggregates).order_by().values_list("group_key", *aggregates))
    return ((*key.split(SEP), *values) for key, *values in rows)


def _breakdown(seizures, window=None):
    """Cases and kg by (country, substance, transport, concealment): the four breakdowns in one GROUP BY.

    With a trend `window` (trend_window), lines of the window are grouped further by month, departure and
    destination country (the trend test's series); the others keep an empty month."""
    columns = {"country": "incident__country_id", "substance": "substance",
               "transport": "incident__transport_mode", "concealment": "incident__concealment"}
    if window is None:
        return _grouped(seizures, columns, cases=Count("id"), kg=Sum("amount_kg", output_field=FloatField()))
    first, _recent, last = window
    inside = Q(incident__occurred_on__gte=first, incident__occurred_on__lte=last)
    seizures = seizures.annotate(
        month=Case(When(inside, then=MonthKey("incident__occurred_on")), default=Value(""), output_field=CharField()),
        departure=Case(When(inside, then=F("incident__departure_country_id")), default=Value(""),
                       output_field=CharField()),
        destination=Case(When(inside, then=F("incident__destination_country_id")), default=Value(""),
                         output_field=CharField()))
    return _grouped(seizures, {**columns, "month": "month", "departure": "departure", "destination": "destination"},
                    cases=Count("id"), kg=Sum("amount_kg", output_field=FloatField()))


def _fill_months(rows: list[MonthRow]) -> list[MonthRow]:
    """The months from the first to the last, those with no case included (a gap is a zero, not a line)."""
    if not rows:
        return []
    have = {r.key: r for r in rows}
    first = tuple(int(x) for x in rows[0].key.split("-"))
    last = tuple(int(x) for x in rows[-1].key.split("-"))
    return [have.get(f"{y:04d}-{m:02d}", MonthRow(f"{y:04d}-{m:02d}")) for y, m in stats.month_span(first, last)]


# --------------------------------------------------------------------------------------------- emerging trends

TREND_KINDS = ("substance", "route", "transport", "concealment")


@dataclass
class TrendRow:
    country: str
    kind: str  # one of TREND_KINDS
    value: str  # the substance, transport or concealment code; for a route "DEP>DEST"
    evidence: stats.RiseEvidence
    months: tuple[int, ...]


@dataclass
class TrendResult:
    first_month: str  # the window, "YYYY-MM"
    recent_from: str
    last_month: str
    rows: list[TrendRow] = field(default_factory=list)
    tested: int = 0


def trend_window(cleaned_data: dict, today: date | None = None) -> tuple[date, date, date]:
    """(first day of the window, first day of the recent months, last day of the window).

    The window ends with the last complete month of the chosen period (its end, or today when it has none):
    a month still going on would look like a fall."""
    today = today or date.today()
    end = cleaned_data.get("date_to") if cleaned_data else None
    end = min(end, today) if isinstance(end, date) else today
    if (end + timedelta(days=1)).month == end.month:  # not the last day of its month
        end = end.replace(day=1) - timedelta(days=1)
    last_y, last_m = end.year, end.month
    first_y, first_m = stats.add_months(last_y, last_m, -(stats.HISTORY_MONTHS + stats.RECENT_MONTHS - 1))
    recent_y, recent_m = stats.add_months(last_y, last_m, -(stats.RECENT_MONTHS - 1))
    return date(first_y, first_m, 1), date(recent_y, recent_m, 1), end


def emerging_trends(user, cleaned_data: dict, *, today: date | None = None) -> TrendResult:
    """Series (country x substance, route, transport or concealment) of monthly cases over the fifteen months up
    to the end of the period, tested for a rise (stats.emerging_trends). The period's start is not applied:
    the test needs its twelve months of history, whatever the charts show."""
    first, recent_from, last = trend_window(cleaned_data, today)
    window = {k: v for k, v in (cleaned_data or {}).items() if k not in ("date_from", "date_to")}
    window["date_from"], window["date_to"] = first, last
    _incidents, seizures = filtered(user, window)
    series: dict[tuple, list[int]] = {}
    # One GROUP BY for the four kinds of series: the window holds a fifth of the history at most, and one pass
    # over it costs less than four.
    rows = _grouped(seizures.annotate(month=MonthKey("incident__occurred_on")), {
        "month": "month", "country": "incident__country_id", "substance": "substance",
        "transport": "incident__transport_mode", "concealment": "incident__concealment",
        "departure": "incident__departure_country_id", "destination": "incident__destination_country_id"},
        cases=Count("id"))
    months = _window_months((first, recent_from, last))
    for month, country, substance, transport, concealment, departure, destination, cases in rows:
        _add_to_series(series, country, month, substance, transport, concealment, departure, destination, cases,
                       months)
    return _trend_result(series, (first, recent_from, last))


def _window_months(window) -> dict[str, int]:
    first, _recent, last = window
    span = stats.month_span((first.year, first.month), (last.year, last.month))
    return {f"{y:04d}-{m:02d}": i for i, (y, m) in enumerate(span)}


VAGUE = ("unknown", "other", "")


def _add_to_series(series: dict, country, month, substance, transport, concealment, departure, destination,
                   cases, months: dict[str, int]):
    """Count one grouped row in the series it belongs to: (country, kind, value) -> monthly counts."""
    index = months.get(month)
    if not country or index is None:
        return
    keys = [("substance", substance)]
    if transport not in VAGUE:
        keys.append(("transport", transport))
    if concealment not in VAGUE:
        keys.append(("concealment", concealment))
    if departure and destination:
        keys.append(("route", f"{departure}>{destination}"))
    for kind, value in keys:
        counts = series.get((country, kind, value))
        if counts is None:
            counts = series[(country, kind, value)] = [0] * len(months)
        counts[index] += cases


def _trend_result(series, window) -> TrendResult:
    first, recent_from, last = window
    flagged, tested = stats.emerging_trends(series)
    rows = [TrendRow(t.key[0], t.key[1], t.key[2], t.evidence, t.months) for t in flagged]
    return TrendResult(f"{first.year:04d}-{first.month:02d}", f"{recent_from.year:04d}-{recent_from.month:02d}",
                       f"{last.year:04d}-{last.month:02d}", rows, tested)
