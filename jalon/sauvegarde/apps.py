from django.apps import AppConfig


class SauvegardeConfig(AppConfig):
    name = "jalon.sauvegarde"
    label = "sauvegarde"
    verbose_name = "Sauvegarde et restauration"
