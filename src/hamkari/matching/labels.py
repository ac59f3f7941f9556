"""Words of the hit pages, in the reader's language: entity kinds, the explanation's features, score bands.

The engine explains a score in English for logs and the command line; each feature also carries a stable
`code` and the values it cites (`params`), from which this module writes the same explanation in the reader's
language. A code this table does not know yet falls back on the engine's English `detail`.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

KIND_LABELS = {
    "person": _("Person"),
    "organization": _("Organization"),
    "phone": _("Phone"),
    "vehicle": _("Vehicle"),
    "document": _("Identity document"),
    "account": _("Bank account"),
}

FIELD_LABELS = {
    "name": _("Name"),
    "father_name": _("Father's name"),
    "birth_date": _("Birth date"),
    "nationality": _("Nationality"),
    "gender": _("Gender"),
    "identifier": _("Identifier"),
    "kind": _("Kind"),
}

BAND_HELP = {
    "high": _("Very likely the same: check the two records and record your judgement."),
    "medium": _("Possibly the same: compare the details before you act on it."),
    "low": _("Weak similarity: most such pairs are different people."),
}

# Feature codes of the engine (hamkari/matching/engine/score.py) -> the sentence in the reader's language, with
# the params the engine puts on the feature. Names are shown as written; countries and genders are translated in
# `_localized` before the sentence is filled in.
FEATURE_TEXT = {
    "name.missing": _("No usable name on one side."),
    "name.exact": _("The same name: %(left)s and %(right)s."),
    "name.translit": _("The same name, transliterated: %(left)s and %(right)s."),
    "name.cross_script": _("The same name in another script: %(left)s and %(right)s."),
    "name.phonetic": _("Names that sound the same: %(left)s and %(right)s."),
    "name.stem": _("The same name with another ending (-ov, -zoda, -i...): %(left)s and %(right)s."),
    "name.skeleton": _("Names with the same consonants: %(left)s and %(right)s."),
    "name.close": _("Close names, with a spelling difference: %(left)s and %(right)s."),
    "name.partial": _("Names that share some words only: %(left)s and %(right)s."),
    "name.different": _("Different names: %(left)s and %(right)s."),
    "father_name.same": _("The same father's name: %(left)s and %(right)s."),
    "father_name.different": _("Different fathers' names: %(left)s and %(right)s."),
    "birth_date.missing": _("The birth date is not known on both sides."),
    "birth_date.same_day": _("Born the same day: %(left)s."),
    "birth_date.transposed": _("Birth dates with day and month swapped: %(left)s and %(right)s."),
    "birth_date.same_month": _("Born the same month, another day: %(left)s and %(right)s."),
    "birth_date.year_off": _("Same day and month of birth, one year apart: %(left)s and %(right)s."),
    "birth_date.year_typo": _("Same day and month of birth, the year mistyped: %(left)s and %(right)s."),
    "birth_date.month_off": _("Same year and day of birth, another month: %(left)s and %(right)s."),
    "birth_date.same_year": _("Born the same year only: %(left)s and %(right)s."),
    "birth_date.compatible_month": _("Born the same month; the day is known on one side: %(left)s and %(right)s."),
    "birth_date.year_only": _("Born the same year; one side knows the year only: %(left)s and %(right)s."),
    "birth_date.within_1_year": _("Birth dates one year apart: %(left)s and %(right)s."),
    "birth_date.within_2_years": _("Birth dates two years apart: %(left)s and %(right)s."),
    "birth_date.different": _("Different birth dates: %(left)s and %(right)s."),
    "nationality.same": _("The same nationality: %(left)s."),
    "nationality.different": _("Different nationalities: %(left)s and %(right)s."),
    "gender.same": _("The same gender."),
    "gender.different": _("Different genders."),
    "identifier.same": _("The same identifier: %(identifier)s."),
    "identifier.different": _("Different identifiers."),
    "kind.different": _("Records of different kinds."),
}


def _localized(code: str, params: dict) -> dict:
    """Params as the sentence shows them: country codes as country names; lists joined."""
    from hamkari.tenancy.countries import country_name

    shown = {k: v for k, v in params.items()}
    if code.startswith("nationality."):
        shown = {k: country_name(v) if isinstance(v, str) and len(v) == 2 else v for k, v in shown.items()}
    if "identifiers" in shown and "identifier" not in shown:
        shown["identifier"] = ", ".join(shown["identifiers"][:3])
    return {k: v if v not in (None, "") else "—" for k, v in shown.items()}


def feature_rows(features) -> list[dict]:
    """[{field, weight, text, direction}] from a hit's stored features (dicts with code, field, weight, params,
    detail)."""
    rows = []
    for feature in features or []:
        params = feature.get("params") or {}
        code = feature.get("code", "")
        template = FEATURE_TEXT.get(code)
        try:
            text = str(template) % _localized(code, params) if template else feature.get("detail", "")
        except (KeyError, TypeError, ValueError):
            text = feature.get("detail", "")
        weight = float(feature.get("weight") or 0)
        rows.append({"field": FIELD_LABELS.get(feature.get("field", ""), feature.get("field", "")),
                     "weight": weight, "text": text,
                     "direction": "for" if weight > 0 else "against" if weight < 0 else "neutral"})
    return rows


DIRECTION_LABELS = {
    "for": pgettext_lazy("evidence", "for"),
    "against": pgettext_lazy("evidence", "against"),
    "neutral": pgettext_lazy("evidence", "neutral"),
}
