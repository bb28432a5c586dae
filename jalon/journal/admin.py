from django.contrib import admin

from jalon.journal.models import EntreeJournal


@admin.register(EntreeJournal)
class EntreeJournalAdmin(admin.ModelAdmin):
    """Read-only: the journal is append-only (the search page at /journal/ is the main view)."""

    list_display = ["horodatage", "utilisateur_nom", "canal", "action", "objet_type", "objet_id"]
    list_filter = ["canal", "action", "objet_type"]
    search_fields = ["utilisateur_nom", "objet_libelle", "objet_id", "motif"]
    date_hierarchy = "horodatage"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
