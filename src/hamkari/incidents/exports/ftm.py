"""FollowTheMoney entities as JSON lines (one `entity.to_dict()` per line), for Aleph, OpenAleph, yente and
other tools of that family.

How Hamkari records map to FtM 4 schemata:
- incident -> Event (date as precise as known, country, place, seizure lines in the summary, substance codes
  as keywords, phones involved as `phoneMentioned`, the owning agency as publisher);
- person -> Person, organization -> Organization, vehicle -> Vehicle (VIN in the description: FtM has no
  VIN property), bank account -> BankAccount, address -> Address;
- phone -> UserAccount with service "phone" (FtM has no phone entity; a subscription is an account with a
  telecom service), the number in `phone`, the IMEI in the description;
- identity document -> Passport or Identification. FtM requires a holder, and an involvement names a document,
  not its holder, so each document gets a LegalEntity "holder of passport X" that stands for the unknown holder;
- each involvement -> UnknownLink from the entity (or the document's holder) to the incident's Event, with the
  involvement's role.
Ids are namespaced and stable across exports: hamkari-<kind>-<id>, the same id as in the web address.

An involvement whose entity the user may not see (a regional incident may involve a person its owner keeps
national) is left out, link and all: the export holds what the user may see and nothing more.
"""

import json
from collections import defaultdict

from hamkari.entities.models import ENTITY_FIELDS, Involvement
from hamkari.core.cells import decimal_text
from hamkari.incidents.exports.query import chunks, with_details
from hamkari.incidents.exports.tabular import date_text

GENDERS = {"m": "male", "f": "female"}


def entity_id(kind: str, pk) -> str:
    return f"hamkari-{kind}-{pk}"


def _model():
    from followthemoney import model

    return model


def _make(schema: str, ident: str, publisher=None):
    proxy = _model().make_entity(schema)
    proxy.id = ident
    if publisher is not None:
        proxy.add("publisher", publisher.name)
    return proxy


def _country(proxy, prop, country_id):
    if country_id:
        proxy.add(prop, country_id.lower())


def incident_entity(incident, phones=()):
    event = _make("Event", entity_id("incident", incident.pk), incident.owner_agency)
    event.add("name", incident.national_reference or f"Incident {incident.pk}")
    event.add("recordId", incident.national_reference or None)
    event.add("date", date_text(incident.occurred_on, incident.date_precision) or None)
    _country(event, "country", incident.country_id)
    place = ", ".join(p for p in (incident.place_name, incident.admin2, incident.admin1) if p)
    event.add("location", place or None)
    event.add("description", incident.narrative or None)
    lines = [f"{decimal_text(s.amount)} {s.unit} {s.substance}" for s in incident.export_seizures]
    event.add("summary", "; ".join(lines) or None)
    event.add("keywords", [incident.crime_area, *(s.substance for s in incident.export_seizures)])
    event.add("phoneMentioned", [p for p in phones if p])
    return event


def person_entities(person):
    proxy = _make("Person", entity_id("person", person.pk), person.owner_agency)
    proxy.add("name", person.name)
    proxy.add("alias", [n.name for n in person.other_names.all()])
    proxy.add("fatherName", person.father_name or None)
    proxy.add("birthDate", date_text(person.birth_date, person.birth_date_precision) or None)
    proxy.add("birthPlace", person.birth_place or None)
    _country(proxy, "nationality", person.nationality_id)
    proxy.add("gender", GENDERS.get(person.gender))
    return [proxy], proxy.id


def organization_entities(org):
    proxy = _make("Organization", entity_id("organization", org.pk), org.owner_agency)
    proxy.add("name", org.name)
    proxy.add("alias", [a for a in (org.aliases or []) if isinstance(a, str) and a])
    _country(proxy, "country", org.country_id)
    proxy.add("registrationNumber", org.registration_number or None)
    return [proxy], proxy.id


def vehicle_entities(vehicle):
    proxy = _make("Vehicle", entity_id("vehicle", vehicle.pk), vehicle.owner_agency)
    proxy.add("name", vehicle.plate or vehicle.vin or vehicle.key)
    proxy.add("registrationNumber", vehicle.plate or None)
    _country(proxy, "country", vehicle.registration_country_id)
    proxy.add("model", " ".join(p for p in (vehicle.make, vehicle.model) if p) or None)
    if vehicle.vin:
        proxy.add("description", f"VIN {vehicle.vin}")
    return [proxy], proxy.id


