"""The map and the route flows: the full-screen map page, the region's geometry, the JSON the charts draw, the
tables (the charts' table view and the no-script fallback) and their CSV downloads.

Thin: the filters are the dashboard's (`insights.filters`), every figure comes from `map_selectors` over the
two filtered querysets. Bad query parameters get a 400 with a message, never a 500.
"""

import csv
import io
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hamkari.core.cells import csv_safe
from hamkari.insights import flows as flowlib
from hamkari.insights import geo
from hamkari.insights.filters import DashboardFilters, filtered, querystring, require_stats
from hamkari.insights.map_selectors import MapParamError, figures, parse_viewport
from hamkari.tenancy.countries import country_name

SANKEY_LINKS = 60  # the chart keeps the heaviest links; the table and the CSV have every one
CSV_KINDS = ("countries", "clusters", "crossings", "routes", "flows")


class BadRequest(Exception):
    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message, self.errors = message, errors or {}





def _filters(request):
    """(form, incidents, seizures) for the request's filters; BadRequest when the filters are invalid."""
    form = DashboardFilters(request.GET or None)
    if form.is_bound and not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        raise BadRequest(_("Some filters cannot be used: %(fields)s.") % {"fields": ", ".join(errors)}, errors)
    incidents, seizures = filtered(request.user, form.active())
    return form, incidents, seizures


def _json(data, status=200) -> HttpResponse:
    """JSON with <, > and & escaped: a message that repeats a bad parameter can never read as markup."""
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return HttpResponse(body.encode("utf-8"), status=status, content_type="application/json")


def _bad_request_json(exc: BadRequest):
    return _json({"error": exc.message, "fields": exc.errors}, status=400)


def _stage_label(stage: str) -> str:
    if stage == "producing":
        return _("producing")
    if stage == "departure":
        return _("departure")
    if stage == "destination":
        return _("destination")
    return _("transit %(n)s") % {"n": stage.removeprefix("transit")}


class _Names:
    """Country names in the interface language, looked up once per request."""

    def __init__(self):
        self.cache = {}

    def __call__(self, iso2):
        if not iso2:
            return ""
        if iso2 not in self.cache:
            self.cache[iso2] = country_name(iso2)
        return self.cache[iso2]


def _flow_payload(flows, names):
    nodes = {}
    for key, node in flows.nodes.items():
        label = names(node["country"])
        if node["qualified"]:
            label = _("%(country)s (%(stage)s)") % {"country": label, "stage": _stage_label(node["stage"])}
        nodes[key] = {"label": label, "column": node["column"], "country": node["country"],
                      "stage": _stage_label(node["stage"])}
    links = [{"from": link.source, "to": link.target, "cases": link.cases, "kg": round(link.kg, 3)}
             for link in flows.links]
    return {"nodes": nodes, "links": links, "cases": flows.cases, "kg": round(flows.kg, 3)}


def _named(fig, names):
    """The figures' rows with country names in the interface language, and the route arcs."""
    for row in fig.countries:
        row["name"] = names(row["country"])
    for row in fig.crossings:
        row["country_name"], row["neighbour_name"] = names(row["country"]), names(row["neighbour"])
    arcs = flowlib.arcs(fig.routes)
    for arc in arcs:
        arc["from_name"], arc["to_name"] = names(arc["from"]), names(arc["to"])
        arc["kg"] = round(arc["kg"], 3)
    return arcs


def _map_payload(incidents, seizures, viewport, names):
    fig = figures(incidents, seizures, viewport, paths=False)
    arcs = _named(fig, names)
    points = geo.centroids()
    for arc in arcs:
        start, end = points.get(arc["from"]), points.get(arc["to"])
        if start and end:
            arc["start"] = list(geo.toward_bbox(end, start))
            arc["end"] = list(geo.toward_bbox(start, end))
    return {
        "zoom": viewport.zoom, "bbox": list(viewport.bbox), "cell": viewport.cell,
        "countries": fig.countries, "clusters": fig.clusters, "crossings": fig.crossings,
        "arcs": [a for a in arcs if "start" in a],
    }


# --- pages and fragments ------------------------------------------------------------------------------------------

def _tables_context(incidents, seizures, names, *, places=True, paths=True):
    """The tables of the map (with `places`) and of the flows (with `paths`, the routes' transits)."""
    fig = figures(incidents, seizures, places=places, paths=paths)
    context = {}
    if places:
        context["map_tables"] = {"countries": fig.countries, "crossings": fig.crossings,
                                 "routes": _named(fig, names)}
    if paths:
        flows = flowlib.build_flows(fig.routes)
        payload = _flow_payload(flows, names)
        links = [{**link, "from_label": payload["nodes"][link["from"]]["label"],
                  "to_label": payload["nodes"][link["to"]]["label"]} for link in payload["links"]]
        context["flow_tables"] = {"links": links, "cases": flows.cases, "kg": round(flows.kg, 3)}
    return context


@login_required
@require_GET
def map_page(request):
    """The full-screen map and route flows, with the dashboard's filters; its tables are rendered here."""
    require_stats(request.user)
    try:
        form, incidents, seizures = _filters(request)
    except BadRequest:
        form = DashboardFilters(request.GET)
        return render(request, "insights/map.html", {"filters": form, "querystring": "", "valid": False},
                      status=400)
    context = {"filters": form, "querystring": querystring(form), "valid": True}
    context.update(_tables_context(incidents, seizures, _Names()))
    return render(request, "insights/map.html", context)


