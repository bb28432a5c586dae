from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "jalon.opendata"
    label = "opendata"
    verbose_name = "Données ouvertes"
