"""A small world for the dashboard tests: incidents of Afghanistan and Pakistan under every handling code, with
routes, transports, concealment methods and seizure sizes chosen so that every figure is known by hand.
Not a test module (no `test_` prefix)."""

from datetime import date
from decimal import Decimal

from hamkari.incidents import services
from hamkari.sharing.models import Handling, SharingGroup
from tests.factories import make_agency


def add(agency, ref, *, day="2024-03-01", country=None, lines=(("heroin", "5"),), handling=Handling.NATIONAL,
        group=None, transits=(), **data):
    seizures = [{"substance": s, "amount": Decimal(a), "unit": "kg"} for s, a in lines]
    return services.incident_create(
        by=None, agency=agency, handling=handling, sharing_group=group, seizures=seizures, transits=transits,
        data={"national_reference": ref, "occurred_on": date.fromisoformat(day) if day else None,
              "country_id": country or agency.country_id, **data})


def build(af_agency, pk_agency):
    """Returns the sharing group. What each viewer sees (seizure lines):

    AF analyst: AF-1 (2 lines), AF-2, AF-3, AF-PUB, PK-REG, PK-IN-AF, PK-RESTR-AF  -> 8 lines
    PK analyst: AF-3 (regional), AF-PUB, PK-NAT, PK-REG, PK-IN-AF, PK-RESTR-AF      -> 6 lines
    """
    af_customs = make_agency("AF-CUSTOMS", "AF", acronym="ACD")
    add(af_agency, "AF-1", day="2024-01-10", lines=(("heroin", "10"), ("opium", "100")), transport_mode="road",
        concealment="vehicle", departure_country_id="AF", destination_country_id="IR", transits=["TJ"])
    add(af_agency, "AF-2", day="2024-02-10", lines=(("opium", "1"),), transport_mode="pedestrian",
        concealment="body")
    add(af_agency, "AF-3", day="2024-02-20", lines=(("methamphetamine", "2"),), handling=Handling.REGIONAL,
        transport_mode="road", concealment="cargo", producing_country_id="IR")
    add(af_customs, "AF-PUB", day="2023-06-01", lines=(("cannabis_resin", "1000"),), handling=Handling.PUBLIC)
    add(pk_agency, "PK-NAT", day="2024-03-01", lines=(("heroin", "7"),))
    add(pk_agency, "PK-REG", day="2024-03-02", lines=(("heroin", "3"),), handling=Handling.REGIONAL,
        transport_mode="air", concealment="luggage")
    add(pk_agency, "PK-IN-AF", day="2024-03-03", country="AF", lines=(("heroin", "4"),),
        handling=Handling.REGIONAL, destination_country_id="TJ")
    group = SharingGroup.objects.create(name="Torkham liaison", owner_agency=pk_agency)
    group.countries.add("AF")
    add(pk_agency, "PK-RESTR-AF", day="2024-03-04", lines=(("heroin", "6"),), handling=Handling.RESTRICTED,
        group=group)
    return group
