from django.apps import AppConfig


class GraphiquesConfig(AppConfig):
    name = "jalon.graphiques"
    label = "graphiques"
    verbose_name = "Graphiques"
