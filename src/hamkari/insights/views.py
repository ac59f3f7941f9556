"""The dashboard page and the CSV download of each of its charts.

Thin: the filters are `filters.DashboardFilters`, the figures `selectors.dashboard_data` over the chokepoint.
Invalid filters (a garbage date, an unknown code) give the form back with its errors and status 400, never
figures computed over something other than what was asked.
"""

import csv
import io
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from hamkari.core.cells import csv_safe
from hamkari.insights import stats
from hamkari.insights.filters import FILTER_NAMES, DashboardFilters, querystring, require_stats
from hamkari.insights.selectors import dashboard_data, trends_data
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction

# chart slug -> title; the order of the page.
CHARTS = {
    "over_time": gettext_lazy("Seizures over time"),
    "by_country": gettext_lazy("By country"),
    "by_substance": gettext_lazy("By substance"),
    "by_transport": gettext_lazy("By transport"),
    "by_concealment": gettext_lazy("By concealment method"),
    "trends": gettext_lazy("Emerging trends"),
}





class _Labels:
    """Translated labels, looked up once per request."""

    def __init__(self):
        from hamkari.incidents.labels import substance_label
        from hamkari.incidents.models import Concealment, TransportMode
        from hamkari.tenancy.countries import country_name

        self._country = country_name
        self._substance = substance_label
        self.transport = {k: str(v) for k, v in TransportMode.choices}
        self.concealment = {k: str(v) for k, v in Concealment.choices}
        self._countries = {}

    def country(self, code):
        if not code:
            return _("Not known")
        if code not in self._countries:
            self._countries[code] = self._country(code)
        return self._countries[code]

    def substance(self, code):
        return str(self._substance(code)) if code else _("Not known")

    def route(self, value):
        departure, _sep, destination = value.partition(">")
        return f"{self.country(departure)} → {self.country(destination)}"

    def of(self, kind, code):
        if kind == "country":
            return self.country(code)
        if kind == "substance":
            return self.substance(code)
        if kind == "route":
            return self.route(code)
        table = self.transport if kind == "transport" else self.concealment
        return table.get(code, code or _("Not known"))


def _month_label(key: str) -> str:
    from hamkari.core.templatetags.hamkari import ldate

    year, month = (int(x) for x in key.split("-"))
    return ldate(date(year, month, 1), "LLL y")


def _float(value):
    return None if value is None else float(value)


def chart_tables(data, labels: _Labels) -> dict:
    """For each chart: its columns, rows (label first, then numbers) and the chart's data for the page's JS."""
    kg_label, cases_label = _("Kilograms"), _("Cases")
    median_label = _("Median case size (kg)")
    months = [_month_label(r.key) for r in data.over_time]
    out = {"over_time": {
        "columns": [_("Month"), cases_label, kg_label, median_label],
        "rows": [(label, r.cases, r.kg, r.median_kg) for label, r in zip(months, data.over_time, strict=True)],
        "keys": [r.key for r in data.over_time],
        "chart": {"kind": "time", "labels": months, "series": [
            {"label": str(cases_label), "data": [r.cases for r in data.over_time], "axis": "cases"},
            {"label": str(kg_label), "data": [_float(r.kg) for r in data.over_time], "axis": "kg"},
            {"label": str(median_label), "data": [_float(r.median_kg) for r in data.over_time], "axis": "median"},
        ]},
    }}
    for slug, rows, kind in (("by_country", data.by_country, "country"),
                             ("by_substance", data.by_substance, "substance"),
                             ("by_transport", data.by_transport, "transport"),
                             ("by_concealment", data.by_concealment, "concealment")):
        names = [labels.of(kind, r.key) for r in rows]
        out[slug] = {
            "columns": [CHARTS[slug], cases_label, kg_label],
            "rows": [(name, r.cases, r.kg) for name, r in zip(names, rows, strict=True)],
            "keys": [r.key for r in rows],
            "chart": {"kind": "bars", "labels": names, "series": [
                {"label": str(cases_label), "data": [r.cases for r in rows], "axis": "cases"},
                {"label": str(kg_label), "data": [_float(r.kg) for r in rows], "axis": "kg"},
            ]},
        }
    return out


