from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "koers.contact"
    label = "contact"
    verbose_name = _("Contact requests")

    def ready(self) -> None:
        # Erasing a client also erases the requests that led to the file.
        from koers.trajectories.signals import client_erased

        from .services import erase_requests_of_client

        client_erased.connect(erase_requests_of_client, dispatch_uid="contact_erase_requests")

        # The case worker's start page lists their requests.
        from koers.trajectories.today import RequestSource, register_requests

        from .selectors import open_requests_per_worker, requests_for_today

        register_requests(RequestSource(requests_for_today, open_requests_per_worker))
