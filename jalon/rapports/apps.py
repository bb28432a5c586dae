from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "jalon.rapports"
    label = "rapports"
    verbose_name = "Rapports et bilans"
