from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfcheckConfig(AppConfig):
    name = "koers.selfcheck"
    label = "selfcheck"
    verbose_name = _("Self-check")
