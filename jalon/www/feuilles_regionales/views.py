"""Regional roadmap pages. Reading needs an account: regional roadmaps are work in progress,
not published data yet (`perms.can_read_drafts`). Every write goes through
`jalon.feuilles_regionales.services`, which checks `can_edit_regional_roadmap` again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.feuilles_regionales import queries, services
from jalon.feuilles_regionales.importation import exporter_feuille, importer_feuille
from jalon.feuilles_regionales.models import ActionRegionale, LienActionNationale
from jalon.feuilles_regionales.valeurs import valeurs_de
from jalon.journal.models import EntreeJournal
from jalon.referentiel.models import Action
from jalon.territoires import perms
from jalon.territoires.models import Territoire
from jalon.www.feuilles_regionales.forms import ActionForm, FiltreForm, ImportForm


def _fil(*liens, courant):
    return {"links": [{"url": url, "title": titre} for url, titre in liens], "current": courant}


def _lecteur(request):
    perms.require(perms.can_read_drafts(request.user))


def _region(code):
    return get_object_or_404(Territoire.objects.regions(), code=code.upper())


def _version(region):
    version = queries.version_courante(region)
    if version is None:
        raise Http404(f"{region.nom} n'a pas encore de feuille de route régionale dans Jalon.")
    return version


def _action(region, numero):
    try:
        return queries.get_action(region, numero)
    except ActionRegionale.DoesNotExist as exc:
        raise Http404(f"L'action n°{numero} n'existe pas dans la feuille de route.") from exc


@login_required
def liste(request):
    _lecteur(request)
    feuilles = {v.plan.territoire_id: v for v in queries.feuilles()}
    regions = [
        (region, feuilles.get(region.pk))
        for region in Territoire.objects.regions().order_by("ordre", "code")
    ]
    return render(
        request,
        "www/feuilles_regionales/liste.html",
        {
            "title": "Feuilles de route régionales",
            "regions": regions,
            "breadcrumb_data": _fil(courant="Feuilles de route régionales"),
        },
    )


@login_required
def feuille(request, region):
    _lecteur(request)
    region = _region(region)
    version = _version(region)
    objectifs = list(version.objectifs_regionaux.all())
    form = FiltreForm(request.GET or None, objectifs=objectifs)
    liste_objectifs = queries.objectifs_avec_actions(version, **form.filtres())
    return render(
        request,
        "www/feuilles_regionales/feuille.html",
        {
            "title": version.plan.nom,
            "region": region,
            "version": version,
            "form": form,
            "objectifs": liste_objectifs,
            "nombre": sum(len(o.actions_filtrees) for o in liste_objectifs),
            "peut_modifier": perms.can_edit_regional_roadmap(request.user, region),
            "breadcrumb_data": _fil(
                (reverse("www:feuilles_regionales"), "Feuilles de route régionales"),
                courant=region.nom,
            ),
        },
    )


@login_required
def action(request, region, numero):
    _lecteur(request)
    region = _region(region)
    objet = _action(region, numero)
    peut_modifier = perms.can_edit_regional_roadmap(request.user, region)
    form = None
    if peut_modifier:
        form = ActionForm(request.POST or None, region=region, valeurs=valeurs_de(objet))
        if request.method == "POST" and form.is_valid():
            _, changes = services.modifier_action(
                request.user, objet, canal=EntreeJournal.Canal.WEB, **form.valeurs_modifiees()
            )
            messages.success(
                request,
                f"Action n°{objet.numero} enregistrée."
                if changes
                else "Aucune modification à enregistrer.",
            )
            return redirect(objet.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    numeros = queries.numeros_nationaux_courants()
    liens = [
        (lien, numeros.get(lien.action_id, lien.action.cle)) for lien in objet.liens_nationaux.all()
    ]
    url_feuille = reverse("www:feuille_regionale", kwargs={"region": region.code})
    return render(
        request,
        "www/feuilles_regionales/action.html",
        {
            "title": f"Action n°{objet.numero} — {region.nom}",
            "region": region,
            "action": objet,
            "liens": liens,
            "form": form,
            "peut_modifier": peut_modifier,
            "breadcrumb_data": _fil(
                (reverse("www:feuilles_regionales"), "Feuilles de route régionales"),
                (url_feuille, region.nom),
                courant=f"Action n°{objet.numero}",
            ),
        },
    )


@login_required
@require_POST
def lien(request, region, numero, pk, verbe):
    region = _region(region)
    objet = _action(region, numero)
    lien_ = get_object_or_404(LienActionNationale, pk=pk, action_regionale=objet)
    if verbe == "confirmer":
        services.confirmer_lien(request.user, lien_)
        messages.success(request, "Lien confirmé.")
    else:
        services.rejeter_lien(request.user, lien_, motif=request.POST.get("motif", ""))
        messages.success(request, "Lien retiré.")
    return redirect(objet.get_absolute_url())


@login_required
def importer(request, region):
    region = _region(region)
    perms.require(perms.can_edit_regional_roadmap(request.user, region))
    form = ImportForm(request.POST or None, request.FILES or None)
    rapport = None
    if request.method == "POST" and form.is_valid():
        rapport = importer_feuille(
            request.user,
            region,
            form.cleaned_data["fichier"],
            dry_run=form.cleaned_data["simulation"],
            canal=EntreeJournal.Canal.IMPORT,
        )
    return render(
        request,
        "www/feuilles_regionales/import.html",
        {
            "title": f"Importer la feuille de route — {region.nom}",
            "region": region,
            "form": form,
            "rapport": rapport,
            "breadcrumb_data": _fil(
                (reverse("www:feuilles_regionales"), "Feuilles de route régionales"),
                (reverse("www:feuille_regionale", kwargs={"region": region.code}), region.nom),
                courant="Importer",
            ),
        },
    )


@login_required
def exporter(request, region):
    _lecteur(request)
    region = _region(region)
    version = _version(region)
    response = HttpResponse(
        exporter_feuille(version),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    nom = f"feuille-de-route-{region.code.lower()}-{version.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{nom}"'
    return response


@login_required
def couverture(request):
    _lecteur(request)
    regions, lignes = queries.matrice_couverture()
    return render(
        request,
        "www/feuilles_regionales/couverture.html",
        {
            "title": "Couverture régionale de la feuille de route",
            "regions": regions,
            "lignes": lignes,
            "breadcrumb_data": _fil(courant="Couverture régionale"),
        },
    )


@login_required
def declinaisons(request, cle):
    _lecteur(request)
    action_nationale = get_object_or_404(Action, plan__code=queries.CODE_PLAN_NATIONAL, cle=cle)
    version_nationale = action_nationale.versions.filter(version__est_courante=True).first()
    numero = version_nationale.numero if version_nationale else cle
    region = request.GET.get("region", "")
    liste = queries.declinaisons(action_nationale)
    if region:
        liste = liste.filter(version__plan__territoire__code=region.upper())
    return render(
        request,
        "www/feuilles_regionales/declinaisons.html",
        {
            "title": f"Déclinaisons régionales de l'action nationale {numero}",
            "action_nationale": version_nationale,
            "cle": cle,
            "actions": liste,
            "region": region.upper(),
            "breadcrumb_data": _fil(
                (reverse("www:couverture_regionale"), "Couverture régionale"),
                courant=f"Action nationale {numero}",
            ),
        },
    )


@login_required
def initiatives(request):
    _lecteur(request)
    return render(
        request,
        "www/feuilles_regionales/initiatives.html",
        {
            "title": "Initiatives régionales à valoriser",
            "actions": queries.initiatives(),
            "breadcrumb_data": _fil(courant="Initiatives à valoriser"),
        },
    )
