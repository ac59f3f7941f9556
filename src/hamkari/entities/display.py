"""What an entity page shows of a record: its fields in order, with choice labels. Shared by the entity pages
and the hit pages (which show two records side by side)."""

# The fields each page shows, in order (names are wrapped in <bdi> by the templates).
DETAIL_FIELDS = {
    "person": ["father_name", "birth_date", "birth_place", "nationality", "gender"],
    "organization": ["aliases", "country", "registration_number"],
    "vehicle": ["plate", "registration_country", "vin", "make", "model"],
    "phone": ["number", "e164", "imei"],
    "document": ["kind", "number", "issuing_country"],
    "account": ["iban", "account_number", "bank_name", "country"],
    "address": ["text", "country", "place"],
}


def field_rows(kind, obj):
    rows = []
    for name in DETAIL_FIELDS[kind]:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.choices:
            value = getattr(obj, f"get_{name}_display")()
        if name == "aliases":
            value = value or []
        rows.append({"name": name, "label": field.verbose_name, "value": value})
    return rows
