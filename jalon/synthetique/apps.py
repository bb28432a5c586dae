from django.apps import AppConfig


class SynthetiqueConfig(AppConfig):
    name = "jalon.synthetique"
    label = "synthetique"
    verbose_name = "Données synthétiques"
