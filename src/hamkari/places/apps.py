from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "hamkari.places"
    verbose_name = _("Gazetteer")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from hamkari.places.models import Place, PlaceName
        from hamkari.places.selectors import clear_cache

        # The fuzzy geocoding index is kept in memory; a spelling or place changed in this process renews it.
        for model in (Place, PlaceName):
            post_save.connect(clear_cache, sender=model, dispatch_uid=f"places-clear-cache-save-{model.__name__}")
            post_delete.connect(clear_cache, sender=model, dispatch_uid=f"places-clear-cache-del-{model.__name__}")
