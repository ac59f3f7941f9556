"""Geocoding against the gazetteer the migration loaded into the test database."""

import pytest

from hamkari.places import selectors
from hamkari.places.models import Place, PlaceKind, PlaceName
from hamkari.places.selectors import crossing, geocode, geocode_admin1, search

pytestmark = pytest.mark.django_db


def settlement(geonameid):
    return Place.objects.get(geonameid=geonameid)


# GeoNames ids: Dushanbe, Mazar-i-Sharif, Peshawar, Mashhad, Osh, Almaty, Tashkent, Herat, Termez.
SPELLINGS = [
    (1221874, ["Dushanbe", "Душанбе", "دوشنبه", "DUSHANBE", "шаҳри Душанбе", "Dushanbe city"]),
    (1133616, ["Mazar-i-Sharif", "Мазари-Шариф", "مزار شریف", "مزار شريف", "Mazar e Sharif", "Mazari Sharif"]),
    (1168197, ["Peshawar", "Пешавар", "پشاور"]),
    (124665, ["Mashhad", "Мешхед", "مشهد", "Meshed"]),
    (1527534, ["Osh", "Ош"]),
    (1526384, ["Almaty", "Алматы", "Алма-Ата", "Alma-Ata"]),
    (1512569, ["Tashkent", "Ташкент", "Toshkent", "Тошкент"]),
    (1140026, ["Herat", "هرات", "Герат", "Herāt"]),
    (1215957, ["Termez", "Термез", "Termiz", "Тирмиз"]),
]


@pytest.mark.parametrize("geonameid, spellings", SPELLINGS, ids=lambda v: str(v) if isinstance(v, int) else v[0])
def test_a_place_in_any_script_geocodes_to_the_same_place(geonameid, spellings):
    expected = settlement(geonameid)
    for spelling in spellings:
        result = geocode(spelling)
        assert result is not None, spelling
        assert result.place == expected, (spelling, result)
        assert result.precision == "settlement"
        # Restricted to its own country it still answers the same.
        assert geocode(spelling, expected.country_id).place == expected


def test_result_says_how_it_matched():
    exact = geocode("Душанбе")
    assert (exact.method, exact.score, exact.matched_name) == ("exact", 1.0, "Душанбе")
    folded = geocode("DUSHANBE")
    assert folded.method == "folded" and folded.score < 1
    assert geocode("Dushanbeh", "TJ").method == "skeleton"
    assert (exact.latitude, exact.longitude) == (exact.place.latitude, exact.place.longitude)


def test_a_misspelling_is_found_by_fuzzy_match_within_the_country():
    result = geocode("Dushanbre", "TJ")
    assert result is not None and result.place == settlement(1221874)
    assert result.method == "fuzzy" and 0 < result.score < 0.9


def test_never_a_match_across_countries_when_the_country_is_given():
    assert geocode("Dushanbe", "AF") is None or geocode("Dushanbe", "AF").place.country_id == "AF"
    for spelling, country in [("Peshawar", "IR"), ("Мешхед", "PK"), ("Termez", "KZ")]:
        result = geocode(spelling, country)
        assert result is None or result.place.country_id == country, (spelling, country, result)
    # Ishkashim is on both banks of the Panj: the country decides which.
    assert geocode("Ishkashim", "TJ").place.country_id == "TJ"
    assert geocode("Ishkashim", "AF").place.country_id == "AF"


def test_a_city_that_is_a_province_geocodes_to_the_city():
    # "Тошкент" is only a spelling of the city province in our table, not of GeoNames' settlement.
    result = geocode("Тошкент")
    assert result.place == settlement(1512569) and result.precision == "settlement"
    assert geocode_admin1("Тошкент", "UZ").code == "uz-tashkent-city"


