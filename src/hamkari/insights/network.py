"""Reads of the link chart: the neighbourhood of an entity, incident or hit, the shortest path between two
nodes, the graph of a set of nodes (for communities and exports), all through the visibility chokepoint.

What is on the chart:
- nodes: persons, organizations, vehicles, phones, identity documents, bank accounts, addresses, incidents,
  each read through `Model.objects.visible_to(user)`; a record the viewer may not see never appears, nor is
  it counted. Hits appear as nodes: between two records the viewer may both see, or, when the other side is
  hidden, as the hit/no-hit placeholder (DESIGN rule 3): "possible match held by <country>, <agency>", the
  band and the reference; never the hidden record's id, names or the score.
- edges: an entity's role in an incident (involvements, read through their own chokepoint and only towards
  incidents and entities the viewer may see), a hit, and inferred links.
- inferred links: a person is linked to a phone, vehicle, bank account or address when both are involved in
  one incident. Two persons linked to the same identifier get an edge "shares phone" (etc.), marked inferred.
  Identifiers are compared by their canonical key (DESIGN rule 5: the same phone reported by two agencies
  is one number), addresses by record. Only identifiers, incidents and involvements the viewer may see carry
  an inferred link, so a hidden phone infers nothing.

Node ids are "<kind>:<pk>" ("phone:12", "incident:7") and "hit:<reference>". Database ids of other agencies'
records can be guessed; that is harmless because every read checks access and answers 404 for a record the
viewer may not see, exactly as for one that does not exist.

The pure algorithms (paths, communities, the inference rule) live in `insights/graph.py`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from hamkari.entities.models import ENTITY_FIELDS, Involvement
from hamkari.incidents.models import Incident
from hamkari.insights.graph import HIT, INFERRED, INVOLVEMENT, Graph, Node, shared_links, shortest_path
from hamkari.matching.models import MATCHABLE, HitStatus

ENTITY_KINDS = tuple(ENTITY_FIELDS)  # person, organization, vehicle, phone, document, account, address
NODE_KINDS = (*ENTITY_KINDS, "incident", "hit")
SHARED_KINDS = ("phone", "vehicle", "account", "address")  # what two persons may share (an inferred link)
KEYED_KINDS = ("phone", "vehicle", "account")  # compared by canonical key; addresses by record

DEFAULT_LIMIT = 1000  # neighbours of one expand; a node with more says so ("truncated") and shows the newest
MAX_LIMIT = 2000
DEFAULT_HOPS = 4
MAX_HOPS = 6
MAX_NODES = 5000  # node ids a client may send (communities, exports of the current chart)
# Rows read per step of a breadth-first search or an inference, so that one hub (a phone used in 100,000
# incidents) cannot make a request unbounded. Past it, the search sees the newest rows only.
ROW_CAP = 20_000

_PK = re.compile(r"[1-9][0-9]{0,17}")
_REFERENCE = re.compile(r"[A-Za-z0-9-]{1,32}")


class BadInput(ValueError):
    """Malformed input (not a hidden record: that is Http404). The message is for the user, translated."""


@dataclass(frozen=True)
class Ref:
    kind: str
    key: str  # the primary key as text, or a hit's reference

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}"

    @property
    def pk(self) -> int:
        return int(self.key)


def parse_ref(kind: str, key: str) -> Ref:
    """A node reference from its kind and key; BadInput for an unknown kind or a malformed key."""
    if not isinstance(kind, str) or kind not in NODE_KINDS:
        raise BadInput(_("Unknown kind of node: choose one of %(kinds)s.") % {"kinds": ", ".join(NODE_KINDS)})
    pattern = _REFERENCE if kind == "hit" else _PK
    if not isinstance(key, str) or not pattern.fullmatch(key):
        raise BadInput(_("This is not a node id: a node id is a kind and a number, such as person:12."))
    return Ref(kind, key)


def parse_node_id(text: str) -> Ref:
    """'person:12' -> Ref; BadInput otherwise."""
    if not isinstance(text, str) or ":" not in text or len(text) > 60:
        raise BadInput(_("This is not a node id: a node id is a kind and a number, such as person:12."))
    kind, _sep, key = text.strip().partition(":")
    return parse_ref(kind, key)


def parse_node_ids(texts, *, max_nodes: int = MAX_NODES) -> list[Ref]:
    refs, seen = [], set()
    for text in texts:
        if not text:
            continue
        ref = parse_node_id(text)
        if ref.id not in seen:
            seen.add(ref.id)
            refs.append(ref)
    if len(refs) > max_nodes:
        raise BadInput(_("At most %(max)d nodes at once.") % {"max": max_nodes})
    return refs


def clean_limit(value, default: int = DEFAULT_LIMIT) -> int:
    if value in (None, ""):
        return default
    if not str(value).isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise BadInput(_("The limit is a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT})
    return int(value)


def clean_hops(value) -> int:
    if value in (None, ""):
        return DEFAULT_HOPS
    if not str(value).isdigit() or not 1 <= int(value) <= MAX_HOPS:
        raise BadInput(_("The number of hops is a whole number from 1 to %(max)d.") % {"max": MAX_HOPS})
    return int(value)


# --- nodes ---------------------------------------------------------------------------------------------------

def _model(kind):
    return Incident if kind == "incident" else ENTITY_FIELDS[kind]


# What a node is read from: `values()` rows, not model instances. Building a thousand instances (an incident
# has forty columns) and asking each for its choice labels costs more than the queries of an expand; the
# records themselves are read only for an export (`load_records`).
_COMMON = ("pk", "handling", "owner_agency_id", "owner_country_id")
_LABEL_FIELDS = {  # the fields __str__ reads, in its order: the first non-empty one is the label
    "person": ("name",), "organization": ("name",), "vehicle": ("plate", "vin"), "phone": ("e164", "number", "imei"),
    "document": ("number",), "account": ("iban", "account_number"), "address": ("text",),
    "incident": ("national_reference",),
}
_INCIDENT_EXTRA = ("occurred_on", "country_id")
_SENTINEL = 987654321


@lru_cache(maxsize=16)
def _url_template(kind: str) -> str:
    """The detail URL of a node kind with "{pk}" in place of the key: one reverse() per kind, not per node."""
    from hamkari.entities.views import entity_url, incident_url

    url = incident_url(_SENTINEL) if kind == "incident" else entity_url(kind, _SENTINEL)
    return url.replace(str(_SENTINEL), "{pk}")


class _Labels:
    """Per-call caches of what many nodes share: agencies' short names, country names, handling labels."""

    def __init__(self):
        from hamkari.sharing.models import Handling

        self.handling = {value: str(label) for value, label in Handling.choices}
        self.agencies: dict[int, str] = {}
        self.countries: dict[str, str] = {}

    def agency(self, pk) -> str:
        if pk not in self.agencies:
            self.load_agencies([pk])
        return self.agencies.get(pk, "")

    def load_agencies(self, pks) -> None:
        """Agencies are few (tens): the first need reads them all, later nodes of the call read none."""
        from hamkari.tenancy.models import Agency

        if set(pks) - self.agencies.keys():
            for pk, acronym, code in Agency.objects.values_list("pk", "acronym", "code"):
                self.agencies[pk] = acronym or code

    def country(self, code) -> str:
        from hamkari.tenancy.countries import country_name

        if code and code not in self.countries:
            self.countries[code] = country_name(code)
        return self.countries.get(code, "") if code else ""


