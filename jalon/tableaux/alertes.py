"""Alerts of the national dashboard. Each rule is stated where it is computed:

- ``manquante``: a region or a national provider still owes values to the campaign (expected
  cells not yet submitted, counted by `jalon.campagnes.completude`);
- ``tendance``: the national yearly figure of an indicator whose direction is "higher is
  better" (``sens = hausse``) fell from N-1 to N;
- ``ecart_mediane``: for an indicator at regional maille, a region whose latest figure is
  more than ``JALON_ALERTE_ECART_MEDIANE`` (default 0.5, i.e. 50 %) away from the median of
  the regions, with at least ``MIN_REGIONS`` regions having a figure; counts and amounts are
  compared per 100 000 inhabitants, so a populous region is not flagged for its size;
- ``perimee``: an indicator whose latest period ended long enough ago that the next one is
  overdue. The next period is expected one period after the latest one ends, plus one period
  to be produced: a yearly figure for 2023 is due by 31 December 2025, a monthly one for
  March by 31 May, a twice-yearly one (``bisannuelle``, semesters as in `jalon.agregats`) for
  the first half by 30 June of the next year. Indicators with no planned frequency are skipped.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from statistics import median
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from jalon import agregats
from jalon.referentiel.models import Indicateur
from jalon.saisies.nombres import format_nombre_fr
from jalon.saisies.periodes import parse_periode
from jalon.tableaux import populations

Frequence = Indicateur.Frequence
MIN_REGIONS = 5
MOIS_PAR_PERIODE = {Frequence.ANNUELLE: 12, Frequence.MENSUELLE: 1, Frequence.BISANNUELLE: 6}


@dataclass(frozen=True)
class Alerte:
    genre: str
    titre: str
    message: str
    url: str = ""


class LiensIndicateurs(dict):
    """{indicator code: URL of its dashboard page}, reversed once per page: the national
    dashboard links ≈ 300 indicators (alerts and the national table) and a `reverse` costs
    ≈ 0.1 ms. The code is quoted as `reverse` quotes a path argument."""

    _JOKER = "0000jalon0000"

    def __missing__(self, code):
        if not hasattr(self, "_gabarit"):
            self._gabarit = reverse("www:tableau_indicateur", args=[self._JOKER])
        url = self[code] = self._gabarit.replace(
            self._JOKER, quote(str(code), safe="!$&'()*+,;=/~:@")
        )
        return url


def seuil_ecart() -> Decimal:
    return Decimal(str(getattr(settings, "JALON_ALERTE_ECART_MEDIANE", "0.5")))


def valeurs_manquantes(completude, campagne) -> list[Alerte]:
    alertes = []
    for cle, libelle in (("par_region", "cette région"), ("par_fournisseur", "ce fournisseur")):
        for objet, bilan in completude[cle]:
            if bilan.manquantes:
                nom = getattr(objet, "nom", None) or getattr(objet, "libelle", "") or objet.code
                alertes.append(
                    Alerte(
                        "manquante",
                        f"Valeurs manquantes : {nom}",
                        f"{bilan.manquantes} valeur(s) sur {bilan.attendues} attendues de "
                        f"{libelle} ne sont pas soumises pour la campagne {campagne.annee}.",
                        reverse(
                            "www:campagne_region"
                            if cle == "par_region"
                            else "www:campagne_fournisseur",
                            args=[campagne.annee, objet.code],
                        ),
                    )
                )
    return alertes


def tendances_defavorables(evolutions, liens=None) -> list[Alerte]:
    liens = LiensIndicateurs() if liens is None else liens
    return [
        Alerte(
            "tendance",
            f"Baisse défavorable : {e.indicateur}",
            f"{e.libelle} : {format_nombre_fr(e.precedente, e.unite)} en {e.annee - 1}, "
            f"{format_nombre_fr(e.valeur, e.unite)} en {e.annee} alors qu'une hausse est "
            "attendue.",
            liens[e.indicateur],
        )
        for e in evolutions
        if e.sens == Indicateur.Sens.HAUSSE and e.ecart is not None and e.ecart < 0
    ]


def ecarts_mediane(
    indicateurs, *, validees_seulement=False, regions=None, liens=None
) -> list[Alerte]:
    """``indicateurs``: the active indicators at regional maille. The regions' latest figures
    of all of them are read at once from the rollups. ``regions``: the regions with their
    population (`populations.territoires("region")`), when the caller has them."""
    liens = LiensIndicateurs() if liens is None else liens
    if regions is None:
        regions = populations.territoires("region")
    regions = {t.code: t for t in regions}
    dernieres = agregats.dernieres_par_indicateur(
        niveau="region", indicateurs=indicateurs, validees_seulement=validees_seulement
    )
    seuil = seuil_ecart()
    alertes = []
    for indicateur in indicateurs:
        par_habitant = populations.a_un_denominateur(indicateur)
        comparees = {}
        for v in dernieres.get(indicateur.pk, []):
            chiffre = v.valeur
            if par_habitant:
                chiffre = populations.taux(v.valeur, regions[v.territoire].population)
            if chiffre is not None:
                comparees[v.territoire] = chiffre
        if len(comparees) < MIN_REGIONS:
            continue
        med = median(comparees.values())
        if not med:
            continue
        unite = "" if par_habitant else indicateur.unite
        suffixe = " pour 100 000 habitants" if par_habitant else ""
        for code, chiffre in comparees.items():
            ecart = (chiffre - med) / abs(med)
            if abs(ecart) > seuil:
                alertes.append(
                    Alerte(
                        "ecart_mediane",
                        f"Écart à la médiane : {regions[code].nom}, {indicateur.code}",
                        f"{format_nombre_fr(chiffre, unite)}{suffixe} contre une médiane des "
                        f"régions de {format_nombre_fr(med, unite)} "
                        f"({'+' if ecart > 0 else ''}{format_nombre_fr(round(ecart * 100))} %).",
                        liens[indicateur.code],
                    )
                )
    return alertes


def _ajouter_mois(jour: datetime.date, mois: int) -> datetime.date:
    """The last day of the month ``mois`` months after ``jour``'s month."""
    index = jour.year * 12 + jour.month - 1 + mois + 1
    premier_suivant = datetime.date(index // 12, index % 12 + 1, 1)
    return premier_suivant - datetime.timedelta(days=1)


def echeance_mise_a_jour(indicateur, derniere_periode: str) -> datetime.date | None:
    mois = MOIS_PAR_PERIODE.get(indicateur.frequence)
    if mois is None:
        return None
    return _ajouter_mois(parse_periode(derniere_periode).fin, 2 * mois)


def donnees_perimees(indicateurs, jour: datetime.date, *, validees_seulement=False, liens=None):
    """The latest period of every indicator comes from the rollups in one query."""
    liens = LiensIndicateurs() if liens is None else liens
    periodes = agregats.derniere_periode_par_indicateur(validees_seulement=validees_seulement)
    alertes = []
    for indicateur in indicateurs:
        periode = periodes.get(indicateur.pk)
        echeance = echeance_mise_a_jour(indicateur, periode) if periode else None
        if echeance is not None and jour > echeance:
            alertes.append(
                Alerte(
                    "perimee",
                    f"Données anciennes : {indicateur.code}",
                    f"Dernière période {periode} ; mise à jour "
                    f"{indicateur.get_frequence_display().lower()} attendue au plus tard le "
                    f"{echeance:%d/%m/%Y}.",
                    liens[indicateur.code],
                )
            )
    return alertes
