from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "jalon.journal"
    label = "journal"
    verbose_name = "Journal d'audit"