def test_a_big_city_beats_a_province_and_a_province_beats_a_village():
    herat = geocode("Herat", "AF")
    assert herat.place.kind == PlaceKind.SETTLEMENT and herat.place.population > 100_000
    badakhshan = geocode("Badakhshan", "AF")
    assert badakhshan.place.kind == PlaceKind.PROVINCE and badakhshan.precision == "province"


def test_crossings_win_ties_and_have_exact_precision():
    result = geocode("Torkham")
    assert result.place.kind == PlaceKind.CROSSING and result.precision == "exact"
    assert geocode("Torkham", "PK").place.code == "pk-torkham"
    assert geocode("طورخم", "AF").place.code == "af-torkham"


def test_a_crossing_word_means_the_crossing_not_the_town():
    assert geocode("Chaman").place.kind == "settlement"
    for text in ["Chaman border crossing", "Chaman crossing", "КПП Чаман", "chaman BCP"]:
        result = geocode(text)
        assert result.place.code == "pk-chaman", text
        assert result.precision == "exact"
    assert geocode("Termez border crossing").place.code == "uz-termez"
    assert geocode("مرز میرجاوه").place.code == "ir-mirjaveh"
    # A crossing word next to a name that is no crossing's falls back to the place itself.
    assert geocode("Dushanbe checkpoint").place.geonameid == 1221874


@pytest.mark.parametrize("text, country, code", [
    ("Torkham", "AF", "af-torkham"), ("Torkham", "PK", "pk-torkham"), ("تورخم", None, "af-torkham"),
    ("Торхам", "PK", "pk-torkham"), ("af-torkham", None, "af-torkham"), ("AF-TORKHAM", None, "af-torkham"),
    ("Chaman", None, "pk-chaman"), ("Spin Boldak", None, "af-spin-boldak"), ("Islam Qala", None, "af-islam-qala"),
    ("Eslam Qaleh", None, "af-islam-qala"), ("اسلام قلعه", None, "af-islam-qala"), ("Dogharoun", None, "ir-dogharoun"),
    ("دوغارون", None, "ir-dogharoun"), ("Hairatan", None, "af-hairatan"), ("Хайратон", None, "af-hairatan"),
    ("Termez", None, "uz-termez"), ("Термез", "UZ", "uz-termez"), ("Friendship Bridge", None, "uz-termez"),
    ("Sher Khan Bandar", None, "af-sher-khan-bandar"), ("Шерхан-Бандар", None, "af-sher-khan-bandar"),
    ("Panji Poyon", None, "tj-panji-poyon"), ("Нижний Пяндж", None, "tj-panji-poyon"),
    ("Torghundi", None, "af-torghundi"), ("Serhetabat", None, "tm-serhetabat"), ("Ishkashim", "TJ", "tj-ishkashim"),
    ("Ишкашим", "AF", "af-ishkashim"), ("Taftan", None, "pk-taftan"), ("Mirjaveh", None, "ir-mirjaveh"),
    ("Sarakhs", "IR", "ir-sarakhs"), ("Sarakhs", "TM", "tm-sarahs"), ("Zaranj", None, "af-zaranj"),
    ("Milak", None, "ir-milak"), ("Khorgos", None, "kz-khorgos"), ("Irkeshtam", None, "kg-irkeshtam"),
    ("Torugart", None, "kg-torugart"), ("Wagah", None, "pk-wagah"), ("Gisht Kuprik", None, "uz-gisht-kuprik"),
    ("Torkam", "AF", "af-torkham"),  # a typo
])
def test_crossings_by_any_spelling(text, country, code):
    found = crossing(text, country)
    assert found is not None, text
    assert found.code == code
    assert found.kind == PlaceKind.CROSSING


def test_crossings_know_the_other_side():
    torkham = crossing("af-torkham")
    assert torkham.neighbour_country_id == "PK"
    assert torkham.counterpart.code == "pk-torkham"
    assert torkham.counterpart.counterpart == torkham
    assert crossing("Khorgos").neighbour_country_id == "CN" and crossing("Khorgos").counterpart is None


