"""Entry grids of a campaign: one row per expected cell, saved cell by cell with HTMX (or all
at once without JavaScript), then submitted.

Two perimeters share the same code and templates: an ARS fills its region's cells
(`/campagnes/N/regions/REG-xx/saisie/`), a national provider fills one of its indicators for
every territory of the maille (`/campagnes/N/fournisseurs/DGOS/saisie/A020INDM02/`, one
indicator a page: a departmental indicator is 101 rows, all of them thousands).

Every write goes through `jalon.saisies.services` (permissions, history, versions, checks,
the rule for submitted values); this module adds the campaign's rules: only the perimeter's
expected cells, and the deadline lock of `jalon.campagnes.verrous`, checked on the server for
each write.

Ad-hoc requests (`jalon.www.demandes.saisie`) reuse these grids with their own cells, lock and
follow-up hook (`Perimetre.regle_verrou`, `Perimetre.apres_ecriture`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.campagnes import attendus, suivi, verrous
from jalon.saisies import services as saisies
from jalon.saisies.models import Valeur
from jalon.saisies.nombres import format_nombre_fr
from jalon.www.campagnes.acces import (
    campagne_or_404,
    fil,
    fournisseur_suivi_or_403,
    region_suivie_or_403,
)
from jalon.www.htmx import wants_fragment

Statut = Valeur.Statut
A_SOUMETTRE = {Statut.BROUILLON, Statut.RENVOYEE}


@dataclass
class Perimetre:
    """What one grid covers: its cells, its addresses and how it is named on the page."""

    campagne: object
    titre: str  # "Hauts-de-France", "DGOS — A020INDM02"
    legende: str  # the table caption
    bouton_soumettre: str
    url_grille: str
    url_soumettre: str
    url_a_faire: str
    libelle_a_faire: str
    vue_cellule: str  # URL name of a cell, reversed with args_cellule + indicator, territory
    args_cellule: list
    cellules: list
    echeances: list
    exception: object = None
    # Another lock than the campaign's (user, cell) -> French reason or "", and a hook run
    # with the user after each successful write or submission.
    regle_verrou: Callable | None = None
    apres_ecriture: Callable | None = None

    def motif_verrou(self, user, cellule) -> str:
        if self.regle_verrou is not None:
            return self.regle_verrou(user, cellule)
        return verrous.motif_verrou(user, self.campagne, cellule.indicateur, cellule.territoire)

    def url_cellule(self, cellule) -> str:
        args = [*self.args_cellule, cellule.indicateur.code, cellule.territoire.code]
        return reverse(self.vue_cellule, args=args)


def perimetre_region(user, annee, code) -> Perimetre:
    campagne = campagne_or_404(annee)
    region = region_suivie_or_403(user, code)
    return Perimetre(
        campagne=campagne,
        titre=region.nom,
        legende=f"Valeurs {campagne.periode} attendues de {region.nom}",
        bouton_soumettre="Soumettre les valeurs de la région",
        url_grille=reverse("www:campagne_grille", args=[annee, region.code]),
        url_soumettre=reverse("www:campagne_soumettre", args=[annee, region.code]),
        url_a_faire=reverse("www:campagne_region", args=[annee, region.code]),
        libelle_a_faire=region.nom,
        vue_cellule="www:campagne_cellule",
        args_cellule=[annee, region.code],
        cellules=attendus.cellules_region(campagne, region),
        echeances=suivi.echeances_region(campagne),
        exception=verrous.exceptions_actives(campagne).filter(region=region).first(),
    )


def perimetre_fournisseur(user, annee, code, code_indicateur) -> Perimetre:
    campagne = campagne_or_404(annee)
    organisation = fournisseur_suivi_or_403(user, code)
    indicateur = get_object_or_404(attendus.indicateurs_fournis(organisation), code=code_indicateur)
    exceptions = verrous.exceptions_actives(campagne).filter(organisation=organisation)
    return Perimetre(
        campagne=campagne,
        titre=f"{organisation.code} — {indicateur.code}",
        legende=(
            f"Valeurs {campagne.periode} de {indicateur.code} attendues de {organisation.code}, "
            f"maille {indicateur.get_maille_display().lower()}"
        ),
        bouton_soumettre=f"Soumettre les valeurs de {indicateur.code}",
        url_grille=reverse(
            "www:campagne_grille_fournisseur", args=[annee, organisation.code, indicateur.code]
        ),
        url_soumettre=reverse(
            "www:campagne_soumettre_fournisseur",
            args=[annee, organisation.code, indicateur.code],
        ),
        url_a_faire=reverse("www:campagne_fournisseur", args=[annee, organisation.code]),
        libelle_a_faire=organisation.code,
        vue_cellule="www:campagne_cellule_fournisseur",
        args_cellule=[annee, organisation.code],
        cellules=attendus.cellules_fournisseur(campagne, organisation, indicateur),
        echeances=suivi.echeances_fournisseur(campagne),
        exception=(
            exceptions.filter(indicateur=indicateur).first()
            or exceptions.filter(indicateur__isnull=True).first()
        ),
    )


@dataclass
class Ligne:
    """A grid row: the cell plus what the last save said about it."""

    cellule: attendus.Cellule
    url: str
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


def _lignes(user, perimetre: Perimetre) -> list[Ligne]:
    # The lock depends on the indicator and, for ARS cells, the region: once per pair.
    verrous_vus = {}
    lignes = []
    for cellule in perimetre.cellules:
        cle = (cellule.indicateur.pk, getattr(cellule.region, "pk", None))
        if cle not in verrous_vus:
            verrous_vus[cle] = perimetre.motif_verrou(user, cellule)
        # Then the values service's own rule, said in the row before any useless try.
        verrou = verrous_vus[cle] or saisies.motif_figee(user, cellule.valeur)
        lignes.append(Ligne(cellule, perimetre.url_cellule(cellule), verrou=verrou))
    return lignes


def _enregistrer(request, ligne: Ligne, perimetre: Perimetre) -> None:
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
    if perimetre.apres_ecriture is not None:
        perimetre.apres_ecriture(request.user)
    if cellule.valeur.valeur is not None:
        ligne.avertissements = saisies.verifier_valeur(
            cellule.indicateur, cellule.territoire, cellule.periode, cellule.valeur.valeur
        )


def _a_soumettre(lignes) -> int:
    return sum(1 for ligne in lignes if ligne.cellule.etat in A_SOUMETTRE and not ligne.verrou)


def _contexte(perimetre, lignes, **extra) -> dict:
    campagne = perimetre.campagne
    return {
        "title": f"Saisie {campagne.periode} — {perimetre.titre}",
        "campagne": campagne,
        "perimetre": perimetre,
        "lignes": lignes,
        "echeances": perimetre.echeances,
        "exception": perimetre.exception,
        "a_soumettre": _a_soumettre(lignes),
        "breadcrumb_data": fil(
            (perimetre.url_a_faire, perimetre.libelle_a_faire), courant="Saisie des valeurs"
        ),
        **extra,
    }


def _grille(request, perimetre):
    lignes = _lignes(request.user, perimetre)
    if request.method == "POST":
        for ligne in lignes:
            _enregistrer(request, ligne, perimetre)
        n = sum(ligne.enregistree for ligne in lignes)
        refus = sum(bool(ligne.erreur or ligne.conflit) for ligne in lignes)
        if n:
            messages.success(
                request,
                f"{n} valeur{'s' if n > 1 else ''} enregistrée{'s' if n > 1 else ''} en brouillon.",
            )
        if refus:
            messages.error(request, f"{refus} valeur(s) non enregistrée(s) : voir le détail.")
    return render(request, "www/campagnes/grille.html", _contexte(perimetre, lignes))


def _cellule(request, perimetre, indicateur, territoire):
    lignes = _lignes(request.user, perimetre)
    cle = f"{indicateur}__{territoire}"
    ligne = next((ligne for ligne in lignes if ligne.cle == cle), None)
    if ligne is None:
        raise Http404("Cette valeur n'est pas attendue de ce périmètre pour cette campagne.")
    _enregistrer(request, ligne, perimetre)
    if not wants_fragment(request):
        return redirect(perimetre.url_grille)
    return render(
        request,
        "www/campagnes/_cellule.html",
        {
            "ligne": ligne,
            "campagne": perimetre.campagne,
            "perimetre": perimetre,
            "a_soumettre": _a_soumettre(lignes),
        },
    )


def _soumettre(request, perimetre):
    lignes = _lignes(request.user, perimetre)
    valeurs = [
        ligne.valeur for ligne in lignes if ligne.cellule.etat in A_SOUMETTRE and not ligne.verrou
    ]
    verrouillees = [ligne for ligne in lignes if ligne.cellule.etat in A_SOUMETTRE and ligne.verrou]
    if verrouillees:
        messages.error(request, verrouillees[0].verrou)
    if not valeurs:
        messages.info(request, "Aucune valeur en brouillon à soumettre.")
        return redirect(perimetre.url_grille)
    try:
        saisies.soumettre_valeurs(request.user, valeurs)
    except saisies.CommentaireRequis as exc:
        a_commenter = {(v.indicateur_id, v.territoire_id) for v in exc.valeurs}
        for ligne in lignes:
            c = ligne.cellule
            if (c.indicateur.pk, c.territoire.pk) in a_commenter:
                ligne.erreur = "Commentaire requis avant la soumission."
        contexte = _contexte(
            perimetre,
            lignes,
            a_commenter=[ligne for ligne in lignes if ligne.erreur],
            message_soumission=str(exc),
        )
        return render(request, "www/campagnes/grille.html", contexte, status=422)
    except saisies.SaisieInvalide as exc:
        messages.error(request, str(exc))
        return redirect(perimetre.url_grille)
    if perimetre.apres_ecriture is not None:
        perimetre.apres_ecriture(request.user)
    messages.success(
        request,
        f"{len(valeurs)} valeur(s) soumise(s) à l'administration nationale ({perimetre.titre}).",
    )
    return redirect(perimetre.url_a_faire)


# --- ARS: the region's cells --------------------------------------------------------------


@login_required
def grille(request, annee, code):
    return _grille(request, perimetre_region(request.user, annee, code))


@login_required
@require_POST
def cellule(request, annee, code, indicateur, territoire):
    return _cellule(request, perimetre_region(request.user, annee, code), indicateur, territoire)


@login_required
@require_POST
def soumettre(request, annee, code):
    return _soumettre(request, perimetre_region(request.user, annee, code))


# --- National provider: one of its indicators, every territory of the maille ---------------


@login_required
def grille_fournisseur(request, annee, code, indicateur):
    return _grille(request, perimetre_fournisseur(request.user, annee, code, indicateur))


@login_required
@require_POST
def cellule_fournisseur(request, annee, code, indicateur, territoire):
    perimetre = perimetre_fournisseur(request.user, annee, code, indicateur)
    return _cellule(request, perimetre, indicateur, territoire)


@login_required
@require_POST
def soumettre_fournisseur(request, annee, code, indicateur):
    return _soumettre(request, perimetre_fournisseur(request.user, annee, code, indicateur))
