from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "jalon.territoires"
    label = "territoires"
    verbose_name = "Territoires"
