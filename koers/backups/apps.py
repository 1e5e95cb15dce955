from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "koers.backups"
    label = "backups"
    verbose_name = "Backups"
