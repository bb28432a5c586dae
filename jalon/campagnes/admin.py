"""Read-only admin: campaigns and exceptions change through `jalon.campagnes.services`, which
checks the rules and writes the audit trail; the admin only shows them."""

from django.contrib import admin

from jalon.campagnes.models import (
    Campagne,
    EnvoiRelance,
    ExceptionSaisie,
)


class LectureSeuleMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campagne)
class CampagneAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["annee", "statut", "echeance_valeurs_regionales", "echeance_bilan_national"]


@admin.register(ExceptionSaisie)
class ExceptionSaisieAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["campagne", "region", "organisation", "indicateur", "jusqu_au", "revoquee_le"]
    list_filter = ["campagne"]


@admin.register(EnvoiRelance)
class EnvoiRelanceAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["campagne", "destinataire", "echeance", "jour", "nombre_manquantes"]
    list_filter = ["campagne", "echeance", "jour"]
