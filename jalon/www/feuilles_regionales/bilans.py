"""Regional bilan pages: the region's bilan for a campaign year (its actions' follow-ups edited
inline with HTMX, its synthesis, submission, history), the national list of the 18 regions, and
the bilan document (HTML view, background DOCX/PDF builds), its publication once validated
(`perms.can_publish_regional_bilan`) and its published versions.

Reading needs an account (`perms.can_read_drafts`): every signed-in user reads every region's
bilan. Every write goes through `jalon.feuilles_regionales.bilan`, which checks the rights
(the region's ARS référent and national admins write, national admins validate), the locks and
the versions again; the pages only hide what the user may not do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from jalon.campagnes.models import Campagne
from jalon.campagnes.suivi import Echeance
from jalon.campagnes.verrous import aujourd_hui
from jalon.feuilles_regionales import bilan as svc
from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.models import ActionRegionale, BilanRegional
from jalon.journal.models import EntreeJournal
from jalon.rapports.models import Format, Genre
from jalon.rapports.publication import dernieres_publications_regionales, publications_du_bilan
from jalon.rapports.regional import construire_bilan_regional
from jalon.rapports.rendu_html import corps_html
from jalon.rapports.services import demander_construction
from jalon.territoires import perms
from jalon.territoires.models import Territoire
from jalon.www.feuilles_regionales.forms_bilan import RenvoiForm, SuiviForm, SyntheseForm
from jalon.www.htmx import wants_fragment

WEB = EntreeJournal.Canal.WEB


def _fil(*liens, courant):
    return {"links": [{"url": url, "title": titre} for url, titre in liens], "current": courant}


def _lecteur(request):
    perms.require(perms.can_read_drafts(request.user))


def _region(code):
    return get_object_or_404(Territoire.objects.regions(), code=code.upper())


def _campagne(annee):
    return get_object_or_404(Campagne, annee=annee)


def url_bilan(region, annee) -> str:
    return reverse("www:bilan_regional", args=[region.code, annee])


def _texte(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# --- The region's bilan ------------------------------------------------------------------------


class Contexte:
    """What every part of a region's bilan page needs, read once."""

    def __init__(self, user, region, campagne):
        self.region, self.campagne, self.annee = region, campagne, campagne.annee
        self.bilan = svc.bilan_de(region, campagne)
        self.version = queries.version_courante(region)
        self.peut_modifier = perms.can_edit_regional_bilan(user, region)
        self.peut_valider = perms.can_validate_regional_bilan(user)
        self.verrou = (
            svc.motif_verrou(user, region, campagne, self.bilan) if self.peut_modifier else ""
        )
        self.modifiable = self.peut_modifier and not self.verrou

    @property
    def statut(self) -> str:
        return self.bilan.statut if self.bilan else BilanRegional.Statut.BROUILLON


def _ligne(contexte, action, suivi, *, form=None, erreur="", enregistree=False):
    return {
        "action": action,
        "suivi": suivi,
        "form": form,
        "erreur": erreur,
        "enregistree": enregistree,
        "url": reverse(
            "www:bilan_regional_action",
            args=[contexte.region.code, contexte.annee, action.slug],
        ),
    }


def _objectifs(contexte, actions, suivis):
    """[(objective, [row, …])] in roadmap order."""
    groupes = []
    for action in actions:
        if not groupes or groupes[-1][0].pk != action.objectif_id:
            groupes.append((action.objectif, []))
        groupes[-1][1].append(_ligne(contexte, action, suivis.get(action.pk)))
    return groupes


@login_required
def bilan(request, region, annee):
    _lecteur(request)
    contexte = Contexte(request.user, _region(region), _campagne(annee))
    actions = list(
        svc.actions_du_bilan(contexte.region).prefetch_related("liens_nationaux__action")
    )
    suivis = svc.suivis_par_action(contexte.bilan)
    bilan_ = contexte.bilan
    synthese = SyntheseForm(
        initial={
            champ: getattr(bilan_, champ) if bilan_ else "" for champ, _ in svc.PARTIES_SYNTHESE
        }
        | {"version": bilan_.version if bilan_ else 0}
    )
    return _page(request, contexte, actions, suivis, synthese)


