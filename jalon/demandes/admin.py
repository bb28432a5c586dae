"""Read-only admin: requests change through `jalon.demandes.services`, which checks the rules
and writes the audit trail; the admin only shows them."""

from django.contrib import admin

from jalon.campagnes.admin import LectureSeuleMixin
from jalon.demandes.models import Cible, Demande, ExceptionDemande, HistoriqueReponse, Reponse


@admin.register(Demande)
class DemandeAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["titre", "statut", "echeance", "creee_le", "exemple_demo"]
    list_filter = ["statut"]


@admin.register(Cible)
class CibleAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["demande", "region", "statut", "repondue_le"]
    list_filter = ["statut"]


@admin.register(Reponse)
class ReponseAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["question", "region", "version", "modifiee_le"]


@admin.register(HistoriqueReponse)
class HistoriqueReponseAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["reponse", "auteur", "canal", "horodatage"]


@admin.register(ExceptionDemande)
class ExceptionDemandeAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["demande", "region", "jusqu_au", "revoquee_le"]
