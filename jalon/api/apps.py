from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jalon.api"
    label = "api"
    verbose_name = "API"
