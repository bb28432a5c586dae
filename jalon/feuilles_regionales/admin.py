"""Read-mostly admin: changes go through the services (journal, permissions), not here."""

from django.contrib import admin

from jalon.feuilles_regionales.models import (
    ActionRegionale,
    Jalon,
    LienActionNationale,
    ObjectifRegional,
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
