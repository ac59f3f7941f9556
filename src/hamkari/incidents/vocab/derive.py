"""What a Seizure stores that follows from its substance, amount and unit (see incidents/models.py)."""

from decimal import Decimal

from hamkari.incidents.vocab.conversions import to_kg
from hamkari.incidents.vocab.substances import SUBSTANCES


def seizure_derived(substance_code: str, amount: Decimal, unit: str) -> dict:
    """{"substance_group", "amount_kg", "conversion_rule"} for a seizure line.

    Raises ValueError for an unknown substance code or unit, or an amount that is not a finite non-negative
    number; `amount_kg` is None (and `conversion_rule` "no_conversion") when no rule applies.
    """
    substance = SUBSTANCES.get(substance_code) if isinstance(substance_code, str) else None
    if substance is None:
        raise ValueError(f"unknown substance code {substance_code!r}")
    amount_kg, rule = to_kg(amount, unit, substance.code)
    return {"substance_group": substance.group, "amount_kg": amount_kg, "conversion_rule": rule}
