from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "hamkari.matching"
    verbose_name = _("Matching")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Entity saves and deletions queue background matching (see signals.py).
        from hamkari.matching import signals

        signals.connect()
