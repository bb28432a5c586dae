"""Admin views of territories and populations: read-only, because both come from the files
shipped in jalon/data/territoires/ and `jalon load-territoires` would overwrite any edit."""

from django.contrib import admin

from jalon.territoires.models import Population, Territoire


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
