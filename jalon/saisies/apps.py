from django.apps import AppConfig


class SaisiesConfig(AppConfig):
    name = "jalon.saisies"
    label = "saisies"
    verbose_name = "Saisies"
