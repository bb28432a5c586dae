"""Read-only admin: values change through `jalon.saisies.services` only, so that every change
has its history row, its journal entry and its permission check."""

from django.contrib import admin

from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.territoires.admin import ReadOnlyAdminMixin


class HistoriqueInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = HistoriqueValeur
    extra = 0
    fields = ["horodatage", "auteur", "canal", "ancienne_valeur", "nouvelle_valeur"]
    fields += ["ancien_statut", "nouveau_statut", "motif"]
    readonly_fields = fields


@admin.register(Valeur)
class ValeurAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["indicateur", "territoire", "periode", "valeur", "statut", "canal", "version"]
    list_filter = ["statut", "canal", "annee"]
    search_fields = ["indicateur__code", "territoire__code", "periode"]
    list_select_related = ["indicateur", "territoire"]
    inlines = [HistoriqueInline]
