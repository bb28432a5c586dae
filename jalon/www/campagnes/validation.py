"""National validation: per region (or provider) and per value, validate or return with a
comment, or validate a whole region at once. National admin only; the values service checks it
again and keeps the history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.campagnes import attendus
from jalon.campagnes.attendus import Bilan
from jalon.referentiel.models import Organisation
from jalon.saisies import services as saisies
from jalon.saisies.models import Valeur
from jalon.territoires.models import Territoire
from jalon.www.campagnes.acces import campagne_or_404, exiger_admin, fil

Statut = Valeur.Statut


def _perimetre(campagne, genre, code):
    """(label, cells) of a region or a provider."""
    if genre == "regions":
        region = get_object_or_404(Territoire.objects.regions(), code=code)
        return region.nom, attendus.cellules_region(campagne, region)
    if genre == "fournisseurs":
        organisation = get_object_or_404(Organisation, code=code)
        return organisation.code, attendus.cellules_fournisseur(campagne, organisation)
    raise Http404


def _url(campagne, genre, code):
    return reverse("www:campagne_validation_perimetre", args=[campagne.annee, genre, code])


@login_required
def index(request, annee):
    exiger_admin(request.user)
    campagne = campagne_or_404(annee)
    regions = [
        (region, Bilan.de(cellules))
        for region, cellules in attendus.cellules_toutes_regions(campagne).items()
    ]
    fournisseurs = [
        (org, Bilan.de(attendus.cellules_fournisseur(campagne, org)))
        for org in attendus.fournisseurs()
    ]
    return render(
        request,
        "www/campagnes/validation_index.html",
        {
            "title": f"Validation {campagne.annee}",
            "campagne": campagne,
            "regions": regions,
            "fournisseurs": fournisseurs,
            "breadcrumb_data": fil(
                (reverse("www:campagne", args=[annee]), str(campagne)), courant="Validation"
            ),
        },
    )


@login_required
def perimetre(request, annee, genre, code):
    exiger_admin(request.user)
    campagne = campagne_or_404(annee)
    libelle, cellules = _perimetre(campagne, genre, code)
    a_examiner = [c for c in cellules if c.valeur is not None and c.etat != Statut.BROUILLON]
    return render(
        request,
        "www/campagnes/validation.html",
        {
            "title": f"Validation {campagne.annee} — {libelle}",
            "campagne": campagne,
            "libelle": libelle,
            "genre": genre,
            "code": code,
            "cellules": a_examiner,
            "soumises": sum(c.etat == Statut.SOUMISE for c in a_examiner),
            "bilan": Bilan.de(cellules),
            "breadcrumb_data": fil(
                (reverse("www:campagne", args=[annee]), str(campagne)),
                (reverse("www:campagne_validation", args=[annee]), "Validation"),
                courant=libelle,
            ),
        },
    )


@login_required
@require_POST
def valider(request, annee, genre, code):
    exiger_admin(request.user)
    campagne = campagne_or_404(annee)
    _, cellules = _perimetre(campagne, genre, code)
    soumises = {c.valeur.pk: c.valeur for c in cellules if c.etat == Statut.SOUMISE}
    if request.POST.get("tout"):
        choisies = list(soumises.values())
    else:
        ids = {int(x) for x in request.POST.getlist("valeurs") if x.isdigit()}
        choisies = [v for pk, v in soumises.items() if pk in ids]
    if not choisies:
        messages.info(request, "Aucune valeur soumise sélectionnée.")
    else:
        try:
            saisies.valider_valeurs(request.user, choisies, request.POST.get("motif", ""))
        except (saisies.SaisieInvalide, PermissionDenied) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{len(choisies)} valeur(s) validée(s).")
    return redirect(_url(campagne, genre, code))


@login_required
def renvoyer(request, annee, genre, code, pk):
    exiger_admin(request.user)
    campagne = campagne_or_404(annee)
    libelle, cellules = _perimetre(campagne, genre, code)
    cellule = next((c for c in cellules if c.valeur is not None and c.valeur.pk == pk), None)
    if cellule is None:
        raise Http404("Cette valeur n'appartient pas à ce périmètre de la campagne.")
    erreur = ""
    if request.method == "POST":
        try:
            saisies.renvoyer_valeur(request.user, cellule.valeur, request.POST.get("motif", ""))
        except saisies.SaisieInvalide as exc:
            erreur = str(exc)
        else:
            messages.success(request, "Valeur renvoyée avec votre commentaire.")
            return redirect(_url(campagne, genre, code))
    return render(
        request,
        "www/campagnes/renvoyer.html",
        {
            "title": f"Renvoyer une valeur — {libelle}",
            "campagne": campagne,
            "cellule": cellule,
            "libelle": libelle,
            "retour": _url(campagne, genre, code),
            "erreur": erreur,
            "motif": request.POST.get("motif", ""),
            "breadcrumb_data": fil(
                (reverse("www:campagne_validation", args=[annee]), "Validation"),
                (_url(campagne, genre, code), libelle),
                courant="Renvoyer",
            ),
        },
    )
