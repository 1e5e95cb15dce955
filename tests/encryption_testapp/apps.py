from django.apps import AppConfig


class EncryptionTestAppConfig(AppConfig):
    name = "tests.encryption_testapp"
    label = "encryption_testapp"
    verbose_name = "Encryption test app"
    default_auto_field = "django.db.models.BigAutoField"