def _node_from_row(kind: str, row: dict, labels: _Labels, record=None) -> Node:
    pk = row["pk"]
    label = next((str(row[f]) for f in _LABEL_FIELDS[kind] if row.get(f)), "") or f"#{pk}"
    country = row["owner_country_id"] or ""
    data = {"kind_label": str(_model(kind)._meta.verbose_name), "url": _url_template(kind).format(pk=pk),
            "handling": row["handling"], "handling_label": labels.handling.get(row["handling"], row["handling"]),
            "agency": labels.agency(row["owner_agency_id"]), "country": country,
            "country_name": labels.country(country)}
    if kind == "incident":
        data.update(date=row["occurred_on"].isoformat() if row.get("occurred_on") else "",
                    place_country=row.get("country_id") or "")
    return Node(f"{kind}:{pk}", kind, label, data, record=record)


def entity_node(kind: str, obj, labels: _Labels | None = None) -> Node:
    """The node of a record already read through the chokepoint (a side of a hit)."""
    row = {"pk": obj.pk, **{f: getattr(obj, f) for f in _COMMON[1:] + _LABEL_FIELDS[kind]}}
    return _node_from_row(kind, row, labels or _Labels(), record=obj)


def _visible_nodes(user, kind: str, pks, labels: _Labels | None = None) -> dict[int, Node]:
    """{pk: Node} of the records of `kind` among `pks` that `user` may see (one query, plus one for agencies)."""
    pks = list(pks)
    if not pks:
        return {}
    labels = labels or _Labels()
    fields = _COMMON + _LABEL_FIELDS[kind] + (_INCIDENT_EXTRA if kind == "incident" else ())
    rows = list(_model(kind).objects.visible_to(user).filter(pk__in=pks).values(*fields))
    labels.load_agencies({r["owner_agency_id"] for r in rows})
    return {row["pk"]: _node_from_row(kind, row, labels) for row in rows}


