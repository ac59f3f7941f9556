"""The link chart as FollowTheMoney entities (https://followthemoney.tech/explorer/), one JSON object per
line, for Aleph, OpenAleph and other FtM tools. Plain dicts: no followthemoney dependency.

Mapping:
- Person -> Person; Organization -> Organization; Vehicle -> Vehicle; BankAccount -> BankAccount;
  Address -> Address; a passport -> Passport, other identity documents -> Identification (holder: the persons
  involved with the document in an incident of the chart); an incident -> Event (involved: its persons and
  organizations; addressEntity: its addresses).
- A phone has no schema in FtM: its number is the `phone` property of the persons and organizations
  involved with it in an incident of the chart, and the `phoneMentioned` property of that incident's Event.
- Every role in an incident -> UnknownLink (subject: the entity, object: the Event, role: the role).
  An inferred link -> UnknownLink with the role "shares phone (inferred)"; a hit between two visible records
  -> UnknownLink with the role "possible match <reference>, <band>".
- A hit placeholder -> Note on the visible record: "possible match held by <country>, <agency>", band and
  reference, nothing of the hidden record (DESIGN rule 3). On a phone, the note names the visible number
  (phoneMentioned), as a hit between two visible phones does.
Countries are lower-case ISO 3166-1 codes, as FtM writes them; dates keep their precision ("2024-05").
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.utils.translation import gettext as _

from hamkari.insights.graph import HIT, INFERRED, INVOLVEMENT, Graph

PREFIX = "hamkari"
LEGAL_ENTITIES = ("person", "organization")
_PRECISION = {"year": 4, "month": 7, "day": 10}


def ftm_id(node_id: str) -> str:
    kind, _sep, key = node_id.partition(":")
    return f"{PREFIX}-{kind}-{key}"


def _country(code) -> list[str]:
    return [code.lower()] if code else []


def _date(value, precision="day") -> list[str]:
    if not value:
        return []
    return [value.isoformat()[:_PRECISION.get(precision, 10)]]


def _clean(properties: dict) -> dict:
    return {k: sorted(set(v)) if k not in ("name",) else list(dict.fromkeys(v))
            for k, v in properties.items() if v}


def _entity(node, aliases) -> tuple[str, dict] | None:
    """(schema, properties) of a visible record's node; None for a phone (a property elsewhere)."""
    obj, kind = node.record, node.kind
    if obj is None:
        return None
    if kind == "person":
        gender = {"m": "male", "f": "female"}.get(obj.gender)
        return "Person", {"name": [obj.name], "alias": list(aliases.get(node.id, [])),
                          "fatherName": [obj.father_name] if obj.father_name else [],
                          "birthDate": _date(obj.birth_date, obj.birth_date_precision),
                          "birthPlace": [obj.birth_place] if obj.birth_place else [],
                          "nationality": _country(obj.nationality_id), "gender": [gender] if gender else []}
    if kind == "organization":
        names = obj.aliases if isinstance(obj.aliases, list) else []
        return "Organization", {"name": [obj.name], "alias": [a for a in names if isinstance(a, str) and a],
                                "country": _country(obj.country_id),
                                "registrationNumber": [obj.registration_number] if obj.registration_number else []}
    if kind == "vehicle":
        model = " ".join(p for p in (obj.make, obj.model) if p)
        return "Vehicle", {"name": [str(obj)], "registrationNumber": [obj.plate] if obj.plate else [],
                           "model": [model] if model else [], "country": _country(obj.registration_country_id)}
    if kind == "account":
        return "BankAccount", {"name": [str(obj)], "iban": [obj.iban] if obj.iban else [],
                               "accountNumber": [obj.account_number] if obj.account_number else [],
                               "bankName": [obj.bank_name] if obj.bank_name else [],
                               "country": _country(obj.country_id)}
    if kind == "document":
        schema = "Passport" if obj.kind == "passport" else "Identification"
        return schema, {"number": [obj.number], "type": [str(obj.get_kind_display())],
                        "country": _country(obj.issuing_country_id)}
    if kind == "address":
        return "Address", {"full": [obj.text], "country": _country(obj.country_id)}
    if kind == "incident":
        place = ", ".join(p for p in (obj.place_name, obj.admin2, obj.admin1) if p)
        return "Event", {"name": [str(obj) if obj.national_reference else _("Incident %(id)s") % {"id": obj.pk}],
                         "date": _date(obj.occurred_on, obj.date_precision), "country": _country(obj.country_id),
                         "location": [place] if place else []}
    return None


