from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Django knows Farsi and Urdu but not Dari (fa-af) or Pashto (ps); teach it their names and direction.
EXTRA_LANG_INFO = {
    "fa-af": {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"},
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
}


class CoreConfig(AppConfig):
    name = "hamkari.core"
    verbose_name = _("Platform")

    def ready(self):
        from django.conf.locale import LANG_INFO

        for code, info in EXTRA_LANG_INFO.items():
            LANG_INFO.setdefault(code, info)
