from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DemodataConfig(AppConfig):
    name = "koers.demodata"
    label = "demodata"
    verbose_name = "Demo data"

    def ready(self) -> None:
        autodiscover_modules("demo")
