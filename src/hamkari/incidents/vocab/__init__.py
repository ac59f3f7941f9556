"""Vocabularies of incident reporting, in plain Python (no Django import).

- `substances`: the controlled substance vocabulary (codes, groups, UNODC names, aliases in every script).
- `conversions`: documented rules that turn an amount and unit into a kilogram equivalent.
- `derive`: the values a Seizure stores that follow from its substance, amount and unit.
- `countries`: UNODC country names, regions and the IDS ROUTING column.
- `ids_terms`: the free-text IDS columns (TRANSPORT, HIDING_PLACE, INSTALLATION) and the incident choices.

docs/vocabulary.md explains every rule and where each number comes from.
"""
