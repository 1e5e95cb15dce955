from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    name = "koers.trajectories"
    label = "trajectories"
    verbose_name = _("Trajectories")

    def ready(self) -> None:
        # The audit page's client filter finds this app's entries about a client.
        from koers.audit.selectors import register_client_objects

        from .refusals import client_objects

        register_client_objects(client_objects)
