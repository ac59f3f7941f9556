"""The link chart: its page, the JSON the chart asks for (expand, shortest path, communities) and its exports.
Thin: reads go through `insights/network.py`, which reads through the visibility chokepoint.

Errors: malformed input answers 400 with a message (JSON {"error": ...}); a node the viewer may not see
answers 404, exactly as one that does not exist.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hamkari.insights import network
from hamkari.insights.graph import communities
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction
from hamkari.tenancy.roles import Perm

CHART_LIMIT = 200  # neighbours per click on the chart; the expand endpoint allows up to network.MAX_LIMIT
OBJECT_TYPE = "insights.linkchart"


def _bad(message, status=400):
    return JsonResponse({"error": str(message)}, status=status)


def _not_found():
    return JsonResponse({"error": _("No such node, or you may not see it.")}, status=404)


def _may_read(user) -> bool:
    return user.can(Perm.RECORD_READ_PERSONAL) or user.can(Perm.RECORD_READ_SHARED)


def _audit_view(request, ref, page):
    """A view of the node's record, as an entity or incident page records it; a hit by its reference only."""
    if ref.kind == "hit":
        audit.record(AuditAction.VIEW, actor=request.user, request=request, object_type="matching.hit",
                     object_id=ref.key, detail={"page": page})
        return
    record = network.record_of(request.user, ref)
    audit.record(AuditAction.VIEW, actor=request.user, obj=record, request=request, detail={"page": page})


def _with_communities(graph) -> dict:
    groups = communities(graph.nodes, [(e.source, e.target) for e in graph.edges.values()])
    return network.as_json(graph, communities=groups)


@login_required
@require_GET
def chart(request):
    """The chart page, centred on ?start=<kind>:<id>. Without JavaScript it is a table of the neighbourhood."""
    if not _may_read(request.user):
        raise PermissionDenied
    start = request.GET.get("start", "")
    context = {"start": None, "limit": CHART_LIMIT, "can_export": request.user.can(Perm.RECORD_EXPORT),
               "strings": _strings()}
    if start:
        try:
            ref = network.parse_node_id(start)
        except network.BadInput as error:
            return render(request, "insights/network.html", {**context, "error": str(error)}, status=400)
        graph, truncated = network.neighbourhood(request.user, ref, limit=CHART_LIMIT)  # Http404 when hidden
        _audit_view(request, ref, "link chart")
        data = _with_communities(graph)
        context.update(start=graph.nodes[ref.id], start_id=ref.id, elements=data, truncated=truncated,
                       nodes=data["nodes"], edges=_edge_rows(graph, data), communities=_community_count(data))
    return render(request, "insights/network.html", context)


def _strings() -> dict:
    """The chart script's sentences, in the page's language (the script has no catalogue of its own)."""
    return {
        "loading": _("Loading…"),
        "counts": _("Nodes: %(nodes)s · links: %(edges)s"),
        "expanded": _("%(label)s: new nodes: %(added)s."),
        "nothing_new": _("%(label)s: nothing more that you may see."),
        "truncated": _("Only the %(limit)s newest links of this node are shown."),
        "picked": _("Selected: %(names)s"),
        "pick_two": _("Tap two nodes to find the shortest path between them."),
        "no_path": _("No path of at most %(hops)s links between these two nodes."),
        "path": _("Shortest path: %(hops)s links."),
        "error": _("The server did not answer. Try again."),
        "inferred": _("inferred"),
    }


def _edge_rows(graph, data):
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    return [{**e, "source_label": labels.get(e["source"], ""), "target_label": labels.get(e["target"], "")}
            for e in data["edges"]]


def _community_count(data) -> int:
    return len({n.get("community") for n in data["nodes"]})


@login_required
@require_GET
def expand(request, kind, key):
    if not _may_read(request.user):
        raise PermissionDenied
    try:
        ref = network.parse_ref(kind, key)
        limit = network.clean_limit(request.GET.get("limit"))
    except network.BadInput as error:
        return _bad(error)
    try:
        graph, truncated = network.neighbourhood(request.user, ref, limit=limit)
    except Http404:
        return _not_found()
    _audit_view(request, ref, "link chart")
    return JsonResponse({"node": ref.id, "truncated": truncated, "limit": limit, **network.as_json(graph)})


