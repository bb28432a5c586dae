from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "jalon.comptes"
    label = "comptes"
    verbose_name = "Comptes"
