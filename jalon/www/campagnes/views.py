"""Campaign pages: list, national completeness, to-do per ARS and per provider, calendar."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.campagnes import attendus, services, suivi
from jalon.campagnes.models import Campagne
from jalon.campagnes.verrous import aujourd_hui
from jalon.demandes import suivi as demandes_suivi
from jalon.feuilles_regionales import bilan as bilan_regional
from jalon.referentiel.models import Indicateur, Organisation
from jalon.territoires import perms
from jalon.territoires.models import Territoire
from jalon.www.campagnes.acces import (
    campagne_or_404,
    exiger_admin,
    exiger_vue_nationale,
    fil,
    fournisseur_suivi_or_403,
    liens_campagne,
    peut_voir_completude,
    region_suivie_or_403,
)


@login_required
def liste(request):
    user = request.user
    campagnes = list(Campagne.objects.all())
    # An ARS or a direction goes straight to its own to-do for the latest campaign (its
    # to-do page links back here with ?toutes=1 for the earlier ones).
    if campagnes and not perms.is_admin(user) and "toutes" not in request.GET:
        derniere = campagnes[0]
        if perms.role_of(user) == perms.Role.REFERENT_ARS and user.territoire_id:
            return redirect("www:campagne_region", derniere.annee, user.territoire.code)
        if perms.role_of(user) == perms.Role.PILOTE_NATIONAL and user.organisation_id:
            return redirect("www:campagne_fournisseur", derniere.annee, user.organisation.code)
    perms.require(perms.is_admin(user) or bool(campagnes))
    return render(
        request,
        "www/campagnes/liste.html",
        {
            "title": "Campagnes",
            "campagnes": [(c, liens_campagne(user, c)) for c in campagnes],
            "peut_gerer": perms.can_manage_campagnes(user),
            "annee_suivante": (campagnes[0].annee + 1) if campagnes else aujourd_hui().year,
            "breadcrumb_data": fil(courant="Campagnes"),
        },
    )


@login_required
@require_POST
def ouvrir(request):
    exiger_admin(request.user)
    try:
        annee = int(request.POST.get("annee", ""))
        campagne = services.ouvrir_campagne(request.user, annee)
    except (ValueError, ValidationError) as exc:
        messages.error(request, _texte(exc) or "Année invalide (ex. 2024).")
        return redirect("www:campagnes")
    messages.success(request, f"Campagne {campagne.annee} ouverte.")
    return redirect("www:campagne", campagne.annee)


@login_required
def completude(request, annee):
    exiger_vue_nationale(request.user)
    campagne = campagne_or_404(annee)
    return render(
        request,
        "www/campagnes/completude.html",
        {
            "title": f"Campagne {campagne.annee} — complétude",
            "campagne": campagne,
            "peut_gerer": perms.can_manage_campagnes(request.user),
            "exceptions": campagne.exceptions.select_related("region", "organisation"),
            "aujourd_hui": aujourd_hui(),
            **suivi.completude(campagne),
            "breadcrumb_data": fil(
                (reverse("www:campagnes"), "Campagnes"), courant=f"Campagne {campagne.annee}"
            ),
        },
    )


@login_required
def region(request, annee, code):
    campagne = campagne_or_404(annee)
    territoire = region_suivie_or_403(request.user, code)
    cellules = attendus.cellules_region(campagne, territoire)
    return render(
        request,
        "www/campagnes/a_faire_region.html",
        {
            "title": f"Campagne {campagne.annee} — {territoire.nom}",
            "campagne": campagne,
            "region": territoire,
            "echeances": suivi.echeances_region(campagne),
            # The region's to-do also lists the ad-hoc requests it has not answered yet.
            "demandes": demandes_suivi.ouvertes_pour_region(territoire),
            "bilan_regional": bilan_regional.resume(request.user, territoire, campagne),
            **suivi.a_faire(cellules),
            "breadcrumb_data": _fil_campagne(request.user, campagne, territoire.nom),
        },
    )


@login_required
def fournisseur(request, annee, code):
    campagne = campagne_or_404(annee)
    organisation = fournisseur_suivi_or_403(request.user, code)
    cellules = attendus.cellules_fournisseur(campagne, organisation)
    contexte = suivi.a_faire(cellules)
    return render(
        request,
        "www/campagnes/a_faire_fournisseur.html",
        {
            "title": f"Campagne {campagne.annee} — {organisation.code}",
            "campagne": campagne,
            "organisation": organisation,
            "echeances": suivi.echeances_fournisseur(campagne),
            "lignes": suivi.par_indicateur(cellules),
            "renvoyees": contexte["renvoyees"],
            "bilan": contexte["bilan"],
            "breadcrumb_data": _fil_campagne(request.user, campagne, organisation.code),
        },
    )


@login_required
def calendrier(request, annee):
    exiger_admin(request.user)
    campagne = campagne_or_404(annee)
    erreurs = {}
    if request.method == "POST":
        dates = {}
        for nom in services.ECHEANCES:
            try:
                dates[nom] = datetime.date.fromisoformat(request.POST.get(nom, ""))
            except ValueError:
                erreurs[nom] = "Date attendue au format JJ/MM/AAAA."
        if not erreurs:
            services.modifier_calendrier(
                request.user, campagne, motif=request.POST.get("motif", ""), **dates
            )
            messages.success(request, "Calendrier enregistré.")
            return redirect("www:campagne", campagne.annee)
    return render(
        request,
        "www/campagnes/calendrier.html",
        {
            "title": f"Campagne {campagne.annee} — calendrier",
            "campagne": campagne,
            "champs": [
                (nom, Campagne._meta.get_field(nom).verbose_name, getattr(campagne, nom))
                for nom in services.ECHEANCES
            ],
            "erreurs": erreurs,
            "breadcrumb_data": _fil_campagne(request.user, campagne, "Calendrier"),
        },
    )


@login_required
@require_POST
def statut(request, annee):
    exiger_admin(request.user)
    campagne = campagne_or_404(annee)
    motif = request.POST.get("motif", "")
    try:
        if campagne.est_ouverte:
            services.cloturer_campagne(request.user, campagne, motif=motif)
            messages.success(request, f"Campagne {annee} clôturée : la saisie est fermée.")
        else:
            services.rouvrir_campagne(request.user, campagne, motif=motif)
            messages.success(request, f"Campagne {annee} rouverte.")
    except ValidationError as exc:
        messages.error(request, _texte(exc))
    return redirect("www:campagne", annee)


@login_required
def exception(request, annee):
    exiger_admin(request.user)
    campagne = campagne_or_404(annee)
    erreur = ""
    if request.method == "POST":
        portee = request.POST.get("portee", "")
        code_ind = request.POST.get("indicateur", "")
        try:
            jusqu_au = datetime.date.fromisoformat(request.POST.get("jusqu_au", ""))
            region = Territoire.objects.regions().filter(code=portee).first()
            organisation = None if region else Organisation.objects.filter(code=portee).first()
            if region is None and organisation is None:
                raise ValidationError("Choisissez une région ou un fournisseur.")
            indicateur = Indicateur.objects.filter(code=code_ind).first() if code_ind else None
            services.accorder_exception(
                request.user,
                campagne,
                region=region,
                organisation=organisation,
                indicateur=indicateur,
                jusqu_au=jusqu_au,
                motif=request.POST.get("motif", ""),
            )
        except ValueError:
            erreur = "Date de fin attendue au format JJ/MM/AAAA."
        except ValidationError as exc:
            erreur = _texte(exc)
        else:
            messages.success(request, "Exception accordée : la saisie est rouverte.")
            return redirect("www:campagne", annee)
    return render(
        request,
        "www/campagnes/exception.html",
        {
            "title": f"Campagne {campagne.annee} — exception",
            "campagne": campagne,
            "regions": Territoire.objects.regions(),
            "fournisseurs": attendus.fournisseurs(),
            "indicateurs": Indicateur.objects.actifs().exclude(maille="a_fixer"),
            "erreur": erreur,
            "saisi": request.POST,
            "breadcrumb_data": _fil_campagne(request.user, campagne, "Exception"),
        },
    )


@login_required
@require_POST
def revoquer(request, annee, pk):
    exiger_admin(request.user)
    campagne = campagne_or_404(annee)
    objet = campagne.exceptions.filter(pk=pk).first()
    if objet is not None:
        services.revoquer_exception(request.user, objet)
        messages.success(request, "Exception révoquée.")
    return redirect("www:campagne", annee)


def _fil_campagne(user, campagne, courant):
    # ?toutes=1: the list itself, not the redirect to the latest campaign's to-do.
    liens = [(reverse("www:campagnes") + "?toutes=1", "Campagnes")]
    if peut_voir_completude(user):
        liens.append((reverse("www:campagne", args=[campagne.annee]), str(campagne)))
    return fil(*liens, courant=courant)


def _texte(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])
