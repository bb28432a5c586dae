"""Pages of the bilans: index, draft web view, background builds with progress, download.

Rights checked on the server: the national bilan's pages need `can_build_national_bilan`
(national admin, national pilots); a build is visible to its author and national admins
only (404 otherwise); publishing needs `can_publish_national`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from jalon.rapports.models import ConstructionBilan, Format, Genre, Narratif
from jalon.rapports.rendu import TYPES_MIME
from jalon.rapports.rendu_html import corps_html
from jalon.rapports.services import (
    chemin_fichier,
    demander_construction,
    document_pour,
    region_par_code,
    verifier_annee,
    version_par_code,
)
from jalon.referentiel.queries import versions_feuille_de_route
from jalon.saisies.models import Valeur
from jalon.territoires import perms
from jalon.www.htmx import render_page_or_fragment
from jalon.www.rapports.forms import ConstructionForm


def fil(courant, *liens):
    return {"links": [{"url": u, "title": t} for u, t in liens], "current": courant}


def annees_disponibles() -> list[int]:
    annees = set(Narratif.objects.values_list("annee", flat=True).distinct())
    annees |= set(Valeur.objects.values_list("annee", flat=True).distinct())
    annees.add(timezone.localdate().year - 1)
    return sorted((a for a in annees if 2000 <= a <= 2100), reverse=True)


def _annee(valeur) -> int:
    try:
        return verifier_annee(valeur)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc


@login_required
def index(request):
    perms.require(perms.can_build_national_bilan(request.user))
    annees = annees_disponibles()
    annee = _annee(request.GET.get("annee") or annees[0])
    constructions = ConstructionBilan.objects.filter(demande_par=request.user)[:8]
    return render(
        request,
        "www/rapports/index.html",
        {
            "title": "Bilans",
            "annees": annees,
            "annee": annee,
            "versions": versions_feuille_de_route().order_by("-est_courante", "code"),
            "formats": Format.choices,
            "peut_publier": perms.can_publish_national(request.user),
            "peut_choisir": perms.can_choose_key_figures(request.user),
            "constructions": constructions,
            "breadcrumb_data": fil("Bilans"),
        },
    )


@login_required
def vue_nationale(request, annee):
    perms.require(perms.can_build_national_bilan(request.user))
    annee = _annee(annee)
    try:
        version = version_par_code(request.GET.get("version") or "")
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    document = document_pour(request.user, Genre.NATIONAL, annee, version=version)
    return render(
        request,
        "www/rapports/vue.html",
        {
            "title": f"Bilan national {annee} (brouillon)",
            # Every text is escaped by corps_html; charts are drawn by the browser.
            "document_html": mark_safe(corps_html(document, navigateur=True)),
            "annee": annee,
            "version": version,
            "breadcrumb_data": fil(f"Bilan {annee}", (_url_index(annee), "Bilans")),
        },
    )


def _url_index(annee=None):
    from django.urls import reverse

    url = reverse("www:bilans")
    return f"{url}?annee={annee}" if annee else url


@login_required
@require_POST
def construire(request):
    form = ConstructionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Demande incomplète : " + form.errors.as_text())
        return redirect("www:bilans")
    donnees = form.cleaned_data
    region = None
    try:
        if donnees["genre"] == Genre.REGIONAL:
            region = region_par_code(donnees["region"])
        construction = demander_construction(
            request.user,
            donnees["genre"],
            donnees["annee"],
            donnees["format"],
            region=region,
            version_code=donnees["version"],
            a_publier=donnees["publier"],
            note=donnees["note"],
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("www:bilans")
    return redirect("www:bilan_construction", pk=construction.pk)


def _construction_visible(user, pk) -> ConstructionBilan:
    constructions = ConstructionBilan.objects.select_related("region", "publication")
    if not perms.is_admin(user):
        constructions = constructions.filter(demande_par=user)
    return get_object_or_404(constructions, pk=pk)


@login_required
def construction(request, pk):
    construction = _construction_visible(request.user, pk)
    return render(
        request,
        "www/rapports/construction.html",
        {
            "title": f"{construction.get_genre_display()} {construction.annee}",
            "construction": construction,
            "breadcrumb_data": fil(
                f"{construction.get_genre_display()} {construction.annee}",
                (_url_index(construction.annee), "Bilans"),
            ),
        },
    )


@login_required
def construction_etat(request, pk):
    construction = _construction_visible(request.user, pk)
    return render_page_or_fragment(
        request,
        "www/rapports/construction.html",
        "www/rapports/_etat_construction.html",
        {"construction": construction},
    )


@login_required
def telecharger(request, pk):
    construction = _construction_visible(request.user, pk)
    if construction.statut != ConstructionBilan.Statut.TERMINE or not construction.fichier:
        raise Http404("Le document n'est pas prêt.")
    chemin = chemin_fichier(construction)
    if not chemin.exists():
        raise Http404("Le fichier a été supprimé du serveur : relancez la construction.")
    return FileResponse(
        chemin.open("rb"),
        as_attachment=True,
        filename=construction.nom_fichier,
        content_type=TYPES_MIME[construction.format],
    )
