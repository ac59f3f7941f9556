"""The demo's incidents: realistic, consistent with the sharing rules, loaded once."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from hamkari.entities.models import Involvement, Person, Phone
from hamkari.incidents.demo_data import DEMO_PREFIX, load_demo_incidents
from hamkari.incidents.models import Incident, Seizure
from hamkari.incidents.vocab.substances import SUBSTANCES


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Generated once for the module (it takes a few seconds), rolled back at the end."""
    from django.conf import settings

    old = settings.VAR_DIR
    settings.VAR_DIR = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            call_command("seed", demo=True, incidents=600, stdout=open("/dev/null", "w"))
            yield
        finally:
            settings.VAR_DIR = old
            transaction.set_rollback(True)


@pytest.fixture
def demo(demo_world, db):
    return demo_world


def test_demo_incidents_are_realistic_and_follow_the_sharing_rules(demo):
    incidents = Incident.objects.filter(national_reference__startswith=DEMO_PREFIX)
    assert incidents.count() == 600
    assert set(incidents.values_list("country_id", flat=True)) == {"AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ"}
    assert set(incidents.values_list("handling", flat=True)) == {"regional", "national", "public"}
    # Every seizure line has a known substance and a kilogram equivalent where a rule exists.
    for code, group in Seizure.objects.values_list("substance", "substance_group").distinct():
        assert SUBSTANCES[code].group == group
    assert not Seizure.objects.filter(substance="heroin", amount_kg__isnull=True).exists()
    # Children of an incident share its owner and handling.
    assert not Seizure.objects.exclude(handling=F("incident__handling")).exists()
    assert not Seizure.objects.exclude(owner_agency=F("incident__owner_agency")).exists()
    assert not Involvement.objects.exclude(handling=F("incident__handling")).exists()
    # Precursors flow towards Afghanistan.
    precursor = incidents.filter(crime_area="precursors")
    assert precursor.exists() and set(precursor.values_list("destination_country_id", flat=True)) == {"AF"}
    # The owning agency is of the seizing country, and the owner country is denormalised correctly.
    assert not incidents.exclude(owner_country=F("owner_agency__country")).exists()


def test_names_are_written_in_each_countrys_script_with_a_latin_form(demo):
    scripts = dict(Person.objects.values_list("owner_country_id", "script").distinct())
    assert scripts.get("AF") == "arabic" and scripts.get("KZ") == "cyrillic" and scripts.get("UZ") == "latin"
    afghan = Person.objects.filter(owner_country_id="AF").prefetch_related("other_names").first()
    assert [n.name for n in afghan.other_names.all()][0].isascii()


def test_the_same_phone_is_known_in_several_countries(demo):
    shared = (Phone.objects.values("e164").annotate(countries=Count("owner_country", distinct=True))
              .filter(countries__gt=1))
    assert shared.exists()
    # ...but within one agency a phone is one record.
    assert not Phone.objects.values("owner_agency", "key").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_loaded_once(demo):
    assert load_demo_incidents(50) == 0
    assert Incident.objects.filter(national_reference__startswith=DEMO_PREFIX).count() == 600
