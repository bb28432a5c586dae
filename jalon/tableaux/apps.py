from django.apps import AppConfig


class TableauxConfig(AppConfig):
    name = "jalon.tableaux"
    label = "tableaux"
    verbose_name = "Tableaux de bord"
