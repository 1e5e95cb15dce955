from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "koers.privacy"
    label = "privacy"
    verbose_name = "Privacy"
