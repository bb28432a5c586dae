"""Chart specifications (Vega-Lite JSON built in Python) and the tables behind them.

Every builder returns a `Graphique`: its ``spec`` draws exactly the rows of its ``tableau``
(the spec's inline data is derived from the table's rows), so what a chart shows and what its
table says cannot drift apart. Numbers stay `Decimal` in the table (formatted the French way
for display) and become floats only in the spec's JSON.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from jalon.saisies.nombres import format_nombre_fr
from jalon.saisies.periodes import (
    MOIS,
    MOIS_COURTS,
    PeriodeInvalide,
    libelle_court,
    libelle_periode,
)

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# d3-format / d3-time-format French locale, inside the spec so the browser and vl-convert
# format axis labels alike (1 333,5 ; janv. 2023).
LOCALE = {
    "number": {
        "decimal": ",",
        "thousands": "\u202f",
        "grouping": [3],
        "currency": ["", "\u00a0€"],
        "percent": "\u202f%",
    },
    "time": {
        "dateTime": "%A %e %B %Y à %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": MOIS,
        "shortMonths": MOIS_COURTS,
    },
}
# DSFR colours: "bleu France" for data, "rouge Marianne" for what is highlighted or referenced.
BLEU = "#000091"
ROUGE = "#c9191e"
GRIS = "#666666"
# Categorical palette from the DSFR illustrative colours (distinguishable, AA on white).
PALETTE = ["#000091", "#c9191e", "#18753c", "#b34000", "#695240", "#6e445a", "#3a3a3a", "#006a6f"]
CONFIG = {
    "locale": LOCALE,
    "font": "Marianne, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif",
    "background": "#ffffff",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#3a3a3a"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
    "title": {"fontSize": 15, "anchor": "start", "color": "#161616"},
    "range": {"category": PALETTE},
    # The page gives each chart its text alternative (role="img" + description on the
    # container) and its data table: Vega's per-mark ARIA roles would only repeat it, and an
    # empty mark container would be an image without a name.
    "aria": False,
    "mark": {"aria": False},
}
HAUTEUR = 280
HAUTEUR_BARRE = 18


@dataclass(frozen=True)
class Colonne:
    cle: str
    libelle: str
    nombre: bool = False
    unite: str = ""


@dataclass
class Tableau:
    """Rows of plain values (Decimal for numbers, None when missing) with their columns."""

    legende: str
    colonnes: list[Colonne]
    lignes: list[dict]

    def cellules(self) -> list[list[str]]:
        """Rows as display text, numbers written the French way, « — » for a missing value."""
        rendu = []
        for ligne in self.lignes:
            cellules = []
            for colonne in self.colonnes:
                valeur = ligne.get(colonne.cle)
                if valeur is None:
                    cellules.append("—")
                elif colonne.nombre:
                    cellules.append(format_nombre_fr(valeur, colonne.unite))
                else:
                    cellules.append(str(valeur))
            rendu.append(cellules)
        return rendu


@dataclass
class Graphique:
    identifiant: str
    titre: str
    description: str
    spec: dict
    tableau: Tableau
    source: str = ""
    notes: list[str] = field(default_factory=list)

    def spec_json(self) -> str:
        return json.dumps(self.spec, ensure_ascii=False, separators=(",", ":"))

    toujours_dessine: bool = False

    @property
    def vide(self) -> bool:
        """No figure to draw (a map is drawn anyway: its grey tiles say what is missing)."""
        if self.toujours_dessine:
            return not self.tableau.lignes
        cle = next((c.cle for c in self.tableau.colonnes if c.nombre), "valeur")
        return not any(ligne.get(cle) is not None for ligne in self.tableau.lignes)


def identifiant(texte: str) -> str:
    """An HTML id from any text: ``graphique-a06indm01-regions``."""
    return "graphique-" + re.sub(r"[^a-z0-9]+", "-", texte.lower()).strip("-")


def _json(valeur):
    if isinstance(valeur, Decimal):
        return float(valeur)
    return valeur


def _valeurs(tableau: Tableau) -> list[dict]:
    return [{k: _json(v) for k, v in ligne.items()} for ligne in tableau.lignes]


def _titre_axe(libelle: str, unite: str) -> str:
    suffixes = {"pourcentage": "%", "taux_evolution": "%", "euros": "€"}
    suffixe = suffixes.get(unite, "")
    return f"{libelle} ({suffixe})" if suffixe else libelle


def _format(unite: str) -> str:
    # Integers keep grouping; decimals show at most two digits (d3-format "~" drops zeros).
    return ",.2~f"


def _base(titre: str, description: str, tableau: Tableau) -> dict:
    return {
        "$schema": SCHEMA,
        "title": titre,
        "description": description,
        "width": "container",
        "data": {"values": _valeurs(tableau)},
        "config": CONFIG,
    }


# Beyond this many periods, one label a year: 96 months side by side are unreadable.
PERIODES_ETIQUETEES = 12


def _libelle(code: str, court: bool = False) -> str:
    """The French name of a period code; a code Jalon does not know stays as it is."""
    try:
        return libelle_court(code) if court else libelle_periode(code)
    except PeriodeInvalide:
        return code


def _axe_des_periodes(periodes: list[str]) -> dict:
    """Every period labelled when they are few, in French (`T1 2023`, `janv. 2023`);
    otherwise a tick and a label (the year) at the first period of each year only (codes
    start with the year: 2023, 2023-01…)."""
    if len(periodes) <= PERIODES_ETIQUETEES:
        noms = {p: _libelle(p, court=True) for p in periodes}
        if all(nom == p for p, nom in noms.items()):
            return {"labelAngle": 0}
        # An expression the browser's CSP-safe interpreter and vl-convert both evaluate.
        return {
            "labelAngle": 0,
            "labelExpr": f"{json.dumps(noms, ensure_ascii=False)}[datum.value] || datum.value",
            # Twelve "sept. 2023" labels may not fit a narrow chart: drop those that touch.
            "labelOverlap": "greedy",
        }
    premieres = list({periode[:4]: periode for periode in reversed(periodes)}.values())[::-1]
    return {"labelAngle": 0, "values": premieres, "labelExpr": "substring(datum.value, 0, 4)"}


def serie_temporelle(
    titre: str,
    points,
    *,
    unite: str = "",
    libelle_valeur: str = "Valeur",
    libelle_serie: str = "Territoire",
    description: str = "",
    source: str = "",
) -> Graphique:
    """Values over periods, one line per series (e.g. a region and France).

    ``points``: iterable of ``(serie, periode, valeur)``, periods as Jalon codes (``2023``,
    ``2023-S1``…) given in chronological order; ``valeur`` may be None (a gap in the line).
    """
    points = list(points)
    series = list(dict.fromkeys(serie for serie, _, _ in points))
    periodes = list(dict.fromkeys(periode for _, periode, _ in points))
    tableau = Tableau(
        legende=f"Données du graphique : {titre}",
        colonnes=[
            Colonne("serie", libelle_serie),
            Colonne("libelle_periode", "Période"),
            Colonne("valeur", libelle_valeur, nombre=True, unite=unite),
        ],
        # The code orders the axis; its French name is what the table and tooltip show.
        lignes=[
            {"serie": s, "periode": p, "libelle_periode": _libelle(p), "valeur": v}
            for s, p, v in points
        ],
    )
    if not description:
        description = (
            f"Courbe : {titre}, {len(periodes)} période(s) de {_libelle(periodes[0])} à "
            f"{_libelle(periodes[-1])}, "
            f"{len(series)} série(s). Le tableau des données suit le graphique."
            if periodes
            else f"{titre} : aucune donnée."
        )
    encodage = {
        "x": {
            "field": "periode",
            "type": "ordinal",
            "title": "Période",
            "sort": periodes,
            "axis": _axe_des_periodes(periodes),
        },
        "y": {
            "field": "valeur",
            "type": "quantitative",
            "title": _titre_axe(libelle_valeur, unite),
            "axis": {"format": _format(unite)},
        },
        "tooltip": [
            {"field": "serie", "title": libelle_serie},
            {"field": "libelle_periode", "title": "Période"},
            {"field": "valeur", "title": libelle_valeur, "format": _format(unite)},
        ],
    }
    if len(series) > 1:
        encodage["color"] = {
            "field": "serie",
            "type": "nominal",
            "title": libelle_serie,
            "sort": series,
        }
        encodage["strokeDash"] = {"field": "serie", "type": "nominal", "sort": series}
    else:
        encodage["color"] = {"value": BLEU}
    # Smaller dots on a long series: 96 large ones would merge into a thick band.
    longue = len(periodes) > 2 * PERIODES_ETIQUETEES
    spec = _base(titre, description, tableau) | {
        "height": HAUTEUR,
        "mark": {
            "type": "line",
            "point": {"size": 18 if longue else 60, "filled": True},
            "strokeWidth": 1.5 if longue else 2.5,
        },
        "encoding": encodage,
    }
    return Graphique(identifiant(titre), titre, description, spec, tableau, source)


def barres_par_territoire(
    titre: str,
    barres,
    *,
    unite: str = "",
    libelle_valeur: str = "Valeur",
    reference: tuple[str, Decimal] | None = None,
    mediane: bool = False,
    mis_en_avant: str | None = None,
    description: str = "",
    source: str = "",
    colonnes_supplementaires: list[Colonne] | None = None,
) -> Graphique:
    """One horizontal bar per territory, largest first.

    ``barres``: iterable of dicts with ``code``, ``territoire`` (name) and ``valeur`` (Decimal
    or None; a territory without a value stays in the table and is left out of the chart), plus
    the keys of ``colonnes_supplementaires`` for the table. ``reference``: ``(label, value)``
    drawn as a vertical rule (France…); ``mediane=True`` draws the median of the territories
    instead when no reference is given. ``mis_en_avant``: code of a territory drawn in red
    (the region of the page).
    """
    lignes = sorted(
        (dict(b) for b in barres),
        key=lambda b: (b["valeur"] is None, -(b["valeur"] or 0), b["territoire"]),
    )
    colonnes = [
        Colonne("territoire", "Territoire"),
        Colonne("valeur", libelle_valeur, nombre=True, unite=unite),
        *(colonnes_supplementaires or []),
    ]
    tableau = Tableau(f"Données du graphique : {titre}", colonnes, lignes)
    avec_valeur = [ligne for ligne in lignes if ligne["valeur"] is not None]
    if not description:
        description = (
            f"Barres : {titre}, {len(avec_valeur)} territoire(s) ; le plus élevé "
            f"{avec_valeur[0]['territoire']} ({format_nombre_fr(avec_valeur[0]['valeur'], unite)}"
            f"), le plus bas {avec_valeur[-1]['territoire']} "
            f"({format_nombre_fr(avec_valeur[-1]['valeur'], unite)}). Le tableau suit."
            if avec_valeur
            else f"{titre} : aucune donnée."
        )
    ordre = [ligne["territoire"] for ligne in avec_valeur]
    if reference is None and mediane and avec_valeur:
        reference = ("Médiane des territoires", median(ligne["valeur"] for ligne in avec_valeur))
    couleur = {"value": BLEU}
    if mis_en_avant:
        couleur = {
            "condition": {"test": {"field": "code", "equal": mis_en_avant}, "value": ROUGE},
            "value": BLEU,
        }
    barres_layer = {
        "transform": [{"filter": "isValid(datum.valeur)"}],
        "mark": {"type": "bar", "height": {"band": 0.75}},
        "encoding": {
            "y": {"field": "territoire", "type": "nominal", "sort": ordre, "title": None},
            "x": {
                "field": "valeur",
                "type": "quantitative",
                "title": _titre_axe(libelle_valeur, unite),
                "axis": {"format": _format(unite)},
            },
            "color": couleur,
            "tooltip": [
                {"field": "territoire", "title": "Territoire"},
                {"field": "valeur", "title": libelle_valeur, "format": _format(unite)},
            ],
        },
    }
    layers = [barres_layer]
    notes = []
    if reference is not None and reference[1] is not None:
        libelle_ref, valeur_ref = reference
        layers.append(
            {
                "data": {"values": [{"reference": libelle_ref, "valeur": float(valeur_ref)}]},
                "mark": {"type": "rule", "color": ROUGE, "strokeDash": [6, 4], "size": 2},
                "encoding": {
                    "x": {"field": "valeur", "type": "quantitative"},
                    "tooltip": [
                        {"field": "reference", "title": "Référence"},
                        {"field": "valeur", "title": libelle_valeur, "format": _format(unite)},
                    ],
                },
            }
        )
        notes.append(
            f"Ligne pointillée rouge : {libelle_ref} ({format_nombre_fr(valeur_ref, unite)})."
        )
    spec = _base(titre, description, tableau) | {
        "height": max(HAUTEUR_BARRE * len(avec_valeur), 40),
        "layer": layers,
    }
    return Graphique(identifiant(titre), titre, description, spec, tableau, source, notes)


def barres_empilees(
    titre: str,
    comptes,
    *,
    libelle_categorie: str,
    libelle_groupe: str,
    ordre_groupes: list[str] | None = None,
    couleurs: dict[str, str] | None = None,
    description: str = "",
    source: str = "",
) -> Graphique:
    """Counts by category (one horizontal bar each) stacked by group (e.g. axis × status).

    ``comptes``: iterable of ``(categorie, groupe, nombre)``; zero counts may be left out.
    """
    comptes = [(c, g, n) for c, g, n in comptes]
    categories = list(dict.fromkeys(c for c, _, _ in comptes))
    groupes = ordre_groupes or list(dict.fromkeys(g for _, g, _ in comptes))
    tableau = Tableau(
        f"Données du graphique : {titre}",
        [
            Colonne("categorie", libelle_categorie),
            Colonne("groupe", libelle_groupe),
            Colonne("nombre", "Nombre", nombre=True),
        ],
        [{"categorie": c, "groupe": g, "nombre": n} for c, g, n in comptes],
    )
    total = sum(n for _, _, n in comptes)
    if not description:
        description = (
            f"Barres empilées : {titre}, {total} au total sur {len(categories)} "
            f"{libelle_categorie.lower()}(s). Le tableau suit."
        )
    couleur = {"field": "groupe", "type": "nominal", "title": libelle_groupe, "sort": groupes}
    if couleurs:
        couleur["scale"] = {
            "domain": groupes,
            "range": [couleurs.get(g, GRIS) for g in groupes],
        }
    spec = _base(titre, description, tableau) | {
        "height": max(34 * len(categories), 60),
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "categorie", "type": "nominal", "sort": categories, "title": None},
            "x": {
                "field": "nombre",
                "type": "quantitative",
                "title": "Nombre",
                "stack": True,
                "axis": {"format": "d", "tickMinStep": 1},
            },
            "color": couleur,
            "order": {"field": "rang", "type": "quantitative"},
            "tooltip": [
                {"field": "categorie", "title": libelle_categorie},
                {"field": "groupe", "title": libelle_groupe},
                {"field": "nombre", "title": "Nombre"},
            ],
        },
    }
    rangs = {g: i for i, g in enumerate(groupes)}
    for valeur in spec["data"]["values"]:
        valeur["rang"] = rangs.get(valeur["groupe"], len(rangs))
    return Graphique(identifiant(titre), titre, description, spec, tableau, source)
