from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "koers.outcomes"
    verbose_name = _("outcome monitoring")

    def ready(self) -> None:
        from . import (
            demo,  # noqa: F401  (registers the demo generator)
            receivers,  # noqa: F401  (undelivered reminders)
        )
