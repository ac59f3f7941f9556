from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "hamkari.tenancy"
    verbose_name = _("Countries, agencies and users")
