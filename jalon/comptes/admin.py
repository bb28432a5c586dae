from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from jalon.comptes import services
from jalon.comptes.models import ApiToken, Utilisateur


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    list_display = [
        "username",
        "last_name",
        "first_name",
        "role",
        "territoire",
        "organisation",
        "is_active",
    ]
    list_filter = ["role", "is_active", "is_superuser", "organisation"]
    list_select_related = ["territoire", "organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "territoire__code"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Rôle et périmètre", {"fields": ["role", "territoire", "organisation", "telephone"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Rôle et périmètre", {"fields": ["role", "territoire", "organisation"]}),
    ]

    def save_model(self, request, obj, form, change):
        # The admin form has already written the posted values into `obj`: read the stored
        # state from the database for the journal's "before".
        services.enregistrer_compte(request.user, obj, "web", avant=services.etat_enregistre(obj))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `jalon token create`: the admin can only read and revoke."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["prefix", "name", "user__username"]
    fields = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "name", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Révoquer les jetons sélectionnés")
    def revoke(self, request, queryset):
        for token in queryset.select_related("user"):
            services.revoquer_jeton(request.user, token, "web")
