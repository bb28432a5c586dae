from django.apps import AppConfig


class ReferentielConfig(AppConfig):
    name = "jalon.referentiel"
    label = "referentiel"
    verbose_name = "Référentiel"
