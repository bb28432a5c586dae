"""Admin views of territories and populations: read-only, because both come from the files
shipped in jalon/data/territoires/ and `jalon load-territoires` would overwrite any edit."""

from django.contrib import admin

from jalon.territoires.models import FichePTSM, Population, Territoire


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PopulationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Population
    fields = ["annee", "valeur", "source"]
    extra = 0


@admin.register(Territoire)
class TerritoireAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "nom", "niveau", "parent", "outre_mer", "ordre"]
    list_filter = ["niveau", "outre_mer"]
    search_fields = ["code", "nom", "cog"]
    list_select_related = ["parent"]
    inlines = [PopulationInline]


@admin.register(Population)
class PopulationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["territoire", "annee", "valeur", "source"]
    list_filter = ["annee", "territoire__niveau"]
    search_fields = ["territoire__code", "territoire__nom"]
    list_select_related = ["territoire"]


@admin.register(FichePTSM)
class FichePTSMAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only too: the PTSM list changes through `jalon import-ptsm` or its page."""

    list_display = ["territoire", "ctsm_signe", "ctsm_signe_le", "coordinateur_nom"]
    list_filter = ["ctsm_signe"]
    search_fields = ["territoire__code", "territoire__nom"]
    list_select_related = ["territoire"]
