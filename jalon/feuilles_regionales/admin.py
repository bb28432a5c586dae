"""Read-mostly admin: changes go through the services (journal, permissions), not here."""

from django.contrib import admin

from jalon.feuilles_regionales.models import (
    ActionRegionale,
    BilanRegional,
    HistoriqueBilanRegional,
    Jalon,
    LienActionNationale,
    ObjectifRegional,
    SuiviActionRegionale,
)


class LectureSeuleMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LienInline(LectureSeuleMixin, admin.TabularInline):
    model = LienActionNationale
    extra = 0


class JalonInline(LectureSeuleMixin, admin.TabularInline):
    model = Jalon
    extra = 0


@admin.register(ActionRegionale)
class ActionRegionaleAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["numero", "titre", "objectif", "statut", "meteo", "initiative_a_valoriser"]
    list_filter = ["version__plan__territoire", "statut", "meteo", "initiative_a_valoriser"]
    search_fields = ["numero", "titre"]
    inlines = [LienInline, JalonInline]


@admin.register(ObjectifRegional)
class ObjectifRegionalAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["code", "libelle", "version"]
    list_filter = ["version__plan__territoire"]


class SuiviInline(LectureSeuleMixin, admin.TabularInline):
    model = SuiviActionRegionale
    extra = 0
    fields = ["action", "statut", "meteo", "avancement", "version", "modifie_par", "modifie_le"]
    readonly_fields = fields


class HistoriqueInline(LectureSeuleMixin, admin.TabularInline):
    model = HistoriqueBilanRegional
    extra = 0
    fields = ["horodatage", "auteur_nom", "objet", "champ", "ancienne", "nouvelle", "motif"]
    readonly_fields = fields


@admin.register(BilanRegional)
class BilanRegionalAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["region", "campagne", "statut", "soumis_le", "valide_le"]
    list_filter = ["campagne", "statut"]
    inlines = [SuiviInline, HistoriqueInline]
