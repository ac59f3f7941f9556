from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "hamkari.sharing"
    verbose_name = _("Sharing and audit")

    def ready(self):
        from hamkari.sharing import signals  # noqa: F401  (log-in auditing)
