"""One region's page: its figures against the other regions and France, its roadmap, its to-do."""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from jalon import agregats
from jalon.campagnes import completude as comptes_campagne
from jalon.campagnes.attendus import Bilan
from jalon.feuilles_regionales import queries as feuilles
from jalon.feuilles_regionales.models import ActionRegionale
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import Valeur
from jalon.tableaux.national import campagne_courante
from jalon.territoires import perms


@dataclass
class LigneRegion:
    indicateur: Indicateur
    periode: str
    valeur: Decimal
    statut: str
    mediane: Decimal | None
    rang: int
    sur: int
    france: Decimal | None

    @property
    def ecart_mediane(self) -> Decimal | None:
        if self.mediane in (None, 0):
            return None
        return (self.valeur - self.mediane) * 100 / abs(self.mediane)


@dataclass
class PageRegion:
    region: object
    lignes: list[LigneRegion]
    version: object
    statuts: list[tuple[str, int]]
    meteos: list[tuple[str, int]]
    campagne: object
    bilan: Bilan | None


def _valeurs_aux_periodes(paires, *, niveau=None, code=None, validees_seulement):
    """{(indicateur_id, periode): [(territoire code, valeur, statut)]} of the values of the
    given (indicator, period) pairs, one query: regional values of the periods each region
    reached, or France's figure for them."""
    if not paires:
        return {}
    requete = Valeur.objects.filter(
        indicateur__in={i for i, _ in paires}, periode__in={p for _, p in paires}
    )
    if niveau is not None:
        requete = requete.filter(territoire__niveau=niveau, valeur__isnull=False)
    if code is not None:
        requete = requete.filter(territoire__code=code)
    if validees_seulement:
        requete = requete.filter(statut=Valeur.Statut.VALIDEE)
    resultat = {}
    for indicateur_id, periode, territoire, nombre, statut in requete.values_list(
        "indicateur_id", "periode", "territoire__code", "valeur", "statut"
    ):
        if (indicateur_id, periode) in paires:
            resultat.setdefault((indicateur_id, periode), []).append((territoire, nombre, statut))
    return resultat


def lignes_region(region, *, validees_seulement=False) -> list[LigneRegion]:
    """Each indicator the region has a figure for: its latest figure, the median and rank of
    the regions for that same period, and France's figure for it.

    Three queries whatever the number of indicators and values: the region's latest figures
    (rollups), the regions' values of those periods, France's values of those periods."""
    propres = {
        indicateur_id: valeurs[0]
        for indicateur_id, valeurs in agregats.dernieres_par_indicateur(
            territoire=region, validees_seulement=validees_seulement
        ).items()
    }
    paires = {(i, v.periode) for i, v in propres.items()}
    regions = _valeurs_aux_periodes(paires, niveau="region", validees_seulement=validees_seulement)
    france = _valeurs_aux_periodes(paires, code="FR", validees_seulement=validees_seulement)
    lignes = []
    for indicateur in Indicateur.objects.filter(pk__in=list(propres)).order_by("code"):
        propre = propres[indicateur.pk]
        cle = (indicateur.pk, propre.periode)
        chiffres = sorted((nombre for _, nombre, _ in regions.get(cle, [])), reverse=True)
        lignes.append(
            LigneRegion(
                indicateur,
                propre.periode,
                propre.valeur,
                propre.statut,
                median(chiffres) if chiffres else None,
                chiffres.index(propre.valeur) + 1,
                len(chiffres),
                next((nombre for _, nombre, _ in france.get(cle, [])), None),
            )
        )
    return lignes


def _compter(valeurs, choix) -> list[tuple[str, int]]:
    comptes = {}
    for valeur in valeurs:
        comptes[valeur] = comptes.get(valeur, 0) + 1
    libelles = dict(choix)
    ordre = [code for code, _ in choix] + [""]
    return [
        (libelles.get(code, "Non renseigné"), comptes[code]) for code in ordre if code in comptes
    ]


def page_region(user, region) -> PageRegion:
    version = feuilles.version_courante(region)
    statuts, meteos = [], []
    if version is not None:
        actions = list(
            ActionRegionale.objects.filter(version=version).values_list("statut", "meteo")
        )
        statuts = _compter((s for s, _ in actions), ActionRegionale.Statut.choices)
        meteos = _compter((m for _, m in actions), ActionRegionale.Meteo.choices)
    campagne = campagne_courante()
    bilan = None
    if campagne is not None and perms.can_follow_region(user, region):
        bilan = comptes_campagne.bilan_region(campagne, region)
    return PageRegion(region, lignes_region(region), version, statuts, meteos, campagne, bilan)
