"""The data migration's result, and reloading with `hamkari places load`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hamkari.places import data
from hamkari.places.folding import fold, skeleton
from hamkari.places.loader import load
from hamkari.places.models import Place, PlaceName

pytestmark = pytest.mark.django_db


def test_the_migration_loaded_provinces_crossings_and_settlements():
    assert Place.objects.filter(kind="province").count() == len(data.PROVINCES)
    assert Place.objects.filter(kind="crossing").count() == len(data.CROSSINGS)
    settlements = Place.objects.filter(kind="settlement")
    assert 4000 < settlements.count() < 5000
    assert set(settlements.values_list("country_id", flat=True).distinct()) == set(data.MEMBER_STATES)
    assert PlaceName.objects.count() > 30_000
    scripts = set(PlaceName.objects.values_list("script", flat=True).distinct())
    assert scripts == {"Latn", "Cyrl", "Arab"}
    name = PlaceName.objects.get(place__geonameid=1221874, name="Душанбе")
    assert (name.key, name.skeleton, name.script) == (fold("Душанбе"), skeleton("Душанбе"), "Cyrl")
    assert not PlaceName.objects.filter(key="").exists()


def test_provinces_sit_at_their_centre_and_count_their_people():
    kabul = Place.objects.get(code="af-kabul")
    city = Place.objects.get(geonameid=1138958)
    assert (kabul.latitude, kabul.longitude) == (city.latitude, city.longitude)
    assert kabul.population >= city.population
    assert kabul.admin1_code == "13"


def test_reloading_changes_nothing():
    before = dict(Place.objects.values_list("id", "name"))
    names = PlaceName.objects.count()
    report = load(Place, PlaceName)
    assert (report.created, report.updated, report.names_created, report.names_updated) == (0, 0, 0, 0)
    assert report.unchanged == len(before)
    assert dict(Place.objects.values_list("id", "name")) == before
    assert PlaceName.objects.count() == names


def test_reloading_repairs_the_sources_fields_and_keeps_what_was_added_by_hand():
    torkham = Place.objects.get(code="af-torkham")
    Place.objects.filter(pk=torkham.pk).update(latitude=0, longitude=0, counterpart=None)
    PlaceName.objects.filter(place=torkham, name="تورخم").delete()
    PlaceName.objects.filter(place__geonameid=1221874, name="Душанбе").update(key="wrong", skeleton="")
    added = PlaceName.objects.create(place=torkham, name="Torkham Zero Point", key="stale", skeleton="", script="")

    report = load(Place, PlaceName)

    torkham.refresh_from_db()
    assert (torkham.latitude, torkham.longitude) != (0, 0)
    assert torkham.counterpart.code == "pk-torkham"
    assert PlaceName.objects.filter(place=torkham, name="تورخم", key=fold("تورخم")).exists()
    assert PlaceName.objects.get(place__geonameid=1221874, name="Душанбе").key == fold("Душанбе")
    added.refresh_from_db()
    assert (added.key, added.script) == (fold("Torkham Zero Point"), "Latn")
    assert report.updated == 1 and report.names_created == 1 and report.names_updated == 2


def test_places_keep_their_ids_across_reloads():
    ids = dict(Place.objects.filter(kind="crossing").values_list("code", "id"))
    Place.objects.filter(code="pk-chaman").update(name="renamed")
    load(Place, PlaceName)
    assert dict(Place.objects.filter(kind="crossing").values_list("code", "id")) == ids
    assert Place.objects.get(code="pk-chaman").name == "Chaman"


def test_command_load_and_find():
    out = StringIO()
    call_command("places", "load", stdout=out)
    assert "0 created" in out.getvalue()

    out = StringIO()
    call_command("places", "find", "مزار شریف", stdout=out)
    text = out.getvalue()
    assert text.startswith("=> Mazār-e Sharīf (Balkh, AF)")
    assert "by exact" in text

    out = StringIO()
    call_command("places", "find", "Torkham", "--country", "pk", stdout=out)
    assert "pk-torkham" in out.getvalue().splitlines()[0]

    with pytest.raises(CommandError, match="no place matches"):
        call_command("places", "find", "qqqqqqqq", stdout=StringIO())
    with pytest.raises(CommandError, match="unknown country"):
        call_command("places", "find", "Torkham", "--country", "XX", stdout=StringIO())


def test_ensure_loaded_reloads_an_emptied_gazetteer_and_otherwise_does_nothing():
    from hamkari.places.loader import ensure_loaded

    assert ensure_loaded(Place, PlaceName) is False
    Place.objects.update(counterpart=None)
    PlaceName.objects.all().delete()
    Place.objects.all().delete()
    assert ensure_loaded(Place, PlaceName) is True
    assert Place.objects.filter(kind="crossing").count() == len(data.CROSSINGS)
    assert Place.objects.get(code="af-torkham").counterpart.code == "pk-torkham"


def test_admin_lists_and_finds_places_in_any_script(client):
    from hamkari.tenancy.models import User

    admin = User.objects.create_superuser("places_admin", "a@example.org", "correct horse battery staple",
                                          is_demo=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/django-admin/places/place/", {"q": "Душанбе"})
    assert response.status_code == 200
    assert "Dushanbe" in response.content.decode()
    torkham = Place.objects.get(code="af-torkham")
    response = client.get(f"/django-admin/places/place/{torkham.pk}/change/")
    assert response.status_code == 200 and "تورخم" in response.content.decode()
    assert client.get("/django-admin/places/place/add/").status_code == 403

    # An administrator adds a spelling; its keys are computed on save.
    names = list(torkham.names.order_by("id"))
    form = {"code": torkham.code, "name": torkham.name, "admin1_name": "", "latitude": torkham.latitude,
            "longitude": torkham.longitude, "neighbour_country": "PK", "counterpart": torkham.counterpart_id,
            "names-TOTAL_FORMS": len(names) + 1, "names-INITIAL_FORMS": len(names), "names-MIN_NUM_FORMS": 0,
            "names-MAX_NUM_FORMS": 1000, f"names-{len(names)}-name": "Тurkham Pass", "_save": "Save"}
    for i, name in enumerate(names):
        form.update({f"names-{i}-id": name.pk, f"names-{i}-place": torkham.pk, f"names-{i}-name": name.name})
    form[f"names-{len(names)}-place"] = torkham.pk
    response = client.post(f"/django-admin/places/place/{torkham.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    added = PlaceName.objects.get(place=torkham, name="Тurkham Pass")
    assert (added.key, added.skeleton) == (fold("Тurkham Pass"), skeleton("Тurkham Pass")) and added.script
