"""Load the gazetteer (provinces, border crossing points, GeoNames settlements of the eight member states)
into a fresh database. `hamkari places load` brings an existing database up to date the same way.

The loader is called with this migration's historical models, so later changes to the models do not break
it as long as the fields it writes (see places.loader.PLACE_FIELDS) exist at this point of the history.
"""

from django.db import migrations


def load(apps, schema_editor):
    from hamkari.places.loader import load as load_gazetteer

    load_gazetteer(apps.get_model("places", "Place"), apps.get_model("places", "PlaceName"),
                   using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("places", "0002_placename_skeleton"), ("tenancy", "0002_countries")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