def _page(request, contexte, actions, suivis, synthese, *, renvoi=None, status=200):
    region, annee = contexte.region, contexte.annee
    numeros = queries.numeros_nationaux_courants()
    for action in actions:
        action.numeros_nationaux = [
            (lien, numeros.get(lien.action_id, lien.action.cle))
            for lien in action.liens_nationaux.all()
        ]
    return render(
        request,
        "www/feuilles_regionales/bilan.html",
        {
            "title": f"Bilan régional {annee} — {region.nom}",
            "c": contexte,
            "objectifs": _objectifs(contexte, actions, suivis),
            "nb_actions": len(actions),
            "nb_suivies": sum(1 for a in actions if a.pk in suivis and suivis[a.pk].statut),
            "manques": svc.manques(region, contexte.bilan, actions, suivis),
            "synthese": synthese,
            "renvoi": renvoi or RenvoiForm(),
            "echeance": Echeance(
                "Bilan régional", contexte.campagne.echeance_bilan_regional, aujourd_hui()
            ),
            "exception": svc.exception_bilan(region, contexte.campagne),
            "historique": svc.historique(contexte.bilan, limite=200).select_related("auteur"),
            "formats": [(Format.DOCX, "Word (DOCX)"), (Format.PDF, "PDF")],
            "peut_construire": perms.can_build_regional_bilan(request.user, region),
            "peut_publier": perms.can_publish_regional(request.user, region),
            "publiable": perms.can_publish_regional_bilan(request.user, contexte.bilan),
            "publications": publications_du_bilan(region, annee),
            "breadcrumb_data": _fil(
                (reverse("www:bilans_regionaux", args=[annee]), f"Bilans régionaux {annee}"),
                courant=region.nom,
            ),
        },
        status=status,
    )


@login_required
def action(request, region, annee, numero):
    """One action's row: GET the edit form (or, with ?lecture=1, the row as read), POST
    saves it. HTMX swaps the row in place; without JavaScript it is a page of its own."""
    _lecteur(request)
    contexte = Contexte(request.user, _region(region), _campagne(annee))
    try:
        objet = queries.get_action(contexte.region, numero)
    except ActionRegionale.DoesNotExist as exc:
        raise Http404(f"L'action n°{numero} n'existe pas dans la feuille de route.") from exc
    suivi = svc.suivis_par_action(contexte.bilan).get(objet.pk)
    if request.method == "POST":
        return _enregistrer_action(request, contexte, objet, suivi)
    if request.GET.get("lecture") or not contexte.peut_modifier:
        return _rendre_ligne(request, contexte, _ligne(contexte, objet, suivi))
    if contexte.verrou:
        return _rendre_ligne(
            request, contexte, _ligne(contexte, objet, suivi, erreur=contexte.verrou)
        )
    form = SuiviForm(action=objet, suivi=suivi, prefixe=f"a{objet.pk}")
    return _rendre_ligne(request, contexte, _ligne(contexte, objet, suivi, form=form))


def _enregistrer_action(request, contexte, objet, suivi):
    if not contexte.peut_modifier:
        raise PermissionDenied
    form = SuiviForm(request.POST, action=objet, suivi=suivi, prefixe=f"a{objet.pk}")
    if not form.is_valid():
        return _rendre_ligne(request, contexte, _ligne(contexte, objet, suivi, form=form), 422)
    donnees = form.cleaned_data
    try:
        suivi = svc.update_action_followup(
            request.user,
            objet,
            contexte.annee,
            statut=donnees["statut"],
            meteo=donnees["meteo"],
            avancement=donnees["avancement"],
            jalons_atteints=[int(pk) for pk in donnees.get("jalons", [])],
            version_lue=donnees["version"],
            canal=WEB,
            motif=donnees["motif"],
        )
    except svc.ConflitBilan as exc:
        stocke = svc.suivis_par_action(svc.bilan_de(contexte.region, contexte.campagne)).get(
            objet.pk
        )
        message = str(exc)
        if stocke is not None:
            message += (
                f" Enregistré : statut « {stocke.get_statut_display() or 'non renseigné'} », "
                f"météo « {stocke.get_meteo_display() or 'non renseignée'} ». Enregistrer de "
                "nouveau remplacera cette version par la vôtre."
            )
        # The user's input is kept; the version becomes the stored one, so saving again is a
        # deliberate overwrite.
        donnees_form = request.POST.copy()
        donnees_form[form.add_prefix("version")] = str(stocke.version if stocke else 0)
        form = SuiviForm(donnees_form, action=objet, suivi=stocke, prefixe=f"a{objet.pk}")
        form.is_valid()
        ligne = _ligne(contexte, objet, stocke, form=form, erreur=message)
        return _rendre_ligne(request, contexte, ligne, 409)
    except (svc.BilanVerrouille, ValidationError) as exc:
        ligne = _ligne(contexte, objet, suivi, form=form, erreur=_texte(exc))
        return _rendre_ligne(request, contexte, ligne, 422)
    if not wants_fragment(request):
        messages.success(request, f"Action n°{objet.numero} : suivi {contexte.annee} enregistré.")
        return redirect(f"{url_bilan(contexte.region, contexte.annee)}#action-{objet.slug}")
    objet = queries.get_action(contexte.region, objet.numero)
    suivi = svc.suivis_par_action(suivi.bilan).get(objet.pk)
    return _rendre_ligne(request, contexte, _ligne(contexte, objet, suivi, enregistree=True))