@login_required
@require_GET
def map_fragment(request, part):
    """The table view of the map (part "map") or of the flows (part "flows"), loaded into the dashboard."""
    require_stats(request.user)
    if part not in ("map", "flows"):
        return HttpResponse(_("No such table."), status=404, content_type="text/plain; charset=utf-8")
    try:
        form, incidents, seizures = _filters(request)
    except BadRequest as exc:
        return HttpResponse(f'<p class="errorlist">{_escape(exc.message)}</p>', status=400)
    context = {"querystring": querystring(form),
               **_tables_context(incidents, seizures, _Names(), places=part == "map", paths=part == "flows")}
    template = "insights/_map_tables.html" if part == "map" else "insights/_flow_tables.html"
    return render(request, template, context)


def _escape(text):
    from django.utils.html import escape

    return escape(text)


@require_GET
def regions(request):
    """The region's boundaries (GeoJSON), the same for everyone: long cache, ETag."""
    body, etag = geo.region_geojson()
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
@require_GET
def map_data(request):
    """What the map draws: countries (choropleth), clusters for the viewport (zoom, bbox), crossings, arcs."""
    require_stats(request.user)
    try:
        viewport = parse_viewport(request.GET.get("zoom"), request.GET.get("bbox"))
        _form, incidents, seizures = _filters(request)
    except MapParamError as exc:
        return _json({"error": str(exc)}, status=400)
    except BadRequest as exc:
        return _bad_request_json(exc)
    response = _json(_map_payload(incidents, seizures, viewport, _Names()))
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


@login_required
@require_GET
def flows_data(request):
    """The flow chart's nodes and links (the heaviest SANKEY_LINKS), in the interface language."""
    require_stats(request.user)
    try:
        _form, incidents, seizures = _filters(request)
    except BadRequest as exc:
        return _bad_request_json(exc)
    flows = flowlib.build_flows(figures(incidents, seizures, places=False).routes, limit=SANKEY_LINKS)
    payload = _flow_payload(flows, _Names())
    payload["rtl"] = get_language_bidi()
    response = _json(payload)
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


# --- CSV ----------------------------------------------------------------------------------------------------------

def _csv_rows(kind, incidents, seizures, request, names):
    if kind == "countries":
        yield [_("country code"), _("country"), _("cases"), _("kg")]
        for r in figures(incidents, seizures, routes=False).countries:
            yield [r["country"], names(r["country"]), r["cases"], r["kg"]]
    elif kind == "clusters":
        viewport = parse_viewport(request.GET.get("zoom"), request.GET.get("bbox"))
        yield [_("cell"), _("latitude"), _("longitude"), _("cases"), _("kg"), _("cell size (degrees)")]
        for r in figures(incidents, seizures, viewport, places=False, routes=False).clusters:
            yield [r["cell"], r["lat"], r["lon"], r["count"], r["kg"], viewport.cell]
    elif kind == "crossings":
        yield [_("code"), _("border crossing point"), _("country"), _("neighbouring country"), _("latitude"),
               _("longitude"), _("cases"), _("kg")]
        for r in figures(incidents, seizures, routes=False).crossings:
            yield [r["code"], r["name"], names(r["country"]), names(r["neighbour"]), r["lat"], r["lon"],
                   r["cases"], r["kg"]]
    elif kind == "routes":
        yield [_("from (code)"), _("from"), _("to (code)"), _("to"), _("cases"), _("kg")]
        for r in flowlib.arcs(figures(incidents, seizures, places=False, paths=False).routes):
            yield [r["from"], names(r["from"]), r["to"], names(r["to"]), r["cases"], round(r["kg"], 3)]
    elif kind == "flows":
        payload = _flow_payload(flowlib.build_flows(figures(incidents, seizures, places=False).routes), names)
        yield [_("from stage"), _("from (code)"), _("from"), _("to stage"), _("to (code)"), _("to"), _("cases"),
               _("kg")]
        for link in payload["links"]:
            a, b = payload["nodes"][link["from"]], payload["nodes"][link["to"]]
            yield [a["stage"], a["country"], names(a["country"]), b["stage"], b["country"], names(b["country"]),
                   link["cases"], link["kg"]]


@login_required
@require_GET
def map_csv(request, kind):
    """One figure of the map or the flows as CSV (UTF-8 with a BOM, for spreadsheets), with the filters."""
    from hamkari.sharing import audit
    from hamkari.sharing.models import AuditAction

    require_stats(request.user)
    if kind not in CSV_KINDS:
        return HttpResponse(_("No such table."), status=404, content_type="text/plain; charset=utf-8")
    try:
        form, incidents, seizures = _filters(request)
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        for row in _csv_rows(kind, incidents, seizures, request, _Names()):
            writer.writerow([csv_safe(c) if isinstance(c, str) else c for c in row])
    except MapParamError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    except BadRequest as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    audit.record(AuditAction.EXPORT, actor=request.user, request=request, object_type="insights.map",
                 detail={"table": kind, "filters": querystring(form)})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hamkari-{kind}.csv"'
    response["Cache-Control"] = "no-store"
    return response
