"""A small world for export tests: incidents of two countries under every handling that matters, with seizure
lines, routes and involved entities, and text that tries to run as a spreadsheet formula.

Built through the ORM directly (it sets up state; the behaviour under test is the export). Each incident carries
a unique token in its reference, place and narrative, so a test can tell from the raw bytes of any format
whether an incident (or an entity) leaked.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hamkari.entities.models import (Address, BankAccount, IdentityDocument, Involvement, Organization, Person,
                                     PersonName, Phone, Vehicle)
from hamkari.incidents.models import Incident, RouteTransit, Seizure
from hamkari.sharing.models import SharingGroup
from tests.factories import make_agency, make_user

FORMULAS = ("=HYPERLINK(\"http://evil.example/\",\"click\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0")


@dataclass
class World:
    af_agency: object
    pk_agency: object
    caricc: object
    af_analyst: object
    pk_analyst: object
    regional: object
    af_reporter: object
    incidents: dict = field(default_factory=dict)  # token -> Incident
    persons: dict = field(default_factory=dict)  # token -> Person

    def visible_tokens(self, user):
        return {t for t, i in self.incidents.items() if Incident.objects.visible_to(user).filter(pk=i.pk).exists()}


def _incident(agency, handling, token, group=None, **values):
    defaults = dict(national_reference=f"REF-{token}", occurred_on=date(2021, 3, 14), date_precision="day",
                    country_id=agency.country_id or "TJ", place_name=f"Place {token}", admin1="Провинция",
                    narrative=f"Narrative {token}", crime_area="drugs", transport_mode="road",
                    concealment="vehicle", location_type="road")
    defaults.update(values)
    return Incident.objects.create(owner_agency=agency, handling=handling, sharing_group=group, **defaults)


def _seizure(incident, substance, group, amount, unit, kg, position=0):
    return Seizure.objects.create(incident=incident, owner_agency=incident.owner_agency,
                                  handling=incident.handling, sharing_group=incident.sharing_group, position=position, substance=substance,
                                  substance_group=group, amount=Decimal(amount), unit=unit,
                                  amount_kg=Decimal(kg) if kg is not None else None)


def _involve(incident, role, **entity):
    return Involvement.objects.create(incident=incident, owner_agency=incident.owner_agency,
                                      handling=incident.handling, role=role, **entity)


def build_world() -> World:
    af = make_agency("AF-CNPA", "AF", name="Counter Narcotics Police of Afghanistan", acronym="CNPA")
    pk = make_agency("PK-ANF", "PK", name="Anti-Narcotics Force", acronym="ANF")
    caricc = make_agency("CARICC", None, name="CARICC", acronym="CARICC", kind="international")
    world = World(
        af_agency=af, pk_agency=pk, caricc=caricc,
        af_analyst=make_user("af_analyst", af, ["analyst"]),
        pk_analyst=make_user("pk_analyst", pk, ["analyst"]),
        regional=make_user("caricc_analyst", caricc, ["regional_analyst"]),
        af_reporter=make_user("af_reporter", af, ["reporter"]),
    )

    # Afghan, national: only Afghan users may see any of it.
    nat = _incident(af, "national", "AFNATSECRET", latitude=34.52, longitude=69.18, geo_precision="settlement",
                    place_name="Кабул AFNATSECRET", departure_country_id="AF", destination_country_id="IR")
    _seizure(nat, "heroin", "opiates", "12.345", "kg", "12.345")
    secret_person = Person.objects.create(owner_agency=af, handling="national", name="Gulbuddin AFNATPERSON")
    _involve(nat, "suspect", person=secret_person)
    nat_phone = Phone.objects.create(owner_agency=af, handling="national", key="phone:+93700000001",
                                     number="0700 000 001", e164="+93700000001")
    _involve(nat, "phone_used", phone=nat_phone)

    # Afghan, regional: every member agency sees it, with a formula-looking text in every kind of field.
    reg = _incident(af, "regional", "AFREGIONAL", latitude=31.61, longitude=65.71, geo_precision="exact",
                    place_name=FORMULAS[0] + " AFREGIONAL", admin1=FORMULAS[3], admin2="ولسوالی سپین بولدک",
                    conveyance=FORMULAS[1], concealment_detail="\tTAB-START", national_reference="REF-AFREGIONAL",
                    narrative=FORMULAS[2] + " AFREGIONAL", producing_country_id="AF", departure_country_id="AF",
                    destination_country_id="TR", persons_arrested=2)
    for position, code in enumerate(["IR", "TR"]):
        RouteTransit.objects.create(incident=reg, position=position, country_id=code)
    _seizure(reg, "opium", "opiates", "1200", "kg", "1200", position=0)
    _seizure(reg, "captagon", "ats", "5000", "tablet", None, position=1)
    _seizure(reg, "heroin", "opiates", "0.5", "kg", "0.5", position=2)
    courier = Person.objects.create(owner_agency=af, handling="regional", name="Ахмад Шах",
                                    father_name="Мухаммад", birth_date=date(1985, 6, 1),
                                    birth_date_precision="month", nationality_id="AF", gender="m")
    PersonName.objects.create(person=courier, name="Ahmad Shah", kind="translit")
    PersonName.objects.create(person=courier, name=FORMULAS[0], kind="alias")
    hidden = Person.objects.create(owner_agency=af, handling="national", name="Hidden AFHIDDENPERSON")
    org = Organization.objects.create(owner_agency=af, handling="regional", name="شرکت ترانسپورتی",
                                      aliases=["Transport Co"], country_id="AF")
    truck = Vehicle.objects.create(owner_agency=af, handling="regional", key="vehicle:AF:KBL1234",
                                   plate="KBL 1234", registration_country_id="AF", vin="1HGCM82633A004352",
                                   make="Kamaz", model="5320")
    phone = Phone.objects.create(owner_agency=af, handling="regional", key="phone:+93700123456",
                                 number="0700 123 456", e164="+93700123456", imei="490154203237518")
    passport = IdentityDocument.objects.create(owner_agency=af, handling="regional", key="doc:AF:P01234567",
                                               kind="passport", number="P01234567", issuing_country_id="AF")
    tazkira = IdentityDocument.objects.create(owner_agency=af, handling="regional", key="doc:AF:T-99",
                                              kind="tazkira", number="T-99", issuing_country_id="AF")
    account = BankAccount.objects.create(owner_agency=af, handling="regional", key="iban:AF",
                                         iban="DE89370400440532013000", bank_name="Bank", country_id="DE")
    address = Address.objects.create(owner_agency=af, handling="regional", text="Kandahar, Spin Boldak road",
                                     country_id="AF")
    for role, entity in [("courier", {"person": courier}), ("suspect", {"person": hidden}),
                         ("owner", {"organization": org}), ("vehicle_used", {"vehicle": truck}),
                         ("phone_used", {"phone": phone}), ("document_used", {"document": passport}),
                         ("document_used", {"document": tazkira}), ("account_used", {"account": account}),
                         ("location", {"address": address})]:
        _involve(reg, role, **entity)

    # Afghan, regional, no seizure line and no coordinates.
    bare = _incident(af, "regional", "AFBARE", crime_area="firearms", occurred_on=date(2022, 1, 1),
                     date_precision="year")
    # The same courier in a second incident: FtM writes him once.
    again = _incident(af, "regional", "AFAGAIN", occurred_on=date(2022, 7, 1), date_precision="month",
                      latitude=36.7, longitude=67.1)
    _seizure(again, "cannabis_resin", "cannabis", "250", "kg", "250")
    _involve(again, "courier", person=courier)

    # Afghan, restricted to a group of Afghanistan and Pakistan.
    group = SharingGroup.objects.create(name="AF-PK", owner_agency=af)
    group.countries.add("AF", "PK")
    restricted = _incident(af, "restricted", "AFRESTRICTED", group=group, latitude=34.0, longitude=71.1)
    _seizure(restricted, "acetic_anhydride", "precursors", "40", "l", "43.2")

    # Pakistani, national.
    pk_nat = _incident(pk, "national", "PKNATIONAL", latitude=30.2, longitude=67.0, place_name="کوئٹہ PKNATIONAL")
    _seizure(pk_nat, "methamphetamine", "ats", "3.25", "kg", "3.25")

    world.incidents = {"AFNATSECRET": nat, "AFREGIONAL": reg, "AFBARE": bare, "AFAGAIN": again,
                       "AFRESTRICTED": restricted, "PKNATIONAL": pk_nat}
    world.persons = {"AFNATPERSON": secret_person, "AFHIDDENPERSON": hidden, "courier": courier}
    return world
