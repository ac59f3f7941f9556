"""UNODC country names, regions and the IDS ROUTING column."""

import pycountry
import pytest

from hamkari.incidents.vocab.countries import (
    KOSOVO, OTHER, ROUTING_SEPARATOR, UNKNOWN, all_codes, format_routing, parse_country, parse_routing,
    region_of, unodc_name,
)

REGIONS = {"Africa", "Americas", "Asia", "Europe", "Oceania"}
EIGHT = ("AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ")


def test_every_iso_country_is_covered():
    iso = {c.alpha_2 for c in pycountry.countries}
    assert len(iso) >= 249
    assert set(all_codes()) == iso | {KOSOVO}


@pytest.mark.parametrize("code", all_codes())
def test_every_country_round_trips_through_its_unodc_name(code):
    name = unodc_name(code)
    assert name and name == name.strip()
    assert parse_country(name) == code
    assert parse_country(name.upper()) == code
    assert parse_country(code) == code
    assert parse_country(code.lower()) == code
    region, subregion = region_of(code)
    assert region in REGIONS and subregion


def test_iso_alpha3_and_pycountry_names_parse():
    for c in pycountry.countries:
        assert parse_country(c.alpha_3) == c.alpha_2
        assert parse_country(c.name) == c.alpha_2, c.name
        for attr in ("official_name", "common_name"):
            if getattr(c, attr, None):
                assert parse_country(getattr(c, attr)) == c.alpha_2


