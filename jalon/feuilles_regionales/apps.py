from django.apps import AppConfig


class FeuillesRegionalesConfig(AppConfig):
    name = "jalon.feuilles_regionales"
    verbose_name = "Feuilles de route régionales"