def phone_entities(phone):
    proxy = _make("UserAccount", entity_id("phone", phone.pk), phone.owner_agency)
    proxy.add("username", phone.e164 or phone.number or phone.imei or phone.key)
    proxy.add("service", "phone")
    proxy.add("phone", phone.e164 or phone.number or None)
    if phone.imei:
        proxy.add("description", f"IMEI {phone.imei}")
    return [proxy], proxy.id


def document_entities(document):
    kind = document.kind.replace("_", " ")  # English, whatever the interface language: ids and names stay stable
    holder = _make("LegalEntity", entity_id("document-holder", document.pk), document.owner_agency)
    holder.add("name", f"Holder of {kind} {document.number}")
    holder.add("idNumber", document.number)
    _country(holder, "country", document.issuing_country_id)
    schema = "Passport" if document.kind == "passport" else "Identification"
    proxy = _make(schema, entity_id("document", document.pk), document.owner_agency)
    proxy.add("holder", holder.id)
    proxy.add("number", document.number)
    _country(proxy, "country", document.issuing_country_id)
    proxy.add("type", document.kind)
    return [holder, proxy], holder.id


def account_entities(account):
    proxy = _make("BankAccount", entity_id("account", account.pk), account.owner_agency)
    proxy.add("name", account.iban or account.account_number or None)
    proxy.add("iban", account.iban or None)
    proxy.add("accountNumber", account.account_number or None)
    proxy.add("bankName", account.bank_name or None)
    _country(proxy, "country", account.country_id)
    return [proxy], proxy.id


def address_entities(address):
    proxy = _make("Address", entity_id("address", address.pk), address.owner_agency)
    proxy.add("full", address.text)
    _country(proxy, "country", address.country_id)
    return [proxy], proxy.id


BUILDERS = {
    "person": person_entities, "organization": organization_entities, "vehicle": vehicle_entities,
    "phone": phone_entities, "document": document_entities, "account": account_entities,
    "address": address_entities,
}


def link_entity(involvement, subject_id, event_id):
    link = _make("UnknownLink", entity_id("involvement", involvement.pk), involvement.owner_agency)
    link.add("subject", subject_id)
    link.add("object", event_id)
    link.add("role", involvement.role)
    link.add("description", involvement.note or None)
    return link


def _visible(model, user):
    qs = model.objects.all() if user is None else model.objects.visible_to(user)
    return qs.select_related("owner_agency")


def _chunk_entities(incident_ids, user):
    """The chunk's involvements, and the entities they name that the user may see (kind -> pk -> record)."""
    involvements = list(_visible(Involvement, user).filter(incident_id__in=incident_ids).order_by("pk"))
    entities = {}
    for field, model in ENTITY_FIELDS.items():
        wanted = {getattr(i, f"{field}_id") for i in involvements} - {None}
        if not wanted:
            continue
        qs = _visible(model, user).filter(
            pk__in=_visible(Involvement, user).filter(incident_id__in=incident_ids).values(f"{field}_id"))
        if field == "person":
            qs = qs.prefetch_related("other_names")
        entities[field] = {e.pk: e for e in qs}
    return involvements, entities


def write_ftm(out, qs, user, counter) -> None:
    # Each entity once, however many incidents it appears in. Only entities can repeat (an incident and an
    # involvement are met once), so only their ids are remembered.
    written: set[str] = set()

    def emit(proxy, *, once=False):
        if once:
            if proxy.id in written:
                return
            written.add(proxy.id)
        line = json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        out.write(line.encode("utf-8") + b"\n")

    for batch in chunks(with_details(qs, user)):
        involvements, entities = _chunk_entities([i.pk for i in batch], user)
        by_incident = defaultdict(list)
        for involvement in involvements:
            field = involvement.entity_field
            entity = entities.get(field, {}).get(getattr(involvement, f"{field}_id"))
            if entity is not None:
                by_incident[involvement.incident_id].append((involvement, field, entity))
        for incident in batch:
            linked = by_incident.get(incident.pk, [])
            phones = [e.e164 or e.number for _i, f, e in linked if f == "phone"]
            event = incident_entity(incident, phones)
            emit(event)
            for involvement, field, entity in linked:
                proxies, subject_id = BUILDERS[field](entity)
                for proxy in proxies:
                    emit(proxy, once=True)
                emit(link_entity(involvement, subject_id, event.id))
            counter.add(1)
