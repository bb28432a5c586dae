"""Pages of the values import: upload, progress (HTMX polling), report, template download.

Every view checks the rights on the server: the upload needs `can_import_values`, a run is
visible to its author and national admins only (404 otherwise), a template is served only for
an indicator the user may enter somewhere.
"""

import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from jalon.imports import progression
from jalon.imports.models import ExecutionImport
from jalon.imports.tasks import importer_valeurs_en_tache
from jalon.imports.valeurs.modele import lignes_modele, texte_csv_modele
from jalon.imports.valeurs.service import nouvelle_execution
from jalon.referentiel.models import Indicateur
from jalon.territoires import perms
from jalon.www.htmx import render_page_or_fragment
from jalon.www.imports.forms import DepotValeursForm, limite_mo

DOSSIER_DEPOTS = "imports/depots"


def _fil(courant, *liens):
    return {
        "links": [{"url": url, "title": titre} for url, titre in liens],
        "current": courant,
    }


@login_required
def depot(request):
    perms.require(perms.can_import_values(request.user))
    form = DepotValeursForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        execution = _deposer(request.user, form.cleaned_data)
        # Immediate backend (tests, demo without worker): runs here; database backend: queued.
        importer_valeurs_en_tache.enqueue(execution.pk)
        return redirect("www:import_valeurs_execution", pk=execution.pk)
    executions = ExecutionImport.objects.filter(
        genre=ExecutionImport.Genre.VALEURS, utilisateur=request.user
    )[:10]
    indicateurs = _indicateurs_modeles(request.user)
    return render(
        request,
        "www/imports/depot.html",
        {
            "title": "Importer des valeurs",
            "form": form,
            "executions": executions,
            "indicateurs": indicateurs,
            "annee": timezone.localdate().year - 1,
            "limite_mo": limite_mo(),
            "breadcrumb_data": _fil("Importer des valeurs"),
        },
        status=400 if form.errors else 200,
    )


def _deposer(user, donnees) -> ExecutionImport:
    fichier = donnees["fichier"]
    nom = PurePath(fichier.name).name
    relatif = f"{DOSSIER_DEPOTS}/{uuid.uuid4().hex}{PurePath(nom).suffix.lower()}"
    cible = Path(settings.MEDIA_ROOT) / relatif
    cible.parent.mkdir(parents=True, exist_ok=True)
    with open(cible, "wb") as sortie:
        for morceau in fichier.chunks():
            sortie.write(morceau)
    execution = nouvelle_execution(
        user,
        nom,
        dry_run=donnees["dry_run"],
        statut=ExecutionImport.Statut.EN_ATTENTE,
        fichier=relatif,
        taille=fichier.size,
    )
    execution.save()
    return execution


def _execution_visible(user, pk) -> ExecutionImport:
    executions = ExecutionImport.objects.filter(genre=ExecutionImport.Genre.VALEURS)
    if not perms.is_admin(user):
        executions = executions.filter(utilisateur=user)
    return get_object_or_404(executions, pk=pk)


def _contexte(execution) -> dict:
    suivi = progression.lire(execution.pk) or {}
    lignes = suivi.get("lignes", execution.lignes_traitees)
    total = suivi.get("total") or execution.lignes_total
    erreurs = [e for e in execution.erreurs if e.get("bloquant")]
    return {
        "execution": execution,
        "lignes": lignes,
        "total": total,
        "pourcentage": 100 if execution.termine else progression.pourcentage(lignes, total),
        "erreurs": erreurs,
        "avertissements": [e for e in execution.erreurs if not e.get("bloquant")],
    }


@login_required
def execution(request, pk):
    perms.require(perms.can_import_values(request.user) or perms.is_admin(request.user))
    execution = _execution_visible(request.user, pk)
    contexte = _contexte(execution) | {
        "title": f"Import de {execution.nom_fichier}",
        "breadcrumb_data": _fil(
            execution.nom_fichier, (reverse("www:import_valeurs"), "Importer des valeurs")
        ),
    }
    return render(request, "www/imports/execution.html", contexte)


@login_required
def progression_fragment(request, pk):
    execution = _execution_visible(request.user, pk)
    return render_page_or_fragment(
        request, "www/imports/execution.html", "www/imports/_etat.html", _contexte(execution)
    )


@login_required
def modele(request, code):
    perms.require(perms.can_import_values(request.user))
    indicateur = get_object_or_404(Indicateur, code=code)
    try:
        annee = int(request.GET.get("annee") or timezone.localdate().year - 1)
    except ValueError as exc:
        raise Http404("Année invalide (attendu : quatre chiffres, par exemple 2024).") from exc
    if not 1900 <= annee <= 2100:
        raise Http404("Année hors de la plage acceptée (1900 à 2100).")
    lignes = lignes_modele(request.user, indicateur, annee)
    perms.require(bool(lignes))
    reponse = HttpResponse(texte_csv_modele(lignes), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="modele_{indicateur.code}_{annee}.csv"'
    return reponse


def _indicateurs_modeles(user):
    """Indicators the user may enter for at least one territory, for the template list."""
    indicateurs = Indicateur.objects.actifs().select_related("fournisseur").order_by("code")
    if perms.is_admin(user):
        return indicateurs
    role = perms.role_of(user)
    if role == perms.Role.PILOTE_NATIONAL:
        return indicateurs.filter(fournisseur_id=user.organisation_id)
    if role == perms.Role.REFERENT_ARS:
        return indicateurs.filter(saisie_ars=True)
    return indicateurs.none()
