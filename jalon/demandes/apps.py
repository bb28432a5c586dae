from django.apps import AppConfig


class DemandesConfig(AppConfig):
    name = "jalon.demandes"
    label = "demandes"
    verbose_name = "Demandes ponctuelles"
