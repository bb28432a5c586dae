"""Entry grid of an ARS for a campaign: one row per expected cell, saved cell by cell with HTMX
(or all at once without JavaScript), then submitted for the region.

Every write goes through `jalon.saisies.services` (permissions, history, versions, checks);
this module adds the campaign's rules: only the region's expected cells, and the deadline lock
of `jalon.campagnes.verrous`, checked on the server for each write.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.campagnes import attendus, suivi, verrous
from jalon.saisies import services as saisies
from jalon.saisies.models import Valeur
from jalon.saisies.nombres import format_nombre_fr
from jalon.www.campagnes.acces import campagne_or_404, fil, region_suivie_or_403
from jalon.www.htmx import wants_fragment

Statut = Valeur.Statut
A_SOUMETTRE = {Statut.BROUILLON, Statut.RENVOYEE}


@dataclass
class Ligne:
    """A grid row: the cell plus what the last save said about it."""

    cellule: attendus.Cellule
    verrou: str = ""
    saisie: str | None = None  # what the user typed, kept when it was refused
    erreur: str = ""
    conflit: str = ""
    enregistree: bool = False
    avertissements: list = field(default_factory=list)

    @property
    def cle(self) -> str:
        return f"{self.cellule.indicateur.code}__{self.cellule.territoire.code}"

    @property
    def valeur(self):
        return self.cellule.valeur

    @property
    def texte(self) -> str:
        if self.saisie is not None:
            return self.saisie
        if self.valeur is None:
            return ""
        return format_nombre_fr(self.valeur.valeur, self.cellule.indicateur.unite)

    @property
    def version(self) -> int:
        return self.valeur.version if self.valeur else 0

    @property
    def commentaire(self) -> str:
        return self.valeur.commentaire if self.valeur else ""

    @property
    def modifiable(self) -> bool:
        return not self.verrou

    @property
    def commentaire_requis(self) -> bool:
        return bool(self.avertissements) and not self.commentaire.strip()


def _lignes(user, campagne, region) -> list[Ligne]:
    lignes = []
    for cellule in attendus.cellules_region(campagne, region):
        verrou = verrous.motif_verrou(user, campagne, cellule.indicateur, cellule.territoire)
        # The values service's own rule, said in the row before any useless try.
        verrou = verrou or saisies.motif_figee(user, cellule.valeur)
        lignes.append(Ligne(cellule, verrou=verrou))
    return lignes


def _enregistrer(request, campagne, ligne: Ligne) -> None:
    """Save one row from the POSTed fields of its key; the outcome is kept on the row."""
    cle = ligne.cle
    if f"v-{cle}" not in request.POST:
        return
    texte = request.POST.get(f"v-{cle}", "").strip()
    commentaire = request.POST.get(f"c-{cle}", "").strip()
    cellule = ligne.cellule
    if texte == ligne.texte and commentaire == ligne.commentaire:
        return  # untouched row of a whole-grid submission
    if ligne.verrou:
        ligne.erreur = ligne.verrou
        return
    if not texte and cellule.valeur is None and not commentaire:
        return
    try:
        version = int(request.POST.get(f"ver-{cle}", ""))
    except ValueError:
        version = ligne.version
    ligne.saisie = texte
    try:
        cellule.valeur = saisies.enregistrer_valeur(
            request.user,
            cellule.indicateur,
            cellule.territoire,
            cellule.periode,
            texte or None,
            version_lue=version,
            source=cellule.valeur.source if cellule.valeur else "",
            commentaire=commentaire,
            canal=Valeur.Canal.FORMULAIRE,
        )
    except saisies.ConflitDeVersion as exc:
        ligne.conflit = str(exc)
        cellule.valeur = exc.actuelle
        return
    except saisies.SaisieInvalide as exc:
        ligne.erreur = str(exc)
        return
    ligne.saisie, ligne.enregistree = None, True
    if cellule.valeur.valeur is not None:
        ligne.avertissements = saisies.verifier_valeur(
            cellule.indicateur, cellule.territoire, cellule.periode, cellule.valeur.valeur
        )


def _contexte(request, campagne, region, lignes, **extra) -> dict:
    return {
        "title": f"Saisie {campagne.annee} — {region.nom}",
        "campagne": campagne,
        "region": region,
        "lignes": lignes,
        "echeances": suivi.echeances_region(campagne),
        "exception": verrous.exceptions_actives(campagne).filter(region=region).first(),
        "a_soumettre": sum(
            1 for ligne in lignes if ligne.cellule.etat in A_SOUMETTRE and not ligne.verrou
        ),
        "breadcrumb_data": fil(
            (reverse("www:campagne_region", args=[campagne.annee, region.code]), region.nom),
            courant="Saisie des valeurs",
        ),
        **extra,
    }


@login_required
def grille(request, annee, code):
    campagne = campagne_or_404(annee)
    region = region_suivie_or_403(request.user, code)
    lignes = _lignes(request.user, campagne, region)
    if request.method == "POST":
        for ligne in lignes:
            _enregistrer(request, campagne, ligne)
        n = sum(ligne.enregistree for ligne in lignes)
        refus = sum(bool(ligne.erreur or ligne.conflit) for ligne in lignes)
        if n:
            messages.success(
                request,
                f"{n} valeur{'s' if n > 1 else ''} enregistrée{'s' if n > 1 else ''} en brouillon.",
            )
        if refus:
            messages.error(request, f"{refus} valeur(s) non enregistrée(s) : voir le détail.")
    return render(
        request, "www/campagnes/grille.html", _contexte(request, campagne, region, lignes)
    )


@login_required
@require_POST
def cellule(request, annee, code, indicateur, territoire):
    campagne = campagne_or_404(annee)
    region = region_suivie_or_403(request.user, code)
    lignes = _lignes(request.user, campagne, region)
    cle = f"{indicateur}__{territoire}"
    ligne = next((ligne for ligne in lignes if ligne.cle == cle), None)
    if ligne is None:
        raise Http404("Cette valeur n'est pas attendue de cette région pour cette campagne.")
    _enregistrer(request, campagne, ligne)
    if not wants_fragment(request):
        return redirect("www:campagne_grille", annee, code)
    return render(
        request,
        "www/campagnes/_ligne_saisie.html",
        {"ligne": ligne, "campagne": campagne, "region": region},
    )


@login_required
@require_POST
def soumettre(request, annee, code):
    campagne = campagne_or_404(annee)
    region = region_suivie_or_403(request.user, code)
    lignes = _lignes(request.user, campagne, region)
    valeurs = [
        ligne.valeur for ligne in lignes if ligne.cellule.etat in A_SOUMETTRE and not ligne.verrou
    ]
    verrouillees = [ligne for ligne in lignes if ligne.cellule.etat in A_SOUMETTRE and ligne.verrou]
    if verrouillees:
        messages.error(request, verrouillees[0].verrou)
    if not valeurs:
        messages.info(request, "Aucune valeur en brouillon à soumettre.")
        return redirect("www:campagne_grille", annee, code)
    try:
        saisies.soumettre_valeurs(request.user, valeurs)
    except saisies.CommentaireRequis as exc:
        a_commenter = {(v.indicateur_id, v.territoire_id) for v in exc.valeurs}
        for ligne in lignes:
            c = ligne.cellule
            if (c.indicateur.pk, c.territoire.pk) in a_commenter:
                ligne.erreur = "Commentaire requis avant la soumission."
        contexte = _contexte(
            request,
            campagne,
            region,
            lignes,
            a_commenter=[ligne for ligne in lignes if ligne.erreur],
            message_soumission=str(exc),
        )
        return render(request, "www/campagnes/grille.html", contexte, status=422)
    except saisies.SaisieInvalide as exc:
        messages.error(request, str(exc))
        return redirect("www:campagne_grille", annee, code)
    messages.success(
        request,
        f"{len(valeurs)} valeur(s) soumise(s) à l'administration nationale pour {region.nom}.",
    )
    return redirect("www:campagne_region", annee, code)