def to_ftm_lines(graph: Graph, *, aliases: dict[str, list[str]] | None = None):
    """The chart's FtM entities, one JSON line each (a generator of strings), in a stable order."""
    aliases = aliases or {}
    entities: dict[str, tuple[str, dict]] = {}
    for node in graph.sorted_nodes():
        found = _entity(node, aliases)
        if found is not None:
            entities[node.id] = (found[0], defaultdict(list, found[1]))
    # What an incident of the chart joins: its legal entities take its phones; its documents, its persons.
    around: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for edge in graph.sorted_edges():
        if edge.kind == INVOLVEMENT:
            incident, other = (edge.source, edge.target) if edge.source.startswith("incident:") else (
                edge.target, edge.source)
            around[incident][other.partition(":")[0]].append(other)
    for incident, members in around.items():
        phones = [str(graph.nodes[p].record) for p in members.get("phone", []) if graph.nodes[p].record]
        event = entities.get(incident)
        if event is not None:
            event[1]["involved"] += [ftm_id(e) for k in LEGAL_ENTITIES for e in members.get(k, [])]
            event[1]["addressEntity"] += [ftm_id(a) for a in members.get("address", [])]
            event[1]["phoneMentioned"] += phones
        for kind in LEGAL_ENTITIES:
            for member in members.get(kind, []):
                if member in entities:
                    entities[member][1]["phone"] += phones
        for document in members.get("document", []):
            if document in entities:
                entities[document][1]["holder"] += [ftm_id(p) for p in members.get("person", [])]
    for node_id, (schema, properties) in entities.items():
        yield _line(ftm_id(node_id), schema, properties)
    for edge in graph.sorted_edges():
        if edge.kind == INVOLVEMENT:
            incident, other = (edge.source, edge.target) if edge.source.startswith("incident:") else (
                edge.target, edge.source)
            if other in entities and incident in entities:
                yield _link(edge, ftm_id(other), ftm_id(incident), edge.label)
        elif edge.kind == INFERRED:
            if edge.source in entities and edge.target in entities:
                role = _("%(link)s (inferred)") % {"link": edge.label}
                yield _link(edge, ftm_id(edge.source), ftm_id(edge.target), role)
    for node in graph.sorted_nodes():
        if node.kind == "hit":
            yield from _hit_lines(graph, node, entities)


def _hit_lines(graph, node, entities):
    ends = sorted(e.target if e.source == node.id else e.source for e in graph.edges.values()
                  if e.kind == HIT and node.id in (e.source, e.target))
    sides = [s for s in ends if s in entities]
    # A phone is no FtM entity: a note names its number instead (Note is Analyzable: phoneMentioned).
    phones = [str(graph.nodes[s].record) for s in ends if s.startswith("phone:") and graph.nodes[s].record]
    band = node.data.get("band_label", "")
    reference = node.data.get("reference", "")
    if not node.placeholder and len(sides) == 2:
        role = _("possible match %(reference)s, %(band)s") % {"reference": reference, "band": band}
        yield _line(ftm_id(node.id), "UnknownLink", {"subject": [ftm_id(sides[0])], "object": [ftm_id(sides[1])],
                                                     "role": [role]})
    elif sides or phones:
        yield _line(ftm_id(node.id), "Note", {"entity": [ftm_id(s) for s in sides], "description": [node.label],
                                              "summary": [f"{reference} · {band}"], "phoneMentioned": phones})


def _link(edge, subject, obj, role):
    return _line(f"{PREFIX}-link-{hash_text(edge.id)}", "UnknownLink",
                 {"subject": [subject], "object": [obj], "role": [role] if role else []})


def hash_text(text: str) -> str:
    """A short stable id for a link (Python's hash() changes between runs)."""
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _line(entity_id, schema, properties) -> str:
    return json.dumps({"id": entity_id, "schema": schema, "properties": _clean(properties)},
                      ensure_ascii=False, sort_keys=True)