def _rendre_ligne(request, contexte, ligne, status=200):
    numeros = queries.numeros_nationaux_courants()
    ligne["action"].numeros_nationaux = [
        (lien, numeros.get(lien.action_id, lien.action.cle))
        for lien in ligne["action"].liens_nationaux.all()
    ]
    donnees = {"c": contexte, "ligne": ligne}
    if wants_fragment(request):
        return render(request, "www/feuilles_regionales/_bilan_ligne.html", donnees, status=status)
    donnees |= {
        "title": f"Action n°{ligne['action'].numero} — bilan régional {contexte.annee}",
        "breadcrumb_data": _fil(
            (
                reverse("www:bilans_regionaux", args=[contexte.annee]),
                f"Bilans régionaux {contexte.annee}",
            ),
            (url_bilan(contexte.region, contexte.annee), contexte.region.nom),
            courant=f"Action n°{ligne['action'].numero}",
        ),
    }
    return render(request, "www/feuilles_regionales/bilan_action.html", donnees, status=status)


@login_required
@require_POST
def synthese(request, region, annee):
    contexte = Contexte(request.user, _region(region), _campagne(annee))
    if not contexte.peut_modifier:
        raise PermissionDenied
    form = SyntheseForm(request.POST)
    if form.is_valid():
        donnees = form.cleaned_data
        try:
            svc.save_synthesis(
                request.user,
                contexte.region,
                contexte.annee,
                actions_prioritaires=donnees["actions_prioritaires"],
                principales_avancees=donnees["principales_avancees"],
                limites_difficultes=donnees["limites_difficultes"],
                version_lue=donnees["version"],
                canal=WEB,
                motif=donnees["motif"],
            )
        except svc.ConflitBilan as exc:
            # Keep what was typed; the version becomes the stored one (deliberate overwrite).
            donnees_form = request.POST.copy()
            donnees_form["version"] = str(exc.stockee)
            form = SyntheseForm(donnees_form)
            form.is_valid()
            form.add_error(None, str(exc))
        except (svc.BilanVerrouille, ValidationError) as exc:
            form.add_error(None, _texte(exc))
        else:
            messages.success(request, f"Synthèse du bilan {contexte.annee} enregistrée.")
            return redirect(f"{url_bilan(contexte.region, contexte.annee)}#synthese")
    contexte = Contexte(request.user, contexte.region, contexte.campagne)
    actions = list(
        svc.actions_du_bilan(contexte.region).prefetch_related("liens_nationaux__action")
    )
    return _page(
        request, contexte, actions, svc.suivis_par_action(contexte.bilan), form, status=422
    )


@login_required
@require_POST
def soumettre(request, region, annee):
    region, campagne = _region(region), _campagne(annee)
    try:
        svc.submit_regional_bilan(request.user, region, campagne.annee, canal=WEB)
    except (svc.BilanVerrouille, ValidationError) as exc:
        messages.error(request, _texte(exc))
    else:
        messages.success(
            request,
            f"Bilan régional {campagne.annee} soumis à l'administration nationale : il n'est "
            "plus modifiable, sauf renvoi pour correction.",
        )
    return redirect(url_bilan(region, campagne.annee))


@login_required
@require_POST
def valider(request, region, annee):
    region, campagne = _region(region), _campagne(annee)
    try:
        svc.validate_regional_bilan(request.user, region, campagne.annee, canal=WEB)
    except ValidationError as exc:
        messages.error(request, _texte(exc))
    else:
        messages.success(request, f"Bilan régional {campagne.annee} de {region.nom} validé.")
    suite = request.POST.get("suite")
    if suite == "liste":
        return redirect("www:bilans_regionaux", campagne.annee)
    return redirect(url_bilan(region, campagne.annee))


@login_required
@require_POST
def renvoyer(request, region, annee):
    region, campagne = _region(region), _campagne(annee)
    perms.require(perms.can_validate_regional_bilan(request.user))
    form = RenvoiForm(request.POST)
    if form.is_valid():
        try:
            svc.return_regional_bilan(
                request.user, region, campagne.annee, form.cleaned_data["commentaire"], canal=WEB
            )
        except ValidationError as exc:
            messages.error(request, _texte(exc))
        else:
            messages.success(
                request, f"Bilan régional {campagne.annee} de {region.nom} renvoyé à l'ARS."
            )
        return redirect(url_bilan(region, campagne.annee))
    contexte = Contexte(request.user, region, campagne)
    actions = list(svc.actions_du_bilan(region).prefetch_related("liens_nationaux__action"))
    bilan_ = contexte.bilan
    synthese = SyntheseForm(
        initial={
            champ: getattr(bilan_, champ) if bilan_ else "" for champ, _ in svc.PARTIES_SYNTHESE
        }
        | {"version": bilan_.version if bilan_ else 0}
    )
    return _page(
        request,
        contexte,
        actions,
        svc.suivis_par_action(bilan_),
        synthese,
        renvoi=form,
        status=422,
    )


