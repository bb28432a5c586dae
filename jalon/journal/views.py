"""Search and export of the audit trail: national admins only (403 for everyone else)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from jalon.journal.export import reponse_csv
from jalon.journal.filtres import RechercheJournalForm
from jalon.territoires import perms

ENTREES_PAR_PAGE = 50


@login_required
def recherche(request):
    perms.require(perms.can_read_journal(request.user))
    # Always bound: every criterion is optional, so an empty query lists everything.
    form = RechercheJournalForm(request.GET)
    entrees = form.entrees()
    paginator = Paginator(entrees, ENTREES_PAR_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.pages_list = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return render(
        request,
        "journal/recherche.html",
        {
            "title": "Journal d'audit",
            "form": form,
            "page_obj": page,
            "nombre": paginator.count,
            "parametres": request.GET.urlencode(),
        },
    )


@login_required
def export_csv(request):
    perms.require(perms.can_read_journal(request.user))
    entrees = RechercheJournalForm(request.GET).entrees()
    nom = f"journal-jalon-{timezone.localdate():%Y%m%d}.csv"
    return reponse_csv(entrees, nom)
