"""Ad-hoc request pages: list, create/edit/publish/close (national admin), follow-up table,
a region's answer (ARS writes, national admin reads, closes, reopens, grants exceptions)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.campagnes.suivi import Echeance
from jalon.campagnes.verrous import aujourd_hui
from jalon.demandes import services, suivi, verrous
from jalon.demandes.models import Cible, Demande
from jalon.territoires import perms
from jalon.www.campagnes.acces import fil
from jalon.www.demandes.acces import (
    demande_geree_or_403,
    demande_lisible_or_404,
    exiger_admin,
    region_lisible_or_404,
)
from jalon.www.demandes.export import reponse_csv
from jalon.www.demandes.forms import DemandeForm


def _texte(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _fil(*liens, courant):
    return fil((reverse("www:demandes"), "Demandes ponctuelles"), *liens, courant=courant)


@login_required
def liste(request):
    user = request.user
    demandes = perms.demandes_visibles(user, Demande.objects.all())
    perms.require(perms.can_manage_demandes(user) or perms.role_of(user) == perms.Role.REFERENT_ARS)
    cibles = {}
    if not perms.is_admin(user) and user.territoire_id:
        cibles = {
            c.demande_id: c
            for c in Cible.objects.filter(region_id=user.territoire_id, demande__in=demandes)
        }
    return render(
        request,
        "www/demandes/liste.html",
        {
            "title": "Demandes ponctuelles",
            "lignes": [(d, cibles.get(d.pk)) for d in demandes.prefetch_related("cibles")],
            "peut_gerer": perms.can_manage_demandes(user),
            "breadcrumb_data": fil(courant="Demandes ponctuelles"),
        },
    )


def _formulaire(request, demande=None):
    exiger_admin(request.user)
    publiee = demande is not None and not demande.est_brouillon
    initial = DemandeForm.initial_de(demande) if demande else {}
    form = DemandeForm(request.POST or None, initial=initial, publiee=publiee)
    if request.method == "POST" and form.is_valid():
        try:
            if demande is None:
                demande = services.creer_demande(request.user, **form.donnees_service())
                messages.success(
                    request, "Demande enregistrée en brouillon : relisez-la puis publiez-la."
                )
            else:
                services.modifier_demande(
                    request.user,
                    demande,
                    motif=request.POST.get("motif", ""),
                    **form.donnees_service(),
                )
                messages.success(request, "Demande modifiée.")
        except ValidationError as exc:
            for champ, erreurs in exc.message_dict.items():
                form.add_error(champ if champ in form.fields else None, erreurs)
        else:
            return redirect("www:demande", demande.pk)
    titre = "Nouvelle demande ponctuelle" if demande is None else f"Modifier « {demande.titre} »"
    return render(
        request,
        "www/demandes/formulaire.html",
        {
            "title": titre,
            "form": form,
            "demande": demande,
            "breadcrumb_data": _fil(courant=titre),
        },
        status=422 if form.errors else 200,
    )


@login_required
def creer(request):
    return _formulaire(request)


@login_required
def modifier(request, pk):
    return _formulaire(request, demande_geree_or_403(request.user, pk))


@login_required
def detail(request, pk):
    user = request.user
    demande = demande_lisible_or_404(user, pk)
    if not perms.is_admin(user):
        # An ARS only ever sees its own region's answer.
        return redirect("www:demande_region", demande.pk, user.territoire.code)
    etats = suivi.etats_regions(demande)
    return render(
        request,
        "www/demandes/detail.html",
        {
            "title": demande.titre,
            "demande": demande,
            "etats": etats,
            "suivi": suivi.Suivi(etats),
            "echeances": [Echeance("Réponse attendue", demande.echeance, aujourd_hui())],
            "questions": demande.questions.all(),
            "indicateurs": demande.indicateurs.order_by("code"),
            "exceptions": demande.exceptions.select_related("region", "accordee_par"),
            "aujourd_hui": aujourd_hui(),
            "breadcrumb_data": _fil(courant=demande.titre),
        },
    )


@login_required
@require_POST
def publier(request, pk):
    demande = demande_geree_or_403(request.user, pk)
    try:
        services.publier_demande(request.user, demande)
    except ValidationError as exc:
        messages.error(request, _texte(exc))
    else:
        messages.success(request, "Demande publiée : les régions destinataires la voient.")
    return redirect("www:demande", demande.pk)


@login_required
@require_POST
def statut(request, pk):
    demande = demande_geree_or_403(request.user, pk)
    motif = request.POST.get("motif", "")
    try:
        if demande.est_publiee:
            services.cloturer_demande(request.user, demande, motif=motif)
            messages.success(request, "Demande clôturée : les réponses sont fermées.")
        else:
            services.rouvrir_demande(request.user, demande, motif=motif)
            messages.success(request, "Demande rouverte.")
    except ValidationError as exc:
        messages.error(request, _texte(exc))
    return redirect("www:demande", demande.pk)


@login_required
def region(request, pk, code):
    user = request.user
    demande = demande_lisible_or_404(user, pk)
    territoire = region_lisible_or_404(user, demande, code)
    cible = services.cible_de(demande, territoire)
    return _page_region(request, demande, cible)


def _page_region(request, demande, cible, *, formulaires=None, status=200):
    user = request.user
    etat = suivi.etat_region(cible)
    verrou = verrous.motif_verrou(user, cible)
    peut_repondre = perms.can_answer_demande(user, demande, cible.region) and not verrou
    formulaires = formulaires or {}
    lignes = []
    for question, reponse in etat.lignes_questions:
        saisi = formulaires.get(question.pk, {})
        lignes.append(
            {
                "question": question,
                "reponse": reponse,
                "texte": saisi.get("texte", reponse.texte if reponse else ""),
                "version": saisi.get("version", reponse.version if reponse else 0),
                "erreur": saisi.get("erreur", ""),
                "conflit": saisi.get("conflit"),
                "enregistree": saisi.get("enregistree", False),
            }
        )
    titre = f"{demande.titre} — {cible.region.nom}"
    liens = (
        [(reverse("www:demande", args=[demande.pk]), demande.titre)] if perms.is_admin(user) else []
    )
    return render(
        request,
        "www/demandes/region.html",
        {
            "title": titre,
            "demande": demande,
            "cible": cible,
            "etat": etat,
            "lignes": lignes,
            "verrou": verrou,
            "peut_repondre": peut_repondre,
            "peut_gerer": perms.can_manage_demandes(user),
            "exception": verrous.exception_active(demande, cible.region),
            "echeances": [Echeance("Réponse attendue", demande.echeance, aujourd_hui())],
            "aujourd_hui": aujourd_hui(),
            "breadcrumb_data": _fil(*liens, courant=cible.region.nom),
        },
        status=status,
    )


@login_required
@require_POST
def repondre(request, pk, code):
    """Save the answers typed on the region page (all questions of the form at once)."""
    user = request.user
    demande = demande_lisible_or_404(user, pk)
    territoire = region_lisible_or_404(user, demande, code)
    perms.require(perms.can_answer_demande(user, demande, territoire))
    cible = services.cible_de(demande, territoire)
    formulaires, enregistrees, refus = {}, 0, 0
    for question in demande.questions.all():
        champ = f"q-{question.pk}"
        if champ not in request.POST:
            continue
        texte = request.POST.get(champ, "")
        existante = question.reponses.filter(region=territoire).first()
        if texte.strip() == (existante.texte if existante else "") or (
            not texte.strip() and existante is None
        ):
            continue  # untouched question
        try:
            version = int(request.POST.get(f"ver-{question.pk}", "0"))
        except ValueError:
            version = 0
        try:
            services.enregistrer_reponse(
                user, demande, territoire, question, texte, version_lue=version
            )
        except services.ConflitDeReponse as exc:
            refus += 1
            formulaires[question.pk] = {
                "texte": texte,
                "version": exc.actuelle.version if exc.actuelle else 0,
                "conflit": {"message": str(exc), "actuelle": exc.actuelle},
            }
        except (ValidationError, verrous.ReponseVerrouillee) as exc:
            refus += 1
            formulaires[question.pk] = {"texte": texte, "version": version, "erreur": _texte(exc)}
        else:
            enregistrees += 1
            formulaires[question.pk] = {"enregistree": True}
    if enregistrees:
        messages.success(request, f"{enregistrees} réponse(s) enregistrée(s).")
    if refus:
        messages.error(request, f"{refus} réponse(s) non enregistrée(s) : voir le détail.")
        cible.refresh_from_db()
        return _page_region(
            request,
            demande,
            cible,
            formulaires=formulaires,
            status=409 if any(f.get("conflit") for f in formulaires.values()) else 422,
        )
    if not enregistrees:
        messages.info(request, "Aucune réponse modifiée.")
    return redirect("www:demande_region", demande.pk, territoire.code)


@login_required
@require_POST
def transmettre(request, pk, code):
    user = request.user
    demande = demande_lisible_or_404(user, pk)
    territoire = region_lisible_or_404(user, demande, code)
    try:
        services.transmettre_reponse(user, demande, territoire)
    except (ValidationError, verrous.ReponseVerrouillee) as exc:
        messages.error(request, _texte(exc))
    else:
        messages.success(request, "Réponse transmise à l'administration nationale.")
    return redirect("www:demande_region", demande.pk, territoire.code)


@login_required
@require_POST
def cloture_region(request, pk, code):
    """National admin: close a region's answer, or reopen a transmitted or closed one."""
    demande = demande_geree_or_403(request.user, pk)
    territoire = region_lisible_or_404(request.user, demande, code)
    motif = request.POST.get("motif", "")
    try:
        if request.POST.get("action") == "rouvrir":
            services.rouvrir_reponse(request.user, demande, territoire, motif=motif)
            messages.success(request, f"Réponse de {territoire.nom} rouverte.")
        else:
            services.clore_reponse(request.user, demande, territoire, motif=motif)
            messages.success(request, f"Réponse de {territoire.nom} close.")
    except ValidationError as exc:
        messages.error(request, _texte(exc))
    return redirect("www:demande_region", demande.pk, territoire.code)


