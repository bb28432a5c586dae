"""Pages of the bilan texts: the year's list and the editor of one text with its history.

Writing is checked by `jalon.rapports.narratifs.ecrire_narratif` (national admin; national
pilots for the actions their organisation pilots); the pages only show what the user may do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from jalon.journal.models import EntreeJournal
from jalon.rapports.models import PARTIES_ACTION, PARTIES_BILAN, Narratif, Partie
from jalon.rapports.narratifs import (
    ConflitDeVersion,
    ecrire_narratif,
    historique,
    peut_ecrire,
    texte_prerempli_rappel,
)
from jalon.referentiel.models import Action
from jalon.referentiel.queries import feuille_de_route, get_version
from jalon.territoires import perms
from jalon.www.rapports.bilans import _annee, _url_index, fil


@login_required
def liste(request, annee):
    perms.require(perms.can_build_national_bilan(request.user))
    annee = _annee(annee)
    textes = {(n.action_id, n.partie, n.axe): n for n in Narratif.objects.filter(annee=annee)}
    axes = feuille_de_route(get_version())
    for axe in axes:
        axe.gouvernance = textes.get((None, Partie.GOUVERNANCE_AXE, axe.numero))
        for av in axe.actions_filtrees:
            av.peut_ecrire = perms.can_write_narrative(request.user, av.action)
            av.sections = [
                {
                    "partie": p,
                    "libelle": p.label.replace("dans l'année", f"en {annee}"),
                    "texte": textes.get((av.action_id, p, 0)),
                }
                for p in PARTIES_ACTION
            ]
    parties = [{"partie": p, "texte": textes.get((None, p, 0))} for p in PARTIES_BILAN]
    return render(
        request,
        "www/rapports/textes.html",
        {
            "title": f"Textes du bilan {annee}",
            "annee": annee,
            "axes": axes,
            "parties": parties,
            "admin": perms.can_write_bilan_texts(request.user),
            "breadcrumb_data": fil(f"Textes {annee}", (_url_index(annee), "Bilans")),
        },
    )


def _editer(request, annee, partie, *, action=None, axe=0, titre):
    perms.require(perms.can_build_national_bilan(request.user))
    perms.require(peut_ecrire(request.user, partie, action))
    narratif = Narratif.objects.filter(annee=annee, partie=partie, action=action, axe=axe).first()
    version = narratif.version if narratif else 0
    texte = narratif.texte if narratif else ""
    prerempli = False
    if request.method == "GET" and request.GET.get("reprendre") and partie == Partie.RAPPEL:
        texte = texte_prerempli_rappel(action, annee)
        prerempli = True
    from jalon.www.rapports.forms import NarratifForm

    form = NarratifForm(request.POST or None, initial={"texte": texte, "version": version})
    statut = 200
    if request.method == "POST" and form.is_valid():
        try:
            ecrire_narratif(
                request.user,
                annee=annee,
                partie=partie,
                action=action,
                axe=axe,
                texte=form.cleaned_data["texte"],
                version_lue=form.cleaned_data["version"],
                canal=EntreeJournal.Canal.WEB,
            )
        except ConflitDeVersion as exc:
            form.add_error(None, str(exc))
            statut = 409
        except ValidationError as exc:
            form.add_error("texte", " ".join(exc.messages))
            statut = 400
        else:
            messages.success(request, "Texte enregistré.")
            return redirect(request.path)
    elif form.errors:
        statut = 400
    return render(
        request,
        "www/rapports/editer.html",
        {
            "title": titre,
            "annee": annee,
            "partie": partie,
            "form": form,
            "narratif": narratif,
            "historique": historique(narratif)[:20] if narratif else [],
            "peut_reprendre": partie == Partie.RAPPEL,
            "prerempli": prerempli,
            "breadcrumb_data": fil(
                titre,
                (_url_index(annee), "Bilans"),
                (reverse("www:bilan_textes", args=[annee]), f"Textes {annee}"),
            ),
        },
        status=statut,
    )


@login_required
def editer_action(request, annee, cle, partie):
    annee = _annee(annee)
    if partie not in PARTIES_ACTION:
        raise Http404("Section inconnue.")
    action = get_object_or_404(Action, plan__code="fdr-smp", cle=cle)
    numero = action.versions.filter(version__est_courante=True).values_list("numero", flat=True)
    libelle = Partie(partie).label.replace("dans l'année", f"en {annee}")
    titre = f"Action {numero.first() or cle} — {libelle}"
    return _editer(request, annee, partie, action=action, titre=titre)


@login_required
def editer_partie(request, annee, partie, axe=0):
    annee = _annee(annee)
    if partie not in PARTIES_BILAN and partie != Partie.GOUVERNANCE_AXE:
        raise Http404("Partie inconnue.")
    if (partie == Partie.GOUVERNANCE_AXE) != (axe > 0):
        raise Http404("Numéro d'axe attendu pour la gouvernance d'un axe seulement.")
    titre = Partie(partie).label + (f" {axe}" if axe else "") + f" — bilan {annee}"
    return _editer(request, annee, partie, axe=axe, titre=titre)
