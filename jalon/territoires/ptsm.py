"""The PTSM page's read model: registered PTSM per region, their CTSM, the counts; and, where
none is registered, what the published documents and the indicator values say (labelled as
such, never counted as registered PTSM).

Synthetic territories of `jalon generate-synthetic` (code ``PTSM-SYN-…``, name « (fictif) »)
are never counted as PTSM: the page only says how many the database holds.
"""

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jalon.saisies.models import Valeur
from jalon.territoires.models import FichePTSM, Territoire
from jalon.territoires.ptsm_import import PREFIXE_SYNTHETIQUE

CITATIONS = Path(__file__).resolve().parent.parent / "data" / "territoires" / "ptsm_citations.csv"
# Instruction 2023/179, annex: PTSM being updated, CTSM signed (departmental maille, ARS).
INDICATEURS = ("A015INDM01", "A015INDR01")


@dataclass(frozen=True)
class Citation:
    territoire: str
    texte: str
    source: str
    citation: str


@cache
def citations() -> dict[str, list[Citation]]:
    par_territoire = {}
    with CITATIONS.open(encoding="utf-8") as fichier:
        for ligne in csv.DictReader(fichier):
            par_territoire.setdefault(ligne["territoire"], []).append(Citation(**ligne))
    return par_territoire


def fiches_reelles():
    """Registered PTSM, synthetic territories excluded."""
    return (
        FichePTSM.objects.exclude(territoire__code__startswith=PREFIXE_SYNTHETIQUE)
        .select_related("territoire")
        .prefetch_related("departements__parent")
    )


@dataclass
class LigneRegion:
    region: Territoire
    fiches: list = field(default_factory=list)
    valeurs: list = field(default_factory=list)  # indicator values of the region or its deps
    citations: list = field(default_factory=list)

    @property
    def nombre(self) -> int:
        return len(self.fiches)

    @property
    def ctsm_signes(self) -> int:
        return sum(1 for f in self.fiches if f.ctsm_signe)


@dataclass
class Tableau:
    regions: list
    valeurs_nationales: list
    citations_nationales: list
    synthetiques: int

    @property
    def nombre(self) -> int:
        return sum(r.nombre for r in self.regions)

    @property
    def ctsm_signes(self) -> int:
        return sum(r.ctsm_signes for r in self.regions)


def region_de_fiche(fiche) -> Territoire | None:
    departements = list(fiche.departements.all())
    return departements[0].parent if departements else None


def tableau(user) -> Tableau:
    """Every region with its registered PTSM; values visible to ``user`` (validated ones for
    the public) of the two PTSM indicators where a region has none registered."""
    regions = list(Territoire.objects.regions())
    lignes = {r.pk: LigneRegion(r) for r in regions}
    for fiche in fiches_reelles():
        region = region_de_fiche(fiche)
        if region is not None and region.pk in lignes:
            lignes[region.pk].fiches.append(fiche)
    valeurs = (
        Valeur.objects.visibles_par(user)
        .filter(indicateur__code__in=INDICATEURS)
        .exclude(valeur__isnull=True)
        .select_related("indicateur", "territoire__parent")
        .order_by("indicateur__code", "territoire__ordre", "territoire__code", "-debut")
    )
    nationales = []
    for valeur in valeurs:
        territoire = valeur.territoire
        if territoire.code == "FR":
            nationales.append(valeur)
            continue
        region = territoire if territoire.niveau == Territoire.Niveau.REGION else territoire.parent
        if region is not None and region.pk in lignes and not lignes[region.pk].fiches:
            lignes[region.pk].valeurs.append(valeur)
    textes = citations()
    for ligne in lignes.values():
        if not ligne.fiches:
            ligne.citations = textes.get(ligne.region.code, [])
    return Tableau(
        regions=[lignes[r.pk] for r in regions],
        valeurs_nationales=nationales,
        citations_nationales=textes.get("FR", []),
        synthetiques=Territoire.objects.ptsm().filter(code__startswith=PREFIXE_SYNTHETIQUE).count(),
    )