def record_of(user, ref: Ref):
    """The record of an entity or incident node, through the chokepoint (Http404 when hidden)."""
    from hamkari.sharing.visibility import access

    return access(_model(ref.kind), user, ref.pk)


def load_records(user, graph: Graph) -> None:
    """Attach to each node of `graph` its record, read again through the chokepoint (for exports)."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for node in graph.nodes.values():
        if node.kind != "hit" and node.record is None:
            by_kind[node.kind].append(int(node.id.partition(":")[2]))
    for kind, pks in by_kind.items():
        qs = _model(kind).objects.visible_to(user).filter(pk__in=pks)
        if kind == "incident":
            qs = qs.defer("narrative", "source_values")
        for obj in qs:
            graph.nodes[f"{kind}:{obj.pk}"].record = obj


def _hit_node(view, *, both: bool) -> Node:
    from hamkari.tenancy.countries import country_name

    hit = view.hit
    data = {"reference": view.reference, "band": view.band, "band_label": str(hit.get_band_display()),
            "kind_label": str(hit._meta.verbose_name), "url": reverse("matching:hit-detail", args=[view.reference])}
    if both:
        return Node(f"hit:{view.reference}", "hit", _("Hit %(reference)s") % {"reference": view.reference}, data)
    other = view.other if not view.other.visible else view.mine  # the side the viewer may not see
    if other.country:
        label = _("Possible match held by %(country)s, %(agency)s") % {
            "country": country_name(other.country), "agency": other.agency_name}
    else:
        label = _("Possible match held by %(agency)s") % {"agency": other.agency_name}
    data.update(holder_country=other.country, holder_agency=other.agency_code)
    return Node(f"hit:{view.reference}", "hit", label, data, placeholder=True)


def load_nodes(user, refs: list[Ref]) -> Graph:
    """A graph holding the nodes of `refs` that `user` may see (hits: those in the user's hit scope); the
    others are left out without a trace."""
    graph = Graph()
    by_kind: dict[str, list[str]] = defaultdict(list)
    for ref in refs:
        by_kind[ref.kind].append(ref.key)
    for kind, keys in by_kind.items():
        if kind == "hit":
            _add_hits(user, graph, _scoped_hits(user).filter(reference__in=keys), sides_as_nodes=False)
        else:
            for node in _visible_nodes(user, kind, [int(k) for k in keys]).values():
                graph.add_node(node)
    return graph


def load_node(user, ref: Ref) -> Node:
    """The node of `ref`, or Http404 when the user may not see it (or it does not exist)."""
    node = load_nodes(user, [ref]).nodes.get(ref.id)
    if node is None:
        raise Http404
    return node


# --- growing the graph by one hop ----------------------------------------------------------------------------

class _Budget:
    """How many new neighbours one expand may still add."""

    def __init__(self, graph: Graph, limit: int | None):
        self.graph, self.left, self.truncated = graph, limit, False
        self.labels = _Labels()

    def admit(self, node_id: str) -> bool:
        if node_id in self.graph.nodes:
            return True
        if self.left is None:
            return True
        if self.left <= 0:
            self.truncated = True
            return False
        self.left -= 1
        return True


def _role_labels() -> dict:
    from hamkari.entities.models import InvolvementRole

    return {value: str(label) for value, label in InvolvementRole.choices}


def _visible_pks(user, kind: str, pks) -> set[int]:
    pks = list(pks)
    if not pks:
        return set()
    return set(_model(kind).objects.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))


def _grow_entities(user, graph, budget, kind: str, pks: list[int], within: set[str] | None) -> None:
    """Incidents the entities are involved in, newest first."""
    roles = _role_labels()
    field = f"{kind}_id"
    qs = Involvement.objects.visible_to(user).filter(**{f"{field}__in": pks})
    if within is not None:
        qs = qs.filter(incident_id__in=[int(i.split(":")[1]) for i in within if i.startswith("incident:")])
    rows = list(qs.order_by("-incident_id", "pk").values_list(field, "incident_id", "role")[:ROW_CAP])
    incidents = _visible_nodes(user, "incident", {r[1] for r in rows}, budget.labels)
    for entity_pk, incident_pk, role in rows:
        node = incidents.get(incident_pk)
        if node is None or not budget.admit(node.id):
            continue
        graph.add_node(node)
        graph.add_edge(f"{kind}:{entity_pk}", node.id, INVOLVEMENT, roles.get(role, role), {"role": role})


def _grow_incidents(user, graph, budget, pks: list[int], within: set[str] | None) -> None:
    """The entities involved in the incidents (each read through its own chokepoint)."""
    roles = _role_labels()
    fields = [f"{k}_id" for k in ENTITY_KINDS]
    qs = Involvement.objects.visible_to(user).filter(incident_id__in=pks)
    if within is not None:
        wanted = defaultdict(list)
        for node_id in within:
            kind, _sep, key = node_id.partition(":")
            if kind in ENTITY_FIELDS:
                wanted[kind].append(int(key))
        q = Q()
        for kind, keys in wanted.items():
            q |= Q(**{f"{kind}_id__in": keys})
        if not wanted:
            return
        qs = qs.filter(q)
    rows = list(qs.order_by("incident_id", "pk").values_list("incident_id", "role", *fields)[:ROW_CAP])
    wanted_pks: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for kind, value in zip(ENTITY_KINDS, row[2:], strict=True):
            if value is not None:
                wanted_pks[kind].add(value)
    nodes = {kind: _visible_nodes(user, kind, ids, budget.labels) for kind, ids in wanted_pks.items()}
    for row in rows:
        incident_pk, role = row[0], row[1]
        for kind, value in zip(ENTITY_KINDS, row[2:], strict=True):
            if value is None:
                continue
            node = nodes[kind].get(value)
            if node is None or not budget.admit(node.id):
                continue
            graph.add_node(node)
            graph.add_edge(f"incident:{incident_pk}", node.id, INVOLVEMENT, roles.get(role, role), {"role": role})


def _scoped_hits(user):
    from hamkari.matching.selectors import hits_for

    return hits_for(user, status=HitStatus.OPEN)


def _add_hits(user, graph, hits_qs, *, budget=None, sides_as_nodes=True, within=None) -> None:
    """Hit nodes for the hits of `hits_qs` (already limited to the user's scope), joined to their visible sides.
    `sides_as_nodes`: add the visible sides as nodes (the other record of a hit between two visible records)."""
    from hamkari.matching.selectors import hit_views

    hits = [h for h in hits_qs[:ROW_CAP] if h.reference]
    for view in hit_views(user, hits):
        both = view.both_visible
        hit_node = _hit_node(view, both=both)
        if within is not None and hit_node.id not in within:
            continue
        if budget is not None and not budget.admit(hit_node.id):
            continue
        graph.add_node(hit_node)
        for side in (view.mine, view.other):
            if not side.visible:
                continue
            node_id = f"{side.kind}:{side.entity_id}"
            if node_id not in graph.nodes:
                if not sides_as_nodes or (within is not None and node_id not in within):
                    continue
                if budget is not None and not budget.admit(node_id):
                    continue
                graph.add_node(entity_node(side.kind, side.record, budget.labels if budget else None))
            graph.add_edge(hit_node.id, node_id, HIT, str(view.hit.get_band_display()), {"band": view.band})


def _grow_hits_of_entities(user, graph, budget, by_kind: dict[str, list[int]], within) -> None:
    q = Q()
    for kind, pks in by_kind.items():
        if kind in MATCHABLE and pks:
            q |= Q(a_kind=kind, a_id__in=pks) | Q(b_kind=kind, b_id__in=pks)
    if not q:
        return
    _add_hits(user, graph, _scoped_hits(user).filter(q), budget=budget, within=within)


def _grow_hit_nodes(user, graph, budget, references: list[str], within) -> None:
    _add_hits(user, graph, _scoped_hits(user).filter(reference__in=references), budget=budget, within=within)


def grow(user, graph: Graph, node_ids, *, limit: int | None = None, within: set[str] | None = None,
         focus=()) -> bool:
    """Add to `graph` the neighbours of `node_ids` (nodes already in it) that `user` may see, with their edges
    and the inferred links among the persons of the result. `limit`: new nodes at most (None: no limit).
    `within`: only neighbours among these node ids (no new nodes: the graph of a given set). `focus`: persons
    whose inferred partners are neighbours too. Returns True when the limit left neighbours out."""
    budget = _Budget(graph, limit)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node_id in node_ids:
        kind, _sep, key = node_id.partition(":")
        by_kind[kind].append(key)
    entity_pks = {k: [int(x) for x in keys] for k, keys in by_kind.items() if k in ENTITY_FIELDS}
    for kind, pks in entity_pks.items():
        _grow_entities(user, graph, budget, kind, pks, within)
    if by_kind.get("incident"):
        _grow_incidents(user, graph, budget, [int(x) for x in by_kind["incident"]], within)
    if _can_see_hits(user):
        if entity_pks:
            _grow_hits_of_entities(user, graph, budget, entity_pks, within)
        if by_kind.get("hit"):
            _grow_hit_nodes(user, graph, budget, by_kind["hit"], within)
    add_inferred(user, graph, budget=budget, focus=focus, within=within)
    graph.prune()
    return budget.truncated


def _can_see_hits(user) -> bool:
    from hamkari.tenancy.roles import Perm

    return user.can(Perm.HIT_VIEW)


# --- inferred links ------------------------------------------------------------------------------------------

def _share_labels() -> dict:
    return {"phone": _("shares phone"), "vehicle": _("shares vehicle"), "account": _("shares account"),
            "address": _("shares address")}


def identifier_memberships(user, person_pks) -> dict[tuple[str, str], set[str]]:
    """{(kind, group): person node ids} for every identifier that one of `person_pks` is linked to, with every
    other person (visible to `user`) linked to it. Linked: involved in one incident. Groups are canonical keys
    for phones, vehicles and accounts ("phone:+93701234567"), records for addresses ("address:5").
    Every record on the way (involvements, incidents, identifiers, persons) is read through the chokepoint."""
    person_pks = list(person_pks)
    if not person_pks:
        return {}
    # Incident ids travel as lists (`id = ANY(...)`): PostgreSQL answers a subquery on the visible incidents
    # with a scan of every visible incident, however few the subquery names.
    visible_inv = Involvement.objects.visible_to(user)
    # 1. The incidents of these persons.
    rows = visible_inv.filter(person_id__in=person_pks).order_by("-incident_id").values_list("incident_id")
    incidents = _visible_pks(user, "incident", {r[0] for r in rows[:ROW_CAP]})
    if not incidents:
        return {}
    # 2. The identifiers involved in those incidents.
    id_fields = [f"{k}_id" for k in SHARED_KINDS]
    not_null = Q()
    for f in id_fields:
        not_null |= Q(**{f"{f}__isnull": False})
    rows = list(visible_inv.filter(not_null, incident_id__in=list(incidents)).values_list(*id_fields)[:ROW_CAP])
    ids_by_kind: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for kind, value in zip(SHARED_KINDS, row, strict=True):
            if value is not None:
                ids_by_kind[kind].add(value)
    # 3. Every visible record of each group (the same key held by another agency is the same identifier).
    group_of: dict[str, dict[int, str]] = {}
    for kind, ids in ids_by_kind.items():
        model = ENTITY_FIELDS[kind]
        if kind in KEYED_KINDS:
            keys = set(model.objects.visible_to(user).filter(pk__in=list(ids)).exclude(key="")
                       .values_list("key", flat=True))
            same = model.objects.visible_to(user).filter(key__in=list(keys)).values_list("pk", "key")[:ROW_CAP]
            group_of[kind] = {pk: key for pk, key in same}
        else:
            group_of[kind] = {pk: f"address:{pk}" for pk in _visible_pks(user, kind, ids)}
    # 4. The incidents of every record of those groups, and 5. the persons involved in them.
    q = Q()
    for kind, groups in group_of.items():
        if groups:
            q |= Q(**{f"{kind}_id__in": list(groups)})
    if not q:
        return {}
    rows = list(visible_inv.filter(q).order_by("-incident_id").values_list("incident_id", *id_fields)[:ROW_CAP])
    groups_of_incident: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for row in rows:
        for kind, value in zip(SHARED_KINDS, row[1:], strict=True):
            if value is not None and value in group_of.get(kind, {}):
                groups_of_incident[row[0]].add((kind, group_of[kind][value]))
    incidents = _visible_pks(user, "incident", groups_of_incident)
    person_inv = visible_inv.filter(incident_id__in=list(incidents), person_id__isnull=False)
    persons_rows = list(person_inv.values_list("incident_id", "person_id")[:ROW_CAP])
    persons = _visible_pks(user, "person", {r[1] for r in persons_rows})
    memberships: dict[tuple[str, str], set[str]] = defaultdict(set)
    for incident_pk, person_pk in persons_rows:
        if person_pk in persons:
            for group in groups_of_incident[incident_pk]:
                memberships[group].add(f"person:{person_pk}")
    return dict(memberships)


def add_inferred(user, graph: Graph, *, budget=None, focus=(), within: set[str] | None = None) -> None:
    """Inferred links among the persons of `graph`; with `focus` (persons of the graph), also between each
    focus and the persons it shares an identifier with, who join the graph as its neighbours."""
    persons = {n for n in graph.nodes if n.startswith("person:")}
    if not persons:
        return
    focus = set(focus) & persons if within is None else set()
    if len(persons) < 2 and not focus:
        return  # no pair to link, and no partner wanted
    if len(persons) == 1 and budget is not None and budget.left == 0:
        # One person and no room for partners: nothing to infer (and the expand already says "truncated").
        budget.truncated = True
        return
    memberships = identifier_memberships(user, [int(p.split(":")[1]) for p in sorted(persons)])
    among = set(persons)
    for members in memberships.values():
        if focus & members:
            among |= members
    links = shared_links(memberships, focus=focus, among=among)
    new = sorted({p for link in links for p in (link.a, link.b)} - graph.nodes.keys())
    if new:
        if budget is not None:
            new = [p for p in new if budget.admit(p)]
        labels = budget.labels if budget is not None else None
        for node in _visible_nodes(user, "person", [int(p.split(":")[1]) for p in new], labels).values():
            graph.add_node(node)
    labels = _share_labels()
    for link in links:
        if link.a in graph.nodes and link.b in graph.nodes:
            graph.add_edge(link.a, link.b, INFERRED, labels[link.via_kind],
                           {"via_kind": link.via_kind, "inferred": True})


# --- what the views ask for ----------------------------------------------------------------------------------

def neighbourhood(user, ref: Ref, limit: int = DEFAULT_LIMIT) -> tuple[Graph, bool]:
    """The node `ref` and its neighbours that `user` may see (at most `limit` new ones), with the edges between
    them. Http404 when the user may not see `ref`. Returns (graph, truncated)."""
    graph = Graph()
    graph.add_node(load_node(user, ref))
    truncated = grow(user, graph, [ref.id], limit=limit, focus=[ref.id] if ref.kind == "person" else ())
    return graph, truncated


def subgraph(user, refs: list[Ref]) -> Graph:
    """The graph of the nodes of `refs` that `user` may see and every edge between them (no other node)."""
    graph = load_nodes(user, refs)
    grow(user, graph, list(graph.nodes), within=set(graph.nodes))
    return graph


@dataclass
class PathAnswer:
    graph: Graph  # the path's nodes and edges (empty when none)
    path: list[str]
    hops: int
    exhausted: bool


def path_between(user, source: Ref, target: Ref, *, hops: int = DEFAULT_HOPS) -> PathAnswer:
    """The shortest path of at most `hops` edges between two nodes over the graph `user` may see.
    Http404 when either end is not visible."""
    ends = load_nodes(user, [source, target])
    for ref in (source, target):
        if ref.id not in ends.nodes:
            raise Http404
    seen = Graph()
    seen.merge(ends)

    def neighbours(frontier: list[str]) -> dict[str, set[str]]:
        step = Graph()
        for node_id in frontier:
            step.add_node(seen.nodes[node_id])
        grow(user, step, frontier, focus=[n for n in frontier if n.startswith("person:")])
        seen.merge(step)
        out: dict[str, set[str]] = defaultdict(set)
        for edge in step.edges.values():
            out[edge.source].add(edge.target)
            out[edge.target].add(edge.source)
        return out

    found = shortest_path(source.id, target.id, neighbours, max_hops=hops)
    graph = Graph()
    for node_id in found.path:
        graph.add_node(seen.nodes[node_id])
    for a, b in zip(found.path, found.path[1:], strict=False):
        edge = next(e for e in seen.edges.values() if {e.source, e.target} == {a, b})
        graph.add_edge(edge.source, edge.target, edge.kind, edge.label, edge.data)
    return PathAnswer(graph, found.path, max(0, len(found.path) - 1), found.exhausted)


def person_aliases(graph: Graph) -> dict[str, list[str]]:
    """{person node id: other names} for the persons of the graph (already read through the chokepoint)."""
    from hamkari.entities.models import PersonName

    pks = [int(n.split(":")[1]) for n in graph.nodes if n.startswith("person:")]
    out: dict[str, list[str]] = defaultdict(list)
    for person_pk, name in PersonName.objects.filter(person_id__in=pks).order_by("id").values_list("person_id",
                                                                                                   "name"):
        out[f"person:{person_pk}"].append(name)
    return dict(out)


def as_json(graph: Graph, *, communities: dict[str, int] | None = None) -> dict:
    """The graph as the chart reads it (Cytoscape's elements): plain strings, no record."""
    nodes = []
    for node in graph.sorted_nodes():
        item = {"id": node.id, "kind": node.kind, "label": node.label, "placeholder": node.placeholder,
                **node.data}
        if communities is not None and node.id in communities:
            item["community"] = communities[node.id]
        nodes.append(item)
    edges = [{"id": e.id, "source": e.source, "target": e.target, "kind": e.kind, "label": e.label,
              "inferred": e.kind == INFERRED, **e.data} for e in graph.sorted_edges()]
    return {"nodes": nodes, "edges": edges}
