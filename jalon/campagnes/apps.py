from django.apps import AppConfig


class CampagnesConfig(AppConfig):
    name = "jalon.campagnes"
    label = "campagnes"
    verbose_name = "Campagnes"
