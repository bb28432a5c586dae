"""One region's page: its figures against the other regions and France, its roadmap, its to-do."""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from jalon import agregats
from jalon.campagnes import attendus
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


def _indicateurs_de_la_region(region, validees_seulement):
    requete = Valeur.objects.filter(territoire=region, valeur__isnull=False)
    if validees_seulement:
        requete = requete.filter(statut=Valeur.Statut.VALIDEE)
    ids = set(requete.values_list("indicateur_id", flat=True).distinct())
    return list(Indicateur.objects.filter(pk__in=ids).order_by("code"))


def lignes_region(region, *, validees_seulement=False) -> list[LigneRegion]:
    """Each indicator the region has a figure for: its latest figure, the median and rank of
    the regions for that same period, and France's figure for it."""
    lignes = []
    for indicateur in _indicateurs_de_la_region(region, validees_seulement):
        dernieres = agregats.valeurs_par_territoire(
            indicateur, niveau="region", validees_seulement=validees_seulement
        )
        propre = next((v for v in dernieres if v.territoire == region.code), None)
        if propre is None:
            continue
        meme_periode = agregats.valeurs_par_territoire(
            indicateur,
            niveau="region",
            periode=propre.periode,
            validees_seulement=validees_seulement,
        )
        chiffres = sorted((v.valeur for v in meme_periode), reverse=True)
        france = next(
            (
                p.valeur
                for p in agregats.serie(indicateur, "FR", validees_seulement=validees_seulement)
                if p.periode == propre.periode
            ),
            None,
        )
        lignes.append(
            LigneRegion(
                indicateur,
                propre.periode,
                propre.valeur,
                propre.statut,
                median(chiffres) if chiffres else None,
                chiffres.index(propre.valeur) + 1,
                len(chiffres),
                france,
            )
        )
    return lignes


def _compter(actions, champ, choix) -> list[tuple[str, int]]:
    comptes = {}
    for valeur in actions.values_list(champ, flat=True):
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
        actions = ActionRegionale.objects.filter(version=version)
        statuts = _compter(actions, "statut", ActionRegionale.Statut.choices)
        meteos = _compter(actions, "meteo", ActionRegionale.Meteo.choices)
    campagne = campagne_courante()
    bilan = None
    if campagne is not None and perms.can_follow_region(user, region):
        bilan = Bilan.de(attendus.cellules_region(campagne, region))
    return PageRegion(region, lignes_region(region), version, statuts, meteos, campagne, bilan)
