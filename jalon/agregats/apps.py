from django.apps import AppConfig


class AgregatsConfig(AppConfig):
    name = "jalon.agregats"
    label = "agregats"
    verbose_name = "Agrégats"