# --- Document --------------------------------------------------------------------------------


@login_required
def document(request, region, annee):
    _lecteur(request)
    region, campagne = _region(region), _campagne(annee)
    doc = construire_bilan_regional(region, campagne.annee)
    return render(
        request,
        "www/feuilles_regionales/bilan_document.html",
        {
            "title": f"Bilan régional {campagne.annee} — {region.nom} (document)",
            # Every text is escaped by corps_html.
            "document_html": mark_safe(corps_html(doc, navigateur=True)),
            "region": region,
            "annee": campagne.annee,
            "breadcrumb_data": _fil(
                (
                    reverse("www:bilans_regionaux", args=[campagne.annee]),
                    f"Bilans régionaux {campagne.annee}",
                ),
                (url_bilan(region, campagne.annee), region.nom),
                courant="Document",
            ),
        },
    )


@login_required
@require_POST
def construire(request, region, annee):
    region, campagne = _region(region), _campagne(annee)
    format_ = request.POST.get("format", "")
    try:
        construction = demander_construction(
            request.user, Genre.REGIONAL, campagne.annee, format_, region=region
        )
    except ValidationError as exc:
        messages.error(request, _texte(exc))
        return redirect(url_bilan(region, campagne.annee))
    return redirect("www:bilan_construction", pk=construction.pk)


@login_required
@require_POST
def publier(request, region, annee):
    """Publish the validated bilan: DOCX, PDF and HTML built in the background from one
    reading of the data, then frozen. Rule: `perms.can_publish_regional_bilan` (checked again
    by the service when the task runs)."""
    region, campagne = _region(region), _campagne(annee)
    perms.require(perms.can_publish_regional(request.user, region))
    note = (request.POST.get("note") or "").strip()[:2000]
    try:
        construction = demander_construction(
            request.user,
            Genre.REGIONAL,
            campagne.annee,
            Format.PDF,
            region=region,
            a_publier=True,
            note=note,
        )
    except ValidationError as exc:
        messages.error(request, _texte(exc))
        return redirect(f"{url_bilan(region, campagne.annee)}#publication")
    return redirect("www:bilan_construction", pk=construction.pk)


# --- National list ---------------------------------------------------------------------------


@login_required
def liste(request, annee):
    _lecteur(request)
    campagne = _campagne(annee)
    bilans = {
        b.region_id: b
        for b in BilanRegional.objects.filter(campagne=campagne).annotate(
            nb_suivis=Count("suivis", distinct=True)
        )
    }
    actions = {v.plan.territoire_id: v.nb_actions for v in queries.feuilles()}
    publiees = dernieres_publications_regionales(campagne.annee)
    lignes = [
        {
            "region": region,
            "bilan": bilans.get(region.pk),
            "nb_actions": actions.get(region.pk),
            "publication": publiees.get(region.pk),
        }
        for region in Territoire.objects.regions().order_by("ordre", "code")
    ]
    compte = {statut: 0 for statut in BilanRegional.Statut.values}
    for ligne in lignes:
        compte[ligne["bilan"].statut if ligne["bilan"] else "brouillon"] += 1
    return render(
        request,
        "www/feuilles_regionales/bilans.html",
        {
            "title": f"Bilans régionaux {campagne.annee}",
            "campagne": campagne,
            "lignes": lignes,
            "compte": compte,
            "campagnes": Campagne.objects.values_list("annee", flat=True),
            "peut_valider": perms.can_validate_regional_bilan(request.user),
            "echeance": Echeance("Bilan régional", campagne.echeance_bilan_regional, aujourd_hui()),
            "breadcrumb_data": _fil(
                (reverse("www:feuilles_regionales"), "Feuilles de route régionales"),
                courant=f"Bilans régionaux {campagne.annee}",
            ),
        },
    )


@login_required
def liste_courante(request):
    """The latest campaign's list (the navigation's entry point)."""
    _lecteur(request)
    campagne = Campagne.objects.first()
    if campagne is None:
        raise Http404("Aucune campagne n'est ouverte : pas encore de bilan régional.")
    return redirect("www:bilans_regionaux", campagne.annee)
