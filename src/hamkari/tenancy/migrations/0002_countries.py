"""Every ISO 3166-1 country, the eight member states marked. Re-running `migrate` on a newer pycountry
adds new countries through `hamkari seed`; this migration only loads the list once."""

from django.db import migrations

MEMBER_STATES = ("AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ")


def load(apps, schema_editor):
    from hamkari.tenancy.countries import all_countries

    Country = apps.get_model("tenancy", "Country")
    existing = set(Country.objects.values_list("iso2", flat=True))
    Country.objects.bulk_create([
        Country(iso2=iso2, iso3=iso3, numeric=numeric, name=name, is_member=iso2 in MEMBER_STATES)
        for iso2, iso3, numeric, name in all_countries() if iso2 not in existing
    ])


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
