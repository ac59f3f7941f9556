"""The Django-side labels mirror the vocabulary, and the vocabulary itself stays free of Django."""

import ast
from pathlib import Path

from django.utils import translation

import hamkari.incidents.vocab as vocab_package
from hamkari.incidents import labels
from hamkari.incidents.labels import (
    SUBSTANCE_GROUP_LABELS, SUBSTANCE_LABELS, group_label, substance_choices, substance_label,
)
from hamkari.incidents.vocab.substances import GROUPS, SUBSTANCES

VOCAB_DIR = Path(vocab_package.__file__).parent


def test_labels_mirror_the_vocabulary_in_english():
    with translation.override("en"):
        assert list(SUBSTANCE_LABELS) == list(SUBSTANCES)
        assert list(SUBSTANCE_GROUP_LABELS) == list(GROUPS)
        for code, substance in SUBSTANCES.items():
            assert str(substance_label(code)) == substance.name
        for code, name in GROUPS.items():
            assert str(group_label(code)) == name


def test_unknown_codes_fall_back_to_the_code():
    assert substance_label("no_such_thing") == "no_such_thing"
    assert group_label("no_such_group") == "no_such_group"


def test_grouped_choices_hold_every_substance_once_under_its_group():
    with translation.override("en"):
        choices = substance_choices()
        assert [str(group) for group, _ in choices] == list(GROUPS.values())
        seen = []
        for group_name, options in choices:
            group_code = next(code for code, name in GROUPS.items() if name == str(group_name))
            for code, label in options:
                assert SUBSTANCES[code].group == group_code
                assert str(label) == SUBSTANCES[code].name
                seen.append(code)
        assert sorted(seen) == sorted(SUBSTANCES)


def test_labels_are_literal_gettext_calls_for_makemessages():
    tree = ast.parse(Path(labels.__file__).read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"]
    assert len(calls) == len(SUBSTANCES) + len(GROUPS)
    assert all(len(c.args) == 1 and isinstance(c.args[0], ast.Constant) and isinstance(c.args[0].value, str)
               for c in calls)


def test_vocab_never_imports_django():
    files = sorted(VOCAB_DIR.glob("*.py"))
    assert len(files) >= 6
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("django"), f"{path.name} imports {name}"
                assert not name.startswith("hamkari") or name.startswith("hamkari.incidents.vocab"), \
                    f"{path.name} imports {name}"


def test_unodc_names_are_not_repeated_within_a_substance():
    from hamkari.incidents.vocab._text import fold

    for substance in SUBSTANCES.values():
        keys = [fold(name) for name in substance.unodc_names]
        assert len(keys) == len(set(keys)), substance.code


def test_documentation_covers_every_substance_rule_and_subregion():
    from hamkari.incidents.vocab.conversions import RULES
    from hamkari.incidents.vocab.countries import _SUBREGIONS

    doc = (Path(__file__).resolve().parents[3] / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    for code, substance in SUBSTANCES.items():
        assert f"| `{code}` | {substance.group} | {substance.name} | {substance.unodc_names[0]}" in doc, code
    for rule in RULES:
        assert f"| `{rule}` |" in doc, rule
    for subregion, (region, _) in _SUBREGIONS.items():
        assert f"| {region} | {subregion} |" in doc, subregion