@login_required
@require_POST
def exception(request, pk, code):
    demande = demande_geree_or_403(request.user, pk)
    territoire = region_lisible_or_404(request.user, demande, code)
    try:
        jusqu_au = datetime.date.fromisoformat(request.POST.get("jusqu_au", ""))
    except ValueError:
        messages.error(request, "Date de fin attendue au format JJ/MM/AAAA.")
        return redirect("www:demande_region", demande.pk, territoire.code)
    try:
        services.accorder_exception(
            request.user,
            demande,
            territoire,
            jusqu_au=jusqu_au,
            motif=request.POST.get("motif", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _texte(exc))
    else:
        messages.success(
            request, f"Réponse de {territoire.nom} rouverte jusqu'au {jusqu_au:%d/%m/%Y}."
        )
    return redirect("www:demande_region", demande.pk, territoire.code)


@login_required
@require_POST
def revoquer(request, pk, exception_pk):
    demande = demande_geree_or_403(request.user, pk)
    objet = get_object_or_404(demande.exceptions, pk=exception_pk)
    services.revoquer_exception(request.user, objet)
    messages.success(request, "Exception révoquée.")
    return redirect("www:demande_region", demande.pk, objet.region.code)


@login_required
def export_csv(request, pk):
    return reponse_csv(demande_geree_or_403(request.user, pk))