@login_required
@require_GET
def path(request):
    if not _may_read(request.user):
        raise PermissionDenied
    try:
        source = network.parse_node_id(request.GET.get("from", ""))
        target = network.parse_node_id(request.GET.get("to", ""))
        hops = network.clean_hops(request.GET.get("hops"))
    except network.BadInput as error:
        return _bad(error)
    try:
        answer = network.path_between(request.user, source, target, hops=hops)
    except Http404:
        return _not_found()
    audit.record(AuditAction.SEARCH, actor=request.user, request=request, object_type=OBJECT_TYPE,
                 detail={"page": "link chart path", "from": source.id, "to": target.id, "hops": hops,
                         "found": bool(answer.path)})
    return JsonResponse({"path": answer.path, "hops": answer.hops, "max_hops": hops,
                         "exhausted": answer.exhausted, **network.as_json(answer.graph)})


def _requested_refs(request):
    """The node ids a request names: POST `nodes` (the chart's current graph, comma-separated or a JSON list),
    GET `nodes`, or the neighbourhood of GET/POST `start`."""
    source = request.POST if request.method == "POST" else request.GET
    raw = source.get("nodes", "")
    if raw:
        if len(raw) > network.MAX_NODES * 40:
            raise network.BadInput(_("At most %(max)d nodes at once.") % {"max": network.MAX_NODES})
        if raw.lstrip().startswith("["):
            try:
                items = json.loads(raw)
            except ValueError:
                raise network.BadInput(_("The list of nodes is not valid JSON.")) from None
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise network.BadInput(_("The list of nodes is a list of node ids."))
        else:
            items = raw.split(",")
        return network.parse_node_ids(items), None
    start = source.get("start", "")
    if not start:
        raise network.BadInput(_("Name the nodes, or the node to start from."))
    return None, network.parse_node_id(start)


def _graph_for(request):
    """(graph, start id or "") for communities and exports; BadInput or Http404."""
    refs, start = _requested_refs(request)
    if refs is not None:
        return network.subgraph(request.user, refs), ""
    graph, _truncated = network.neighbourhood(request.user, start, limit=CHART_LIMIT)
    return graph, start.id


@login_required
@require_http_methods(["GET", "POST"])
def community_view(request):
    if not _may_read(request.user):
        raise PermissionDenied
    try:
        graph, _start = _graph_for(request)
    except network.BadInput as error:
        return _bad(error)
    except Http404:
        return _not_found()
    data = _with_communities(graph)
    return JsonResponse({"communities": {n["id"]: n["community"] for n in data["nodes"]},
                         "count": _community_count(data) if data["nodes"] else 0})


EXPORT_FORMATS = {"graphml": ("application/graphml+xml; charset=utf-8", "graphml"),
                  "ftm": ("application/x-ndjson; charset=utf-8", "ftm.json")}


@login_required
@require_http_methods(["GET", "POST"])
def export(request, fmt):
    """The chart (the nodes posted, or the neighbourhood of `start`) as GraphML or FollowTheMoney JSON lines.
    Needs `record.export`; audited as an export, with the number of nodes and edges."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    if not request.user.can(Perm.RECORD_EXPORT):
        raise PermissionDenied
    try:
        graph, start = _graph_for(request)
    except network.BadInput as error:
        return _bad(error)
    except Http404:
        return _not_found()
    groups = communities(graph.nodes, [(e.source, e.target) for e in graph.edges.values()])
    if fmt == "graphml":
        from hamkari.insights.graphml import to_graphml

        body = to_graphml(graph, communities=groups)
    else:
        from hamkari.insights.ftm import to_ftm_lines

        network.load_records(request.user, graph)
        body = "".join(line + "\n" for line in to_ftm_lines(graph, aliases=network.person_aliases(graph)))
    audit.record(AuditAction.EXPORT, actor=request.user, request=request, object_type=OBJECT_TYPE,
                 detail={"format": fmt, "start": start, "nodes": len(graph.nodes), "edges": len(graph.edges),
                         "placeholders": sum(1 for n in graph.nodes.values() if n.placeholder)})
    content_type, extension = EXPORT_FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    name = f"hamkari-link-chart-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
