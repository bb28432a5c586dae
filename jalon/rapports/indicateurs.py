"""Indicator blocks of a bilan: latest value, previous value, evolution, source, regional table.

`Contexte` loads every figure a bilan needs in a few queries (whatever the number of
indicators); `bloc_indicateur` then builds
the `document.Indicateur` of one indicator for the bilan's year.
"""

from dataclasses import dataclass, field

from jalon.rapports import donnees
from jalon.rapports import format as fr
from jalon.rapports.document import Indicateur, Tableau
from jalon.rapports.figures import figure_serie
from jalon.referentiel.models import Indicateur as IndicateurReferentiel
from jalon.saisies.periodes import parse_periode

# Units whose regional values add up to the national figure; rates, averages and indices do
# not, and the total row shows the national value instead.
UNITES_ADDITIVES = {"", "nombre", "euros"}


@dataclass
class Contexte:
    annee: int
    series: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    regionaux: set = field(default_factory=set)  # ids of indicators with regional values
    # {indicateur_id: (period, values by region, period a year before, its values)}
    regionales: dict = field(default_factory=dict)
    regions: list = field(default_factory=list)
    avec_figures: bool = True

    @classmethod
    def charger(cls, annee: int, indicateurs, *, avec_figures: bool = True) -> "Contexte":
        indicateurs = list(indicateurs)
        nationales = donnees.series_nationales(indicateurs)
        regionaux = donnees.avec_valeurs_regionales(indicateurs)
        return cls(
            annee=annee,
            series=nationales["series"],
            sources=nationales["sources"],
            regionaux=regionaux,
            regionales=donnees.valeurs_regionales_par_indicateur(
                [i for i in indicateurs if i.pk in regionaux], annee
            ),
            regions=donnees.regions(),
            avec_figures=avec_figures,
        )


def _point_dict(point) -> dict | None:
    if point is None:
        return None
    return {"periode": point.periode, "valeur": str(point.valeur)}


def ligne_source(indicateur: IndicateurReferentiel, source_valeur: str, periode: str) -> str:
    """`Source : Pôle national 3114 (2023) — fournisseur : DGS`."""
    morceaux = []
    if source_valeur:
        morceaux.append(f"Source : {source_valeur} ({fr.periode(periode)})")
    elif periode:
        morceaux.append(f"Source : non précisée ({fr.periode(periode)})")
    fournisseur = indicateur.fournisseur_libelle or (
        indicateur.fournisseur.code if indicateur.fournisseur_id else ""
    )
    if fournisseur:
        morceaux.append(f"fournisseur : {fournisseur}")
    if indicateur.source:
        morceaux.append(f"système d'information : {indicateur.source}")
    return " — ".join(morceaux)


def bloc_indicateur(contexte: Contexte, indicateur: IndicateurReferentiel) -> Indicateur:
    points = contexte.series.get(indicateur.pk, [])
    derniere, precedente = donnees.derniere_et_precedente(points, contexte.annee)
    evolution = fr.phrase_evolution(contexte.annee, derniere, precedente, indicateur.unite)
    source = (
        ligne_source(
            indicateur,
            contexte.sources.get((indicateur.pk, derniere.periode), ""),
            derniere.periode,
        )
        if derniere
        else ligne_source(indicateur, "", "")
    )
    variation = (
        fr.texte_variation(evolution.variation, en_points=evolution.en_points)
        if evolution.variation is not None
        else ""
    )
    jusqua_annee = [p for p in points if parse_periode(p.periode).annee <= contexte.annee]
    figure = None
    if contexte.avec_figures and len(jusqua_annee) >= 2:
        figure = figure_serie(indicateur, jusqua_annee)
    return Indicateur(
        code=indicateur.code,
        type_libelle=indicateur.get_type_display(),
        libelle=indicateur.libelle,
        phrase=evolution.texte,
        source=source,
        valeurs={
            "derniere": _point_dict(derniere),
            "precedente": _point_dict(precedente),
            "variation": variation,
            "disponible": evolution.disponible,
        },
        tableau_regional=tableau_regional(contexte, indicateur),
        figure=figure,
    )


def tableau_regional(contexte: Contexte, indicateur: IndicateurReferentiel) -> Tableau | None:
    """Regions as rows for the bilan's year (or the latest period up to it that has regional
    values), with the same period a year before when there is one, and a total row."""
    trouve = contexte.regionales.get(indicateur.pk)
    if trouve is None:
        return None
    courante, valeurs, avant, anciennes = trouve
    unite = indicateur.unite
    entetes = ["Région", fr.periode(courante)]
    if anciennes:
        entetes += [fr.periode(avant), "Évolution"]
    lignes = []
    for region in contexte.regions:
        valeur = valeurs.get(region.code)
        ligne = [region.nom, fr.nombre(valeur, unite) if valeur is not None else "non disponible"]
        if anciennes:
            ancienne = anciennes.get(region.code)
            ligne.append(fr.nombre(ancienne, unite) if ancienne is not None else "non disponible")
            ligne.append(_variation(valeur, ancienne, unite))
        lignes.append(ligne)
    total = _ligne_total(contexte, indicateur, courante, avant, valeurs, anciennes)
    manquantes = sum(1 for r in contexte.regions if r.code not in valeurs)
    note = (
        f"{manquantes} région(s) sans valeur validée pour {fr.periode(courante)}."
        if manquantes
        else ""
    )
    if unite in UNITES_ADDITIVES and manquantes:
        note += " Le total ne porte que sur les régions renseignées."
    return Tableau(
        titre=f"{indicateur.code} — valeurs par région",
        entetes=entetes,
        lignes=lignes,
        total=total,
        note=note.strip(),
        colonnes_numeriques=tuple(range(1, len(entetes))),
    )


def _variation(valeur, ancienne, unite) -> str:
    if valeur is None or ancienne is None:
        return "non calculable"
    en_points = unite in fr.UNITES_EN_POINTS
    delta = fr.variation(valeur, ancienne, en_points=en_points)
    if delta is None:
        return "non calculable"
    if valeur == ancienne:
        return "stable"
    return fr.texte_variation(delta, en_points=en_points)


def _ligne_total(contexte, indicateur, courante, avant, valeurs, anciennes) -> list[str]:
    unite = indicateur.unite
    if unite in UNITES_ADDITIVES:
        total = sum(valeurs.values())
        ligne = ["Total des régions", fr.nombre(total, unite)]
        if anciennes:
            total_avant = sum(anciennes.values())
            # Totals over different sets of regions are not comparable.
            comparable = set(valeurs) == set(anciennes)
            ligne += [
                fr.nombre(total_avant, unite),
                _variation(total, total_avant, unite)
                if comparable
                else "non comparable (régions renseignées différentes)",
            ]
        return ligne
    nationales = {p.periode: p.valeur for p in contexte.series.get(indicateur.pk, [])}
    ligne = ["France (valeur nationale)", _ou_nd(nationales.get(courante), unite)]
    if anciennes:
        ligne += [
            _ou_nd(nationales.get(avant), unite),
            _variation(nationales.get(courante), nationales.get(avant), unite),
        ]
    return ligne


def _ou_nd(valeur, unite) -> str:
    return fr.nombre(valeur, unite) if valeur is not None else "non disponible"
