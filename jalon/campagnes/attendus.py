"""What a campaign expects, from whom, and where each expected cell stands.

Nothing here is stored: the cells derive from the referential and the territories each time
they are asked for (a few thousand tuples, two queries), so a change of maille, of provider or
of the ARS flag shows at once and there is no cache to invalidate.

Rules (instruction 2023/179 and its annex):

- An ARS fills every active indicator flagged ``saisie_ars``: at ``regionale`` maille for its
  region, at ``departementale`` or ``infra_departementale`` maille for each of its departments
  (Jalon holds no finer territory that every region has, so infra-departmental figures are
  collected per department).
- A national provider (the indicator's ``fournisseur``) fills its other active indicators for
  every territory of the maille: ``FR`` for ``nationale``, all regions, or all departments.
- Indicators whose maille is still ``a_fixer`` are expected from nobody until it is fixed.
- Period: a yearly campaign expects one annual figure per cell, period ``N`` (e.g. ``2023``),
  whatever the indicator's frequency. Monthly indicators (RIM-P, SNDS series…) may also be
  imported month by month, but the bilan reports the year, so only the annual figure is
  expected and counted; a biennial survey reports its latest figure at period ``N``.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Min

from jalon.referentiel.models import Indicateur, Organisation
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.territoires.models import Territoire

Maille = Indicateur.Maille
Statut = Valeur.Statut

VIDE = "vide"
ETATS = (
    (VIDE, "Vide"),
    (Statut.BROUILLON, "Brouillon"),
    (Statut.SOUMISE, "Soumise"),
    (Statut.VALIDEE, "Validée"),
    (Statut.RENVOYEE, "Renvoyée"),
)
LIBELLES_ETATS = dict(ETATS)
# A cell counts as received once submitted (a returned value must be submitted again).
RECUES = {Statut.SOUMISE, Statut.VALIDEE}
_MAILLES_DEPARTEMENTALES = {Maille.DEPARTEMENTALE, Maille.INFRA_DEPARTEMENTALE}


@dataclass
class Cellule:
    indicateur: Indicateur
    territoire: Territoire
    periode: str
    region: Territoire | None = None  # set for the cells an ARS fills
    organisation: Organisation | None = None  # set for the cells a national provider fills
    valeur: Valeur | None = None
    soumise_le: object = None  # first time the value was submitted (or validated)
    echeance: object = None

    @property
    def cle(self) -> tuple:
        return (self.indicateur.pk, self.territoire.pk, self.periode)

    @property
    def etat(self) -> str:
        return self.valeur.statut if self.valeur else VIDE

    @property
    def libelle_etat(self) -> str:
        return LIBELLES_ETATS[self.etat]

    @property
    def recue(self) -> bool:
        return self.etat in RECUES

    @property
    def a_l_heure(self) -> bool:
        return (
            self.recue
            and self.soumise_le is not None
            and self.echeance is not None
            and self.soumise_le.date() <= self.echeance
        )

    @property
    def manquante(self) -> bool:
        """Still to do by whoever fills it: empty, draft or returned."""
        return not self.recue


def est_attendu_des_ars(indicateur) -> bool:
    """`indicateurs_ars` for one loaded active indicator (pages that hold the referential)."""
    return (
        not indicateur.retire
        and indicateur.saisie_ars
        and indicateur.maille in {Maille.REGIONALE, *_MAILLES_DEPARTEMENTALES}
    )


def est_attendu_d_un_fournisseur(indicateur) -> bool:
    """`indicateurs_fournis` for one loaded indicator."""
    return (
        not indicateur.retire
        and not indicateur.saisie_ars
        and indicateur.fournisseur_id is not None
        and indicateur.maille != Maille.A_FIXER
    )


def indicateurs_ars():
    return (
        Indicateur.objects.actifs()
        .filter(saisie_ars=True, maille__in=[Maille.REGIONALE, *_MAILLES_DEPARTEMENTALES])
        .select_related("fournisseur")
        .order_by("code")
    )


def indicateurs_fournis(organisation=None):
    qs = (
        Indicateur.objects.actifs()
        .filter(saisie_ars=False, fournisseur__isnull=False)
        .exclude(maille=Maille.A_FIXER)
        .select_related("fournisseur")
        .order_by("code")
    )
    return qs.filter(fournisseur=organisation) if organisation is not None else qs


def fournisseurs():
    """Organisations expected to provide values in a campaign."""
    return Organisation.objects.filter(pk__in=indicateurs_fournis().values("fournisseur")).order_by(
        "code"
    )


def _territoires_par_maille(region=None) -> dict:
    territoires = Territoire.objects.select_related("parent")
    if region is not None:
        return {
            Maille.REGIONALE: [region],
            Maille.DEPARTEMENTALE: list(territoires.departements().filter(parent=region)),
        }
    return {
        Maille.NATIONALE: list(territoires.filter(code="FR")),
        Maille.REGIONALE: list(territoires.regions()),
        Maille.DEPARTEMENTALE: list(territoires.departements()),
    }


def _maille_territoriale(maille: str) -> str:
    return Maille.DEPARTEMENTALE if maille in _MAILLES_DEPARTEMENTALES else maille


def cellules_region(campagne, region) -> list[Cellule]:
    """The cells the ARS of ``region`` fills, indicator by indicator, region first."""
    par_maille = _territoires_par_maille(region)
    cellules = []
    for indicateur in indicateurs_ars():
        for territoire in par_maille[_maille_territoriale(indicateur.maille)]:
            cellules.append(
                Cellule(
                    indicateur,
                    territoire,
                    campagne.periode,
                    region=region,
                    echeance=campagne.echeance_valeurs_regionales,
                )
            )
    return avec_valeurs(cellules)


def cellules_fournisseur(campagne, organisation, indicateur=None) -> list[Cellule]:
    """The cells a national provider fills (only those of ``indicateur`` if given)."""
    par_maille = _territoires_par_maille()
    indicateurs = indicateurs_fournis(organisation)
    if indicateur is not None:
        indicateurs = indicateurs.filter(pk=indicateur.pk)
    cellules = []
    for indicateur in indicateurs:
        for territoire in par_maille[_maille_territoriale(indicateur.maille)]:
            cellules.append(
                Cellule(
                    indicateur,
                    territoire,
                    campagne.periode,
                    organisation=indicateur.fournisseur,
                    echeance=campagne.echeance_valeurs_nationales,
                )
            )
    return avec_valeurs(cellules)


def cellules_toutes_regions(campagne) -> dict:
    """{region: cells} for the 18 regions, with two queries for the values in all."""
    regions = list(Territoire.objects.regions())
    departements = list(Territoire.objects.departements())
    indicateurs = list(indicateurs_ars())
    resultat = {}
    for region in regions:
        par_maille = {
            Maille.REGIONALE: [region],
            Maille.DEPARTEMENTALE: [d for d in departements if d.parent_id == region.pk],
        }
        resultat[region] = [
            Cellule(
                indicateur,
                territoire,
                campagne.periode,
                region=region,
                echeance=campagne.echeance_valeurs_regionales,
            )
            for indicateur in indicateurs
            for territoire in par_maille[_maille_territoriale(indicateur.maille)]
        ]
    avec_valeurs([c for cellules in resultat.values() for c in cellules])
    return resultat


def cellules_tous_fournisseurs(campagne) -> dict:
    """{organisation: cells} for every national provider, with two queries for the values."""
    par_maille = _territoires_par_maille()
    resultat = {}
    for indicateur in indicateurs_fournis():
        cellules = resultat.setdefault(indicateur.fournisseur, [])
        for territoire in par_maille[_maille_territoriale(indicateur.maille)]:
            cellules.append(
                Cellule(
                    indicateur,
                    territoire,
                    campagne.periode,
                    organisation=indicateur.fournisseur,
                    echeance=campagne.echeance_valeurs_nationales,
                )
            )
    avec_valeurs([c for cellules in resultat.values() for c in cellules])
    return dict(sorted(resultat.items(), key=lambda paire: paire[0].code))


def avec_valeurs(cellules: list[Cellule]) -> list[Cellule]:
    """Attach each cell's current value and first submission time (two queries); also used
    for the cells of ad-hoc requests (`jalon.demandes.suivi`)."""
    if not cellules:
        return cellules
    periodes = {c.periode for c in cellules}
    valeurs = Valeur.objects.filter(
        periode__in=periodes,
        indicateur__in={c.indicateur.pk for c in cellules},
        territoire__in={c.territoire.pk for c in cellules},
    )
    par_cle = {(v.indicateur_id, v.territoire_id, v.periode): v for v in valeurs}
    soumissions = dict(
        HistoriqueValeur.objects.filter(
            valeur__in=[v.pk for v in par_cle.values()], nouveau_statut__in=RECUES
        )
        .values("valeur")
        .annotate(premiere=Min("horodatage"))
        .values_list("valeur", "premiere")
    )
    for cellule in cellules:
        cellule.valeur = par_cle.get(cellule.cle)
        if cellule.valeur is not None:
            cellule.soumise_le = soumissions.get(cellule.valeur.pk)
    return cellules


@dataclass
class Bilan:
    """Counts of a set of cells: for to-do pages and the national completeness table."""

    attendues: int = 0
    par_etat: Counter = field(default_factory=Counter)
    recues: int = 0
    a_l_heure: int = 0

    @classmethod
    def de(cls, cellules) -> "Bilan":
        bilan = cls()
        for cellule in cellules:
            bilan.attendues += 1
            bilan.par_etat[cellule.etat] += 1
            bilan.recues += cellule.recue
            bilan.a_l_heure += cellule.a_l_heure
        return bilan

    @property
    def manquantes(self) -> int:
        return self.attendues - self.recues

    @property
    def taux_recues(self) -> int:
        return _pourcent(self.recues, self.attendues)

    @property
    def taux_a_l_heure(self) -> int:
        return _pourcent(self.a_l_heure, self.attendues)

    def etats(self) -> list[tuple[str, str, int]]:
        return [(code, libelle, self.par_etat.get(code, 0)) for code, libelle in ETATS]


def _pourcent(n: int, total: int) -> int:
    return round(100 * n / total) if total else 0
