from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "hamkari.entities"
    verbose_name = _("Persons, organizations and identifiers")

    def ready(self):
        from hamkari.entities import registration  # noqa: F401  (joins the shareable registry)