def trend_rows(trends, labels: _Labels) -> list[dict]:
    kinds = {"substance": _("Substance"), "route": _("Route"), "transport": _("Transport"),
             "concealment": _("Concealment method")}
    return [{
        "country": labels.country(t.country), "country_code": t.country, "kind": kinds[t.kind], "kind_code": t.kind,
        "value": labels.of(t.kind, t.value), "value_code": t.value, "recent": t.evidence.recent,
        "history": t.evidence.history, "expected": round(t.evidence.expected, 1),
        "ratio": None if t.evidence.ratio is None else round(t.evidence.ratio, 1),
        "p_value": t.evidence.p_value, "p_text": _p_text(t.evidence.p_value), "months": t.months,
    } for t in trends.rows]


def _p_text(p: float) -> str:
    return "< 0.0001" if p < 0.0001 else f"{p:.4f}"


def _form(request):
    form = DashboardFilters.from_query(request.GET)
    valid = form.is_valid()
    return form, valid


@login_required
@require_GET
def dashboard(request):
    require_stats(request.user)
    form, valid = _form(request)
    context = {"filters": form, "querystring": querystring(form), "valid": valid, "charts": CHARTS,
               "recent_months": stats.RECENT_MONTHS, "history_months": stats.HISTORY_MONTHS,
               "alpha": stats.ALPHA, "min_recent": stats.MIN_RECENT,
               "filtered": any(request.GET.get(name) for name in FILTER_NAMES)}
    if not valid:
        return render(request, "insights/dashboard.html", context, status=400)
    data = dashboard_data(request.user, form.active())
    labels = _Labels()
    tables = chart_tables(data, labels)
    context.update({
        "data": data, "tables": tables, "trends": data.trends, "trend_rows": trend_rows(data.trends, labels),
        "chart_data": {slug: table["chart"] for slug, table in tables.items()},
        "trend_window": {"first": _month_label(data.trends.first_month),
                         "recent": _month_label(data.trends.recent_from),
                         "last": _month_label(data.trends.last_month)},
    })
    return render(request, "insights/dashboard.html", context)


def _number(value):
    return "" if value is None else value


@login_required
@require_GET
def chart_csv(request, chart):
    """One chart's table as CSV, for the same filters as the page."""
    require_stats(request.user)
    if chart not in CHARTS:
        raise Http404
    form, valid = _form(request)
    if not valid:
        problems = "; ".join(f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
                             for name, errors in form.errors.items())
        return HttpResponse(_("Some filters cannot be used: %(problems)s") % {"problems": problems},
                            status=400, content_type="text/plain; charset=utf-8")
    labels = _Labels()
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheets read UTF-8 (Dari, Russian names) only with the byte-order mark
    writer = csv.writer(out)
    if chart == "trends":
        writer.writerow([_("Country"), _("Country code"), _("Kind"), _("What"), _("Code"),
                         _("Recent cases"), _("Cases in the history"), _("Expected from the history"), _("Ratio"),
                         _("p-value"), _("Monthly cases, oldest first")])
        for row in trend_rows(trends_data(request.user, form.active()), labels):
            writer.writerow([csv_safe(row["country"]), row["country_code"], csv_safe(row["kind"]),
                             csv_safe(row["value"]), csv_safe(row["value_code"]), row["recent"], row["history"],
                             row["expected"], _number(row["ratio"]), f"{row['p_value']:.6g}",
                             " ".join(str(n) for n in row["months"])])
    else:
        data = dashboard_data(request.user, form.active(), trends=False)
        table = chart_tables(data, labels)[chart]
        code_column = _("Month") if chart == "over_time" else _("Code")
        writer.writerow([csv_safe(str(c)) for c in table["columns"]] + ([] if chart == "over_time"
                                                                         else [code_column]))
        for key, row in zip(table["keys"], table["rows"], strict=True):
            cells = [key if chart == "over_time" else csv_safe(str(row[0])), *(_number(v) for v in row[1:])]
            if chart != "over_time":
                cells.append(csv_safe(key))
            writer.writerow(cells)
    audit.record(AuditAction.EXPORT, actor=request.user, request=request, object_type="insights.dashboard",
                 detail={"chart": chart, "filters": querystring(form)})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hamkari-{chart.replace("_", "-")}.csv"'
    response["Cache-Control"] = "no-store"
    return response
