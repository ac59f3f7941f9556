"""The substance vocabulary: every UNODC drug name resolves, lookups work across scripts, suggestions help."""

import re
from pathlib import Path

import pytest

from hamkari.incidents.vocab.substances import GROUPS, SUBSTANCES, UNITS, collisions, lookup, suggest

HERE = Path(__file__).parent


def _unodc_names():
    rows = []
    for line in (HERE / "unodc_drug_names.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, code = line.split("\t")
            rows.append((name, code))
    return rows


UNODC_NAMES = _unodc_names()


def test_fixture_is_substantial():
    # The fixture lists the DRUG_NAME values of real IDS files; a truncated file would make the next test vacuous.
    assert len(UNODC_NAMES) > 200
    assert {code for _, code in UNODC_NAMES} <= set(SUBSTANCES)


@pytest.mark.parametrize("name,code", UNODC_NAMES)
def test_every_unodc_drug_name_resolves_to_its_substance(name, code):
    found = lookup(name)
    assert found is not None, name
    assert found.code == code


def test_every_spelling_of_every_substance_resolves_to_it():
    assert collisions() == []
    for substance in SUBSTANCES.values():
        for spelling in substance.spellings:
            assert lookup(spelling) == substance, spelling


def test_vocabulary_shape():
    assert list(GROUPS) == ["opiates", "cannabis", "ats", "cocaine", "nps", "pharmaceuticals", "precursors",
                            "other"]
    assert set(UNITS) == {"kg", "g", "l", "ml", "tablet", "plant", "unit"}
    for code, substance in SUBSTANCES.items():
        assert code == substance.code
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", code), code
        assert len(code) <= 40  # Seizure.substance max_length
        assert substance.group in GROUPS
        assert substance.default_unit in UNITS
        assert substance.unodc_names and substance.unodc_names[0].strip()
        assert substance.name.strip()
    # Every group has substances, so a grouped select never shows an empty heading.
    assert {s.group for s in SUBSTANCES.values()} == set(GROUPS)


@pytest.mark.parametrize("code", ["heroin", "opium", "morphine", "cannabis_resin", "cannabis_herb",
                                  "methamphetamine", "amphetamine", "captagon", "tramadol", "cocaine",
                                  "acetic_anhydride", "ephedrine", "pseudoephedrine", "opium_poppy", "poppy_straw",
                                  "cannabis_oil", "cannabis_plant", "cannabis_seed", "methamphetamine_crystal",
                                  "methamphetamine_tablet", "mdma", "cocaine_base", "coca_leaf", "coca_paste",
                                  "synthetic_cannabinoids", "synthetic_cathinones", "ketamine", "khat", "lsd",
                                  "benzodiazepines", "pregabalin", "buprenorphine", "methadone", "fentanyl",
                                  "codeine", "p2p", "phenylacetic_acid", "safrole", "pmk",
                                  "potassium_permanganate", "anthranilic_acid", "sulphuric_acid",
                                  "hydrochloric_acid", "acetone"])
def test_the_issue_s_substances_exist(code):
    assert code in SUBSTANCES


@pytest.mark.parametrize("text,code", [
    ("HEROIN", "heroin"),
    ("  heroin  ", "heroin"),
    ("Cannabis-resin [HASHISH]", "cannabis_resin"),
    ("acetic   anhydride", "acetic_anhydride"),
    ("P2P", "p2p"),
    ("p-2-p", "p2p"),
    ("3,4-MDP-2-P", "pmk"),
    ("cannabis_resin", "cannabis_resin"),  # the code itself
    # Cyrillic, in any case, with ё written or not
    ("ГЕРОИН", "heroin"),
    ("Гашиш", "cannabis_resin"),
    ("лёд", "methamphetamine_crystal"),
    ("лед", "methamphetamine_crystal"),
    ("уксусный ангидрид", "acetic_anhydride"),
    ("Трамадол", "tramadol"),
    ("насвай", "tobacco"),
    # Dari/Farsi, typed on a Farsi keyboard or an Arabic one (ي/ی, ك/ک), with or without diacritics
    ("هروئین", "heroin"),
    ("هروئين", "heroin"),
    ("تریاک", "opium"),
    ("ترياك", "opium"),
    ("تِریاک", "opium"),
    ("شیشه", "methamphetamine_crystal"),
    ("چرس", "cannabis_resin"),
    ("انیدرید استیک", "acetic_anhydride"),
    ("ترامادول", "tramadol"),
    # ZWNJ and tatweel vanish
    ("پیش\u200cسازها", "precursors_other"),
    ("پیش‌سـازها", "precursors_other"),
    # Urdu and Pashto spellings
    ("ہیروئن", "heroin"),
    ("ڈوڈا", "poppy_straw"),
    ("نسوار", "tobacco"),
    # Iranian "crack" is a heroin product; the Latin word stays crack cocaine.
    ("کراک", "heroin"),
    ("crack", "cocaine_base"),
])
def test_lookup_across_scripts_and_spellings(text, code):
    assert lookup(text).code == code


def test_suggest_the_nearest_name():
    assert lookup("heroine") is None
    assert [s.code for s in suggest("heroine")] == ["heroin"]
    assert suggest("metamphetamine")[0].code == "methamphetamine"
    assert suggest("acetic anhidride")[0].code == "acetic_anhydride"
    assert suggest("героен")[0].code == "heroin"
    assert suggest("captgon")[0].code == "captagon"
    assert suggest("cannabis", limit=2)[0].code == "cannabis_other"
    assert len(suggest("cannabis", limit=2)) == 2
    assert len(suggest("ephedrin")) == 3
    assert len(suggest("ephedrin", limit=1)) == 1


@pytest.mark.parametrize("bad", ["", "   ", None, 42, b"heroin", "x" * 100_000, "\x00\x01\x02", "qqqqzzzz",
                                 "a", "-"])
def test_bad_input_finds_nothing_and_suggests_nothing(bad):
    assert lookup(bad) is None
    assert suggest(bad) == []


def test_suggest_with_odd_limits():
    assert suggest("heroine", limit=0) == []
    assert suggest("heroine", limit=-3) == []
    assert suggest("heroine", limit="3") == []


def test_control_characters_inside_a_name_are_ignored():
    # Pasted names carry stray control characters; they must neither crash nor prevent the match.
    assert lookup("Hero\x00in\t").code == "heroin"
