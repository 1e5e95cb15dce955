from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "koers.safety"
    label = "safety"
    verbose_name = _("Safety")

    def ready(self) -> None:
        from .account_data import connect

        connect()
