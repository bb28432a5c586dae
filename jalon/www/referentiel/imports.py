"""Web import of the national referential annex, in two steps: a simulation showing the
differences with the database, then their application by a national admin.

Every view checks `can_import_referentiel` on the server; the services re-check it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.imports.models import ExecutionImport
from jalon.referentiel import queries
from jalon.referentiel.importation import (
    SimulationInapplicable,
    appliquer_simulation,
    simuler_annexe,
)
from jalon.referentiel.importation.diff import SECTIONS, TITRES_SECTIONS
from jalon.territoires.perms import can_import_referentiel, require
from jalon.www.referentiel.forms import ImportAnnexeForm

DERNIERS_IMPORTS = 10
LIBELLES_CHAMPS = {
    "titre": "Intitulé",
    "libelle": "Libellé",
    "axe": "Axe",
    "pilotes_libelle": "Directions pilotes",
    "ligne_annexe": "Ligne de l'annexe",
    "type": "Type",
    "fournisseur": "Fournisseur (organisation)",
    "fournisseur_libelle": "Fournisseur",
    "source": "Source",
    "maille": "Maille",
    "frequence": "Fréquence",
    "retire": "Retiré",
}


def _fil(courant, *liens):
    return {"links": [{"url": url, "title": titre} for url, titre in liens], "current": courant}


def _executions():
    return ExecutionImport.objects.filter(genre=ExecutionImport.Genre.REFERENTIEL)


@login_required
def depot(request):
    require(can_import_referentiel(request.user))
    form = ImportAnnexeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = queries.get_version(form.cleaned_data["version"])
        rapport = simuler_annexe(request.user, form.cleaned_data["fichier"], version)
        return redirect("www:import_referentiel_execution", pk=rapport.execution.pk)
    return render(
        request,
        "www/referentiel/import.html",
        {
            "title": "Importer l'annexe du référentiel",
            "form": form,
            "executions": _executions().select_related("utilisateur")[:DERNIERS_IMPORTS],
            "breadcrumb_data": _fil(
                "Importer l'annexe", (reverse("www:feuille_de_route"), "Feuille de route")
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def execution(request, pk):
    require(can_import_referentiel(request.user))
    execution = get_object_or_404(_executions().select_related("utilisateur"), pk=pk)
    return _page_execution(request, execution)


def _page_execution(request, execution, *, erreur_application="", status=200):
    applique_ensuite = None
    if execution.statut == ExecutionImport.Statut.SIMULE and not execution.fichier:
        applique_ensuite = (
            _executions()
            .filter(
                statut=ExecutionImport.Statut.APPLIQUE,
                sha256=execution.sha256,
                cible=execution.cible,
                debut__gt=execution.debut,
            )
            .order_by("debut")
            .first()
        )
    return render(
        request,
        "www/referentiel/import_execution.html",
        {
            "title": f"Import de l'annexe {execution.nom_fichier}",
            "execution": execution,
            "sections": sections_diff(execution.diff),
            "applicable": execution.statut == ExecutionImport.Statut.SIMULE
            and bool(execution.fichier),
            "applique_ensuite": applique_ensuite,
            "erreur_application": erreur_application,
            "breadcrumb_data": _fil(
                execution.nom_fichier,
                (reverse("www:feuille_de_route"), "Feuille de route"),
                (reverse("www:import_referentiel"), "Importer l'annexe"),
            ),
        },
        status=status,
    )


@login_required
@require_POST
def appliquer(request, pk):
    require(can_import_referentiel(request.user))
    simulation = get_object_or_404(_executions().select_related("utilisateur"), pk=pk)
    try:
        rapport = appliquer_simulation(request.user, simulation)
    except SimulationInapplicable as exc:
        return _page_execution(request, simulation, erreur_application=str(exc), status=409)
    messages.success(request, "Les modifications de l'annexe sont appliquées.")
    return redirect("www:import_referentiel_execution", pk=rapport.execution.pk)


def sections_diff(diff: dict) -> list[dict]:
    """The stored diff, section by section, with French field names, for the template."""
    sections = []
    for nom in SECTIONS:
        section = diff.get(nom) or {}
        ajouts = section.get("ajouts", [])
        modifications = [
            {
                "cle": modification["cle"],
                "champs": [
                    {"libelle": LIBELLES_CHAMPS.get(champ, champ), "avant": avant, "apres": apres}
                    for champ, (avant, apres) in modification["champs"].items()
                ],
            }
            for modification in section.get("modifications", [])
        ]
        suppressions = section.get("suppressions", [])
        if ajouts or modifications or suppressions:
            sections.append(
                {
                    "nom": nom,
                    "titre": TITRES_SECTIONS[nom],
                    "ajouts": [
                        {
                            "cle": ajout["cle"],
                            "resume": (ajout.get("valeurs") or {}).get("titre")
                            or (ajout.get("valeurs") or {}).get("libelle")
                            or "",
                        }
                        for ajout in ajouts
                    ],
                    "modifications": modifications,
                    "suppressions": suppressions,
                }
            )
    return sections
