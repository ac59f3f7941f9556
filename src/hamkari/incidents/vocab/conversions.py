"""Kilogram equivalents of seizure amounts, by documented rules.

`to_kg(amount, unit, substance_code)` returns the kilogram equivalent and the id of the rule applied, or
(None, "no_conversion") when no sound rule exists (plants, items counted in "unit"s, tablets of substances
without a typical tablet weight). Every rule id is in RULES with a one-line explanation; docs/vocabulary.md
gives the sources. Nothing is converted silently: the rule id is stored beside the result.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from hamkari.incidents.vocab.substances import SUBSTANCES, UNITS

FOUR_PLACES = Decimal("0.0001")
NO_CONVERSION = "no_conversion"

# Densities in kg per litre at about 20 °C, from standard chemical handbooks (CRC Handbook of Chemistry and
# Physics, PubChem). The acids are the concentrated commercial grades in which they are traded and seized.
DENSITY_KG_PER_L: dict[str, Decimal] = {
    "acetic_anhydride": Decimal("1.08"),
    "acetone": Decimal("0.79"),
    "ethyl_ether": Decimal("0.71"),
    "hydrochloric_acid": Decimal("1.18"),  # about 37 % HCl
    "sulphuric_acid": Decimal("1.84"),  # about 98 % H2SO4
    "methyl_ethyl_ketone": Decimal("0.80"),
    "toluene": Decimal("0.87"),
    "piperidine": Decimal("0.86"),
    "p2p": Decimal("1.01"),
    "safrole": Decimal("1.10"),
    "isosafrole": Decimal("1.12"),
}

# Gross weight of one tablet or capsule, in grams.
TABLET_G: dict[str, tuple[Decimal, str]] = {
    "methamphetamine_tablet": (Decimal("0.1"), "tablet_yaba"),
    # A methamphetamine seizure counted in tablets is, in this region and in South-East Asia, yaba.
    "methamphetamine": (Decimal("0.1"), "tablet_yaba"),
    "captagon": (Decimal("0.17"), "tablet_captagon"),
    "mdma": (Decimal("0.3"), "tablet_ecstasy"),
    "amphetamine": (Decimal("0.1"), "tablet_ats"),
    "ats_other": (Decimal("0.1"), "tablet_ats"),
    "methcathinone": (Decimal("0.1"), "tablet_ats"),
    "tramadol": (Decimal("0.25"), "tablet_pharmaceutical"),
    "codeine": (Decimal("0.25"), "tablet_pharmaceutical"),
    "buprenorphine": (Decimal("0.25"), "tablet_pharmaceutical"),
    "methadone": (Decimal("0.25"), "tablet_pharmaceutical"),
    "pharmaceutical_opioids_other": (Decimal("0.25"), "tablet_pharmaceutical"),
    "benzodiazepines": (Decimal("0.25"), "tablet_pharmaceutical"),
    "pregabalin": (Decimal("0.25"), "tablet_pharmaceutical"),
    "methaqualone": (Decimal("0.25"), "tablet_pharmaceutical"),
    "barbiturates": (Decimal("0.25"), "tablet_pharmaceutical"),
    "sedatives_other": (Decimal("0.25"), "tablet_pharmaceutical"),
    "pharmaceuticals_other": (Decimal("0.25"), "tablet_pharmaceutical"),
    "ephedrine": (Decimal("0.25"), "tablet_pharmaceutical"),
    "pseudoephedrine": (Decimal("0.25"), "tablet_pharmaceutical"),
}

# UNODC publishes its kilogram equivalents with this note (dataUNODC, "Global seizures of drugs"): "Seizures
# reported by volume (litres, millilitres, etc.) are converted to kg equivalents by assuming a weight of 1 kg per
# litre. Seizures of amphetamine-type stimulants reported in tablets or similar units are converted using assumed
# bulk tablet weights between 90mg and 300 mg, depending on the region and specific drug type."
RULES: dict[str, str] = {
    "mass_kg": "Amount in kilograms, taken as it is.",
    "mass_g": "Amount in grams divided by 1,000.",
    "volume_density": "Litres (millilitres / 1,000) times the chemical's density at about 20 °C from standard "
                      "handbooks (acetic anhydride 1.08 kg/l, acetone 0.79, sulphuric acid 1.84, ...).",
    "volume_default": "Litres (millilitres / 1,000) counted as 1 kg per litre, the convention UNODC uses for its "
                      "kilogram equivalents when no density is stated.",
    "tablet_yaba": "Methamphetamine tablets (yaba) at 0.1 g each: their usual bulk weight, within UNODC's "
                   "90-300 mg range for ATS tablets.",
    "tablet_captagon": "Captagon tablets at 0.17 g each: the commonly cited average bulk weight (a convention "
                       "within UNODC's 90-300 mg range for ATS tablets).",
    "tablet_ecstasy": "'Ecstasy' (MDMA) tablets at 0.3 g each: a typical bulk weight, the top of UNODC's "
                      "90-300 mg range for ATS tablets (convention).",
    "tablet_ats": "Other amphetamine-type stimulant tablets at 0.1 g each, as methamphetamine tablets "
                  "(convention, the bottom of UNODC's 90-300 mg range).",
    "tablet_pharmaceutical": "Pharmaceutical tablets or capsules (tramadol, benzodiazepines, pregabalin, ...) at "
                             "0.25 g bulk each: a convention for a typical oral dosage form, not a measurement "
                             "and not the weight of the active ingredient.",
    NO_CONVERSION: "No sound conversion to kilograms (plants, items counted as units, or tablets of a "
                   "substance without a typical tablet weight); the amount stays in its own unit.",
}

# Units as files write them -> (our unit, factor the amount is multiplied by). Units we cannot express in
# kg, g, l, ml, tablet, plant or unit (hectares, acres) are absent on purpose: the importer reports them.
_UNIT_WORDS: dict[str, tuple[str, str]] = {}


def _unit(code: str, factor: str, *spellings: str) -> None:
    for spelling in spellings:
        _UNIT_WORDS[_unit_key(spelling)] = (code, factor)


def _unit_key(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())


_unit("kg", "1", "kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos", "кг",
      "килограмм", "килограммов", "килограмма", "کیلوگرام", "کیلو", "کلوگرام", "کیلوگرم", "کلو")
_unit("g", "1", "g", "gr", "grs", "gm", "gms", "gram", "grams", "gramme", "grammes", "г", "гр", "грамм",
      "граммов", "грамма", "گرم", "گرام")
_unit("kg", "1000", "t", "ton", "tons", "tonne", "tonnes", "metric ton", "metric tons", "т", "тонна", "тонн",
      "тонны", "تن")
_unit("kg", "0.45359237", "lb", "lbs", "pound", "pounds")
_unit("kg", "0.35", "block 350gr", "block 350 gr", "block 350g")
_unit("kg", "1.63293", "viss")  # Myanmar weight, as IDS files write it
_unit("kg", "60.478982", "picul")
_unit("g", "0.001", "mg", "milligram", "milligrams", "мг", "миллиграмм", "میلی گرم")
_unit("l", "1", "l", "lt", "ltr", "ltrs", "litre", "litres", "liter", "liters", "л", "литр", "литров", "литра",
      "لیتر", "ليتر")
_unit("l", "3.785411784", "gallons us liquid", "gallon", "gallons", "us gallon", "us gallons")
_unit("ml", "1", "ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters", "cc", "мл",
      "миллилитр", "миллилитров", "میلی لیتر", "میلی‌لیتر")
_unit("tablet", "1", "tablet", "tablets", "tab", "tabs", "pill", "pills", "capsule", "capsules", "caps",
      "barette", "таблетка", "таблетки", "таблеток", "табл", "капсула", "капсулы", "капсул", "قرص", "کپسول",
      "گولی", "گولیاں")
_unit("tablet", "100", "hundred of tablets")
_unit("tablet", "1000", "thousand of tablets", "thousand tablets")
_unit("plant", "1", "plant", "plants", "bush", "bushes", "куст", "кусты", "кустов", "растение", "растения",
      "растений", "بوته", "بوٹا", "پودا")
_unit("unit", "1", "unit", "units", "u", "piece", "pieces", "pcs", "pc", "item", "items", "dose", "doses",
      "blotter", "blotters", "ampoule", "ampoules", "vial", "vials", "bottle", "bottles", "injection", "seed",
      "seeds", "cigarette", "cigarettes", "packet", "packets", "шт", "штук", "штука", "штуки", "доза", "доз",
      "ампула", "ампул", "флакон", "флаконов", "عدد", "دانه", "بسته", "ویال", "آمپول")
_unit("unit", "100", "hundred of units", "hundred units")
_unit("unit", "1000", "thousand of doses", "thousand doses", "thousand of units", "thousand units")

IDS_UNITS: dict[str, str] = {
    "kg": "Kilogram", "g": "Gram", "l": "Litre", "ml": "Millilitre", "tablet": "Tablet", "plant": "Plants",
    "unit": "Unit",
}


def parse_unit(text: str) -> tuple[str, Decimal] | None:
    """(unit code, factor) for a unit as files write it, or None when it is not one we can record.

    The amount read with the unit is multiplied by the factor: "Ton" is ("kg", 1000), "Pound" ("kg",
    0.45359237), "Thousand of tablets" ("tablet", 1000), "Kilogram" ("kg", 1). Hectares and acres are not
    amounts of a substance and give None.
    """
    if not isinstance(text, str) or len(text) > 100:
        return None
    found = _UNIT_WORDS.get(_unit_key(text))
    if found is None:
        return None
    code, factor = found
    return code, Decimal(factor)


def ids_unit(code: str) -> str:
    """The DRUG_UNIT text an IDS file uses for a unit code ("Kilogram", "Gram", "Litre", ...)."""
    if not isinstance(code, str) or code not in IDS_UNITS:
        raise ValueError(f"unknown unit {code!r}")
    return IDS_UNITS[code]


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _as_decimal(amount) -> Decimal:
    if isinstance(amount, bool):
        raise ValueError("amount must be a number")
    if isinstance(amount, float):
        amount = str(amount)
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"amount {amount!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"amount {amount!r} is not a finite number")
    if value < 0:
        raise ValueError(f"amount {amount!r} is negative")
    return value


def to_kg(amount: Decimal, unit: str, substance_code: str) -> tuple[Decimal | None, str]:
    """(kilogram equivalent quantized to 4 places, rule id), or (None, "no_conversion").

    Raises ValueError for an amount that is not a finite non-negative number, an unknown unit or an unknown
    substance code: those are input errors for the caller to report, not conversions to skip.
    """
    value = _as_decimal(amount)
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}")
    if substance_code not in SUBSTANCES:
        raise ValueError(f"unknown substance code {substance_code!r}")
    try:
        if unit == "kg":
            return _quantize(value), "mass_kg"
        if unit == "g":
            return _quantize(value / 1000), "mass_g"
        if unit in ("l", "ml"):
            litres = value if unit == "l" else value / 1000
            density = DENSITY_KG_PER_L.get(substance_code)
            if density is not None:
                return _quantize(litres * density), "volume_density"
            return _quantize(litres), "volume_default"
        if unit == "tablet" and substance_code in TABLET_G:
            grams, rule = TABLET_G[substance_code]
            return _quantize(value * grams / 1000), rule
    except InvalidOperation:
        # Beyond Decimal's 28 significant digits: absurd, and the caller's validation says so.
        raise ValueError(f"amount {amount!r} is too large") from None
    return None, NO_CONVERSION
