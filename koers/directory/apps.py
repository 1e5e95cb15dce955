from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "koers.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from .freshness import install_after_migrate

        # After every migrate: triggers a rebuilt SQLite table lost are put back.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="directory-version")
