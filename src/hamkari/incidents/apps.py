from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "hamkari.incidents"
    verbose_name = _("Incidents and seizures")

    def ready(self):
        from hamkari.incidents import registration  # noqa: F401  (joins the shareable registry)
