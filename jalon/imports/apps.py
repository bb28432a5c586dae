from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "jalon.imports"
    label = "imports"
    verbose_name = "Imports"
