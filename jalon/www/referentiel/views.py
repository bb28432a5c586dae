"""Public pages of the national referential: roadmap, actions, indicator catalogue."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.imports.cellules import neutraliser
from jalon.journal.models import EntreeJournal
from jalon.referentiel import queries
from jalon.referentiel.models import ActionVersion, Indicateur, PlanVersion
from jalon.referentiel.services import decider_declinaison
from jalon.territoires.perms import can_import_referentiel, can_manage_referentiel, require
from jalon.www.htmx import render_page_or_fragment
from jalon.www.referentiel.forms import DeclinaisonForm, FiltreIndicateursForm

INDICATEURS_PAR_PAGE = 25


def _fil(*liens, courant):
    return {"links": [{"url": url, "title": titre} for url, titre in liens], "current": courant}


def _version_ou_404(code: str | None) -> PlanVersion:
    try:
        return queries.get_version(code)
    except PlanVersion.DoesNotExist as exc:
        if code:
            raise Http404(f"La version « {code} » de la feuille de route n'existe pas.") from exc
        raise Http404("Aucune version courante de la feuille de route n'est chargée.") from exc


def feuille_de_route(request):
    version = _version_ou_404(request.GET.get("version") or None)
    pilotes = list(queries.pilotes(version))
    pilote = (request.GET.get("pilote") or "").strip()
    if pilote and pilote.upper() not in {o.code.upper() for o in pilotes}:
        pilote = ""
    axes = queries.feuille_de_route(version, pilote=pilote or None)
    context = {
        "title": "Feuille de route",
        "version": version,
        "versions": list(queries.versions_feuille_de_route()),
        "pilotes": pilotes,
        "pilote": pilote,
        "axes": axes,
        "nombre_actions": sum(len(axe.actions_filtrees) for axe in axes),
        "peut_importer": can_import_referentiel(request.user),
        "breadcrumb_data": _fil(courant="Feuille de route"),
    }
    return render_page_or_fragment(
        request,
        "www/referentiel/feuille_de_route.html",
        "www/referentiel/_liste_actions.html",
        context,
    )


def _action_ou_404(version, numero) -> ActionVersion:
    try:
        return queries.get_action(version, numero)
    except ActionVersion.DoesNotExist as exc:
        raise Http404(f"L'action « {numero} » n'existe pas dans la version « {version} ».") from exc


def _page_action(request, action_version, form_declinaison=None, status=200):
    url_fdr = reverse("www:feuille_de_route")
    if not action_version.version.est_courante:
        url_fdr += f"?version={action_version.version.code}"
    titre = f"Action {action_version.numero}"
    if form_declinaison is None and can_manage_referentiel(request.user):
        form_declinaison = DeclinaisonForm(
            initial={
                "declinaison": action_version.declinaison_regionale,
                "motif": action_version.declinaison_motif,
            }
        )
    return render(
        request,
        "www/referentiel/action.html",
        {
            "title": f"{titre} — {action_version.titre_court or action_version.titre}",
            "action": action_version,
            "form_declinaison": form_declinaison,
            "breadcrumb_data": _fil((url_fdr, "Feuille de route"), courant=titre),
        },
        status=status,
    )


def action(request, version, numero):
    return _page_action(request, _action_ou_404(version, numero))


@login_required
@require_POST
def declinaison(request, version, numero):
    require(can_manage_referentiel(request.user))
    action_version = _action_ou_404(version, numero)
    form = DeclinaisonForm(request.POST)
    if not form.is_valid():
        return _page_action(request, action_version, form, status=400)
    decider_declinaison(
        request.user,
        action_version,
        form.cleaned_data["declinaison"],
        form.cleaned_data["motif"],
        canal=EntreeJournal.Canal.WEB,
    )
    messages.success(request, "Décision sur la déclinaison régionale enregistrée.")
    return redirect(action_version.get_absolute_url())


def indicateurs(request):
    form = FiltreIndicateursForm(request.GET)
    filtres = form.filtres()
    paginator = Paginator(queries.indicateurs(filtres), INDICATEURS_PAR_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.pages_list = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": "Catalogue des indicateurs",
        "form": form,
        "filtres_actifs": bool(filtres.actifs()),
        "page_obj": page,
        "nombre": paginator.count,
        "query_csv": query.urlencode(),
        "breadcrumb_data": _fil(courant="Indicateurs"),
    }
    return render_page_or_fragment(
        request,
        "www/referentiel/indicateurs.html",
        "www/referentiel/_resultats_indicateurs.html",
        context,
    )


def indicateurs_csv(request):
    filtres = FiltreIndicateursForm(request.GET).filtres()
    liste = queries.avec_actions(queries.indicateurs(filtres))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicateurs-jalon.csv"'
    response.write("\ufeff")  # BOM: spreadsheet software then reads UTF-8 correctly.
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "Code",
            "Type",
            "Libellé",
            "Fournisseur",
            "Source",
            "Maille",
            "Fréquence",
            "Renseigné par les ARS",
            "Unité",
            "Sens d'amélioration",
            "Actions",
        ]
    )
    for indicateur in liste:
        actions = ", ".join(
            f"{lien.action_version.version.code} : {lien.action_version.numero}"
            for lien in indicateur.liens_actions.all()
        )
        ligne = [
            indicateur.code,
            indicateur.get_type_display(),
            indicateur.libelle,
            indicateur.fournisseur.code
            if indicateur.fournisseur
            else indicateur.fournisseur_libelle,
            indicateur.source,
            indicateur.get_maille_display(),
            indicateur.get_frequence_display(),
            "oui" if indicateur.saisie_ars else "non",
            indicateur.unite,
            indicateur.get_sens_display(),
            actions,
        ]
        # Labels and sources come from imported files: never let a spreadsheet run them.
        writer.writerow([neutraliser(cellule) for cellule in ligne])
    return response


def indicateur(request, code):
    try:
        objet = queries.get_indicateur(code)
    except Indicateur.DoesNotExist as exc:
        raise Http404(f"L'indicateur « {code} » n'existe pas.") from exc
    return render(
        request,
        "www/referentiel/indicateur.html",
        {
            "title": f"Indicateur {objet.code}",
            "indicateur": objet,
            "breadcrumb_data": _fil(
                (reverse("www:indicateurs"), "Indicateurs"), courant=objet.code
            ),
        },
    )
