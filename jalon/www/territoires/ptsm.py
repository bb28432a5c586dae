"""PTSM pages: the public list per region (coordinators' contacts for signed-in accounts only)
and the national admin's import of the list."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from dsfr.forms import DsfrBaseForm

from jalon.imports.erreurs import FichierRefuse
from jalon.territoires import perms, ptsm
from jalon.territoires.ptsm_import import charger_schema, importer_ptsm


def liste(request):
    return render(
        request,
        "www/territoires/ptsm.html",
        {
            "title": "Projets territoriaux de santé mentale (PTSM)",
            "tableau": ptsm.tableau(request.user),
            "voir_contacts": perms.can_read_ptsm_contacts(request.user),
            "peut_importer": perms.can_import_ptsm(request.user),
            "breadcrumb_data": {
                "links": [{"url": reverse("www:territoires"), "title": "Territoires"}],
                "current": "PTSM",
            },
        },
    )


class ImportForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Liste des PTSM",
        help_text="Fichier .csv (séparateur « ; » ou « , ») ou .xlsx, une ligne par PTSM.",
    )
    essai = forms.BooleanField(
        label="Vérifier seulement (rien n'est enregistré)", required=False, initial=True
    )


@login_required
def importer(request):
    perms.require(perms.can_import_ptsm(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    erreurs, rapport = [], None
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            rapport = importer_ptsm(
                request.user, fichier.name, fichier.read(), dry_run=form.cleaned_data["essai"]
            )
        except FichierRefuse as exc:
            erreurs = exc.erreurs
        else:
            if not rapport.dry_run:
                messages.success(request, rapport.resume())
                return redirect("www:ptsm")
    return render(
        request,
        "www/territoires/ptsm_import.html",
        {
            "title": "Importer la liste des PTSM",
            "form": form,
            "erreurs": erreurs,
            "rapport": rapport,
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("www:territoires"), "title": "Territoires"},
                    {"url": reverse("www:ptsm"), "title": "PTSM"},
                ],
                "current": "Importer",
            },
        },
        status=422 if erreurs else 200,
    )


def modele(request):
    """An empty file with the expected header (the schema's field names), to fill in: Jalon
    ships no PTSM list, so there are no example rows either."""
    entete = ";".join(champ.name for champ in charger_schema().fields)
    reponse = HttpResponse("\ufeff" + entete + "\r\n", content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="ptsm-modele.csv"'
    return reponse
