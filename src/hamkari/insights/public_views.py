"""Public statistics, without log-in: aggregates of `public` records only, small cells suppressed (public.py)."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hamkari.core.cells import csv_safe
from hamkari.insights.public import SMALL_CELL, TOTAL, year_tables


def _names():
    from hamkari.incidents.labels import group_label
    from hamkari.tenancy.countries import country_name

    def country(code):
        return _("All countries") if code == TOTAL else country_name(code)

    def group(code):
        return _("All substances") if code == TOTAL else str(group_label(code))

    return country, group


@require_GET
def statistics(request):
    country, group = _names()
    tables = []
    for table in year_tables():
        columns = [*table.groups, TOTAL]
        rows = [(country(c), [table.cell(c, g) for g in columns], c == TOTAL) for c in [*table.countries, TOTAL]]
        tables.append({"year": table.year, "columns": [group(g) for g in columns], "rows": rows})
    return render(request, "insights/public.html", {"tables": tables, "small_cell": SMALL_CELL})


def _shown(cell, value):
    if cell.hidden == "small":
        return f"<{SMALL_CELL}"
    if cell.hidden:
        return "x"
    return value


@require_GET
def statistics_csv(request):
    country, group = _names()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("Year"), _("Country code"), _("Country"), _("Substance group code"), _("Substance group"),
                     _("Cases"), _("Kilograms")])
    for table in year_tables():
        for c in [*table.countries, TOTAL]:
            for g in [*table.groups, TOTAL]:
                cell = table.cell(c, g)
                writer.writerow([table.year, "" if c == TOTAL else c, csv_safe(country(c)),
                                 "" if g == TOTAL else g, csv_safe(group(g)), _shown(cell, cell.cases),
                                 _shown(cell, cell.kg)])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hamkari-public-statistics.csv"'
    return response