def test_crossing_does_not_answer_with_an_ordinary_place():
    assert crossing("Dushanbe") is None  # a city, but no crossing within reach
    assert crossing("Torkham", "UZ") is None
    assert crossing("xx-nowhere") is None


def test_geocode_admin1_by_any_spelling_or_code():
    balkh = Place.objects.get(code="af-balkh")
    for text in ["Balkh", "Балх", "بلخ", "Balkh Province", "ولایت بلخ", "30", "af-balkh"]:
        assert geocode_admin1(text, "AF") == balkh, text
    assert geocode_admin1("Хатлонская область", "TJ").code == "tj-khatlon"
    assert geocode_admin1("Qashqadaryo viloyati", "UZ").code == "uz-kashkadarya"
    assert geocode_admin1("Balkh", "TJ") is None
    # A province, never a settlement, even where a city has the name.
    assert geocode_admin1("Herat", "AF").kind == PlaceKind.PROVINCE


def test_settlements_carry_their_province():
    assert settlement(1133616).admin1_name == "Balkh"
    assert settlement(1221874).admin1_name == "Dushanbe"
    assert settlement(1215957).admin1_name == "Surkhandarya Region"


@pytest.mark.parametrize("garbage", [
    "", "   ", "\x00", "Dush\x00anbe" * 3, "x" * 10_000, "Dushanbe" * 1250, "<script>alert(1)</script>",
    "'; DROP TABLE places_place; --", "%", "_", "\\", "🙂", None, 42, ["Dushanbe"],
])
def test_garbage_returns_none_without_error(garbage):
    assert geocode(garbage) is None
    assert geocode(garbage, "TJ") is None
    assert crossing(garbage) is None
    assert geocode_admin1(garbage, "TJ") is None
    assert search(garbage) == [] or all(isinstance(p, Place) for p in search(garbage))
    assert Place.objects.filter(kind="settlement").count() > 4000


@pytest.mark.parametrize("country", ["XX1", "T", "<b>", 7, "ТJ"])
def test_a_country_that_cannot_be_gives_none(country):
    assert geocode("Dushanbe", country) is None
    assert search("Dush", country) == []


def test_lowercase_country_is_accepted():
    assert geocode("Dushanbe", "tj").place == settlement(1221874)


def test_search_for_autocomplete():
    names = [p.name for p in search("Dush")]
    assert "Dushanbe" in names
    assert search("Mashh", "IR")[0] == settlement(124665)
    assert all(p.country_id == "IR" for p in search("M", "IR", limit=20))
    assert len(search("M", limit=7)) == 7
    crossings = search("Tor", kind="crossing")
    assert crossings and all(p.kind == "crossing" for p in crossings)
    assert {"af-torkham", "pk-torkham"} <= {p.code for p in crossings}
    assert search("مزار")[0] == settlement(1133616)
    assert search("Dush", kind="nonsense") == []


def test_geocoding_uses_indexed_queries_not_table_scans(django_assert_max_num_queries):
    geocode("Dushanbre", "TJ")  # warm the fuzzy index
    with django_assert_max_num_queries(3):
        assert geocode("Dushanbe").place == settlement(1221874)
    with django_assert_max_num_queries(8):
        assert geocode("Dushanbre", "TJ").method == "fuzzy"


def test_a_spelling_added_later_is_found_and_refreshes_the_fuzzy_index():
    place = settlement(1221874)
    assert geocode("Hamkariobodd", "TJ") is None  # builds the fuzzy index before the new spelling exists
    PlaceName.objects.create(place=place, name="Hamkariobod", key="hamkariobod", skeleton="mkrbd", script="Latn")
    assert geocode("Hamkariobod").place == place
    assert geocode("Hamkariobodd", "TJ").place == place


def test_explain_lists_candidates_best_first():
    results = selectors.explain("Dushanbe", "TJ")
    assert results[0].place == settlement(1221874)
    assert any(r.place.kind == "province" for r in results)
    assert selectors.explain("") == []