@pytest.mark.parametrize("text,code", [
    ("Iran (Islamic Republic of)", "IR"),
    ("Iran, Islamic Republic of", "IR"),
    ("Republic of Moldova", "MD"),
    ("Türkiye", "TR"),
    ("Turkiye", "TR"),
    ("Turkey", "TR"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    ("Bolivia (Plurinational State of)", "BO"),
    ("Venezuela (Bolivarian Republic of)", "VE"),
    ("China, Hong Kong SAR", "HK"),
    ("Hong Kong", "HK"),
    ("China, Macao SAR", "MO"),
    ("Macau, SAR of China", "MO"),
    ("Taiwan Province of China", "TW"),
    ("Côte d'Ivoire", "CI"),
    ("Cote d’Ivoire", "CI"),
    ("Lao People's Democratic Republic", "LA"),
    ("Lao Peoples Democratic Republic", "LA"),
    ("Syrian Arab Republic", "SY"),
    ("State of Palestine", "PS"),
    ("Kosovo under UNSCR 1244", "XK"),
    ("Kosovo (under UNSCR 1244)", "XK"),
    ("Congo, the Democratic Republic of the", "CD"),
    ("Democratic Republic of the Congo", "CD"),
    ("Congo (Kinshasa)", "CD"),
    ("Congo", "CG"),
    ("Korea, Democratic People's Republic of", "KP"),
    ("Republic of Korea", "KR"),
    ("Libyan Arab Jamahiriya", "LY"),
    ("The former Yugoslav Republic of Macedonia", "MK"),
    ("St. Lucia", "LC"),
    ("St Vincent and the Grenadines", "VC"),
    ("Iraq (Kurdistan Region)", "IQ"),
    ("Netherlands", "NL"),
    ("Czech Republic", "CZ"),
    ("Kyrgyz Republic", "KG"),
    ("Kyrgyzstan", "KG"),
    ("Afghanistan", "AF"),
    ("AFG", "AF"),
    ("af", "AF"),
    ("  Pakistan ", "PK"),
    ("United States of America", "US"),
    ("Russian Federation", "RU"),
    ("Russia", "RU"),
    ("Viet Nam", "VN"),
    ("NA", "NA"),  # Namibia: a bare two-letter code is a code; "n/a" is not
])
def test_unodc_and_common_spellings(text, code):
    assert parse_country(text) == code


@pytest.mark.parametrize("text", ["Unknown", "UNKNOWN", "", "   ", "n/a", "N/A", "n.a.", "-", "--", "?",
                                  "Not specified", "not known", "Unspecified", "None"])
def test_unknown_sentinel(text):
    assert parse_country(text) == UNKNOWN


@pytest.mark.parametrize("text", ["Other", "Others", "Various", "various countries", "Multiple"])
def test_other_sentinel(text):
    assert parse_country(text) == OTHER


def test_sentinels_are_not_iso_codes():
    assert UNKNOWN not in all_codes() and OTHER not in all_codes()
    assert unodc_name(UNKNOWN) == "Unknown" and unodc_name(OTHER) == "Other"
    assert parse_country(unodc_name(UNKNOWN)) == UNKNOWN
    assert parse_country(unodc_name(OTHER)) == OTHER
    assert region_of(UNKNOWN) == ("", "") and region_of(OTHER) == ("", "")


@pytest.mark.parametrize("bad", [None, 42, b"Iran", ["IR"], "x" * 5000, "Iran\x00", "\x1b[31mIran", "Atlantis",
                                 "ZZ", "XKX1", "Netherlands Antilles", "Congo (Democratic)"])
def test_bad_country_input_gives_none(bad):
    assert parse_country(bad) is None


@pytest.mark.parametrize("bad", ["ZZ", "zz", "af", "", None, 5, "unknown ", "AFG"])
def test_unodc_name_and_region_refuse_non_codes(bad):
    with pytest.raises(ValueError):
        unodc_name(bad)
    with pytest.raises(ValueError):
        region_of(bad)


def test_regions_of_the_eight_and_their_neighbours():
    assert region_of("AF") == ("Asia", "Near and Middle East /South-West Asia")
    assert region_of("IR") == ("Asia", "Near and Middle East /South-West Asia")
    assert region_of("PK") == ("Asia", "Near and Middle East /South-West Asia")
    for code in ("KZ", "KG", "TJ", "TM", "UZ"):
        assert region_of(code) == ("Asia", "Central Asia and Transcaucasian countries")
    assert region_of("RU") == ("Europe", "East Europe")
    assert region_of("TR") == ("Europe", "Southeast Europe")
    assert region_of("DE") == ("Europe", "West & Central Europe")
    assert region_of("IN") == ("Asia", "South Asia")
    assert region_of("CN") == ("Asia", "East and South-East Asia")
    assert region_of("AE") == ("Asia", "Near and Middle East /South-West Asia")
    assert region_of("MX") == ("Americas", "North America")
    assert region_of("AU") == ("Oceania", "Oceania")
    assert {region_of(c)[0] for c in EIGHT} == {"Asia"}


@pytest.mark.parametrize("text,codes", [
    ("Afghanistan, Pakistan", ["AF", "PK"]),
    ("Afghanistan - Pakistan - Iran (Islamic Republic of) - Türkiye", ["AF", "PK", "IR", "TR"]),
    ("Afghanistan>Tajikistan>Russian Federation", ["AF", "TJ", "RU"]),
    ("Afghanistan → Iran → Turkey", ["AF", "IR", "TR"]),
    ("AF/PK/AE", ["AF", "PK", "AE"]),
    ("AFG; IRN; TUR", ["AF", "IR", "TR"]),
    ("CH-AD", ["CH", "AD"]),  # two codes, not "Chad"
    ("Chad", ["TD"]),
    ("Thailand, China, Hong Kong SAR, Australia", ["TH", "HK", "AU"]),
    ("China, Hong Kong SAR", ["HK"]),
    ("Iran, Islamic Republic of, Turkey, Bulgaria", ["IR", "TR", "BG"]),
    ("Congo, the Democratic Republic of the - Belgium", ["CD", "BE"]),
    ("Guinea-Bissau - Senegal", ["GW", "SN"]),
    ("Timor-Leste -> Australia", ["TL", "AU"]),
    ("Afghanistan - Unknown - Germany", ["AF", UNKNOWN, "DE"]),
    ("Afghanistan - n/a - Germany", ["AF", UNKNOWN, "DE"]),
    ("Afghanistan, , Pakistan,", ["AF", "PK"]),
    ("", []),
    ("  ", []),
    (None, []),
])
def test_parse_routing(text, codes):
    assert parse_routing(text) == codes


def test_routing_round_trip_including_names_with_commas_and_hyphens():
    cases = [
        ["AF", "PK", "AE"],
        ["TH", "HK", "MO", "AU"],
        ["BQ", "CW", "NL"],  # "Bonaire, Sint Eustatius and Saba"
        ["GW", "TL", "CD", "CG", "KR", "KP"],
        ["IR", "TR", "XK", "MK", "GB"],
        ["AF", UNKNOWN, OTHER, "DE"],
        [],
    ]
    for codes in cases:
        text = format_routing(codes)
        assert parse_routing(text) == codes, text
    # And every country at once, in ISO order and reversed, so no two neighbouring names glue into a third.
    every = list(all_codes())
    assert parse_routing(format_routing(every)) == every
    assert parse_routing(format_routing(every[::-1])) == every[::-1]
    assert format_routing(["AF", "IR"]) == f"Afghanistan{ROUTING_SEPARATOR}Iran (Islamic Republic of)"


@pytest.mark.parametrize("text,part", [
    ("Afghanistan - Atlantis - Germany", "Atlantis"),
    ("Mordor", "Mordor"),
    ("Afghanistan, Pakistan, ZZ", "ZZ"),
])
def test_routing_names_the_unrecognised_part(text, part):
    with pytest.raises(ValueError, match=part):
        parse_routing(text)


@pytest.mark.parametrize("bad", [42, ["AF"], "Afghanistan\x00Pakistan", "Afghanistan, " * 2000])
def test_routing_refuses_bad_input(bad):
    with pytest.raises(ValueError):
        parse_routing(bad)


@pytest.mark.parametrize("bad", [["ZZ"], ["AF", None], "AF", [5]])
def test_format_routing_refuses_non_codes(bad):
    with pytest.raises(ValueError):
        format_routing(bad)
