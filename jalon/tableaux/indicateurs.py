"""One indicator's figures: series of all periods, comparison across territories, map.

Same read model for the signed-in dashboard (every status, marked) and the public portal
(``validees_seulement=True``: validated values only, nothing else is read).
"""

from dataclasses import dataclass, field

from jalon import agregats
from jalon.graphiques import Colonne, Graphique, barres_par_territoire, serie_temporelle
from jalon.graphiques.carte import carte_choroplethe
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import Valeur
from jalon.saisies.periodes import PeriodeInvalide, parse_periode
from jalon.tableaux import populations
from jalon.territoires.models import Territoire

Maille = Indicateur.Maille
Niveau = Territoire.Niveau
LIBELLES_NIVEAUX = {Niveau.REGION: "régions", Niveau.DEPARTEMENT: "départements"}
NIVEAU_DE_MAILLE = {
    Maille.REGIONALE: Niveau.REGION,
    Maille.DEPARTEMENTALE: Niveau.DEPARTEMENT,
    Maille.INFRA_DEPARTEMENTALE: Niveau.DEPARTEMENT,
}
STATUTS = dict(Valeur.Statut.choices)


@dataclass
class Comparaison:
    niveau: str
    periode: str | None  # None: the latest period of each territory
    periodes: list[str]
    barres: Graphique
    barres_taux: Graphique | None
    carte: Graphique
    annee_population: int | None


@dataclass
class FicheIndicateur:
    indicateur: Indicateur
    validees_seulement: bool
    serie: Graphique
    region: Territoire | None = None
    niveaux: list[str] = field(default_factory=list)
    comparaison: Comparaison | None = None

    @property
    def graphiques(self) -> list[Graphique]:
        liste = [self.serie]
        if self.comparaison:
            c = self.comparaison
            liste += [g for g in (c.barres, c.barres_taux, c.carte) if g is not None]
        return liste


def source(indicateur, validees_seulement: bool) -> str:
    fournisseur = indicateur.fournisseur.code if indicateur.fournisseur else ""
    origine = indicateur.source or indicateur.fournisseur_libelle or fournisseur
    portee = "valeurs validées" if validees_seulement else "valeurs de Jalon, tous statuts"
    return f"{origine} ({portee})" if origine else portee


def niveaux_disponibles(indicateur) -> list[str]:
    """Levels an indicator can be compared at: its maille's level, and regions below it."""
    niveau = NIVEAU_DE_MAILLE.get(indicateur.maille)
    if niveau is None:
        return []
    return [Niveau.REGION, Niveau.DEPARTEMENT] if niveau == Niveau.DEPARTEMENT else [niveau]


def _serie(indicateur, region, validees_seulement) -> Graphique:
    series = [("France", "FR")]
    if region is not None:
        series.append((region.nom, region.code))
    points = {}
    for libelle, code in series:
        for point in agregats.serie(indicateur, code, validees_seulement=validees_seulement):
            points.setdefault(point.periode, (point.debut, {}))[1][libelle] = point.valeur
    ordonnees = sorted(points.items(), key=lambda item: (item[1][0], item[0]))
    lignes = [
        (libelle, periode, valeurs.get(libelle))
        for libelle, _ in series
        for periode, (_, valeurs) in ordonnees
        if libelle in valeurs
    ]
    return serie_temporelle(
        f"{indicateur.code} : évolution"
        + (f", France et {region.nom}" if region is not None else ", France"),
        lignes,
        unite=indicateur.unite,
        libelle_valeur=indicateur.unite.replace("_", " ").capitalize() or "Valeur",
        source=source(indicateur, validees_seulement),
    )


def comparer(indicateur, niveau, *, periode=None, validees_seulement, region=None) -> Comparaison:
    territoires = populations.territoires(niveau)
    valeurs = {
        v.territoire: v
        for v in agregats.valeurs_par_territoire(
            indicateur, niveau=niveau, periode=periode, validees_seulement=validees_seulement
        )
    }
    avec_taux = populations.a_un_denominateur(indicateur)
    lignes = []
    for t in territoires:
        v = valeurs.get(t.code)
        ligne = {
            "code": t.code,
            "territoire": t.nom,
            "valeur": v.valeur if v else None,
            "periode": v.periode if v else None,
        }
        if avec_taux:
            ligne["population"] = t.population
            ligne["taux"] = populations.taux(ligne["valeur"], t.population)
        if not validees_seulement:
            ligne["statut"] = STATUTS.get(v.statut, v.statut) if v else None
        lignes.append(ligne)
    colonnes = [Colonne("periode", "Période")]
    if not validees_seulement:
        colonnes.append(Colonne("statut", "Statut"))
    if avec_taux:
        colonnes += [
            Colonne("population", "Population", nombre=True),
            Colonne("taux", "Pour 100 000 habitants", nombre=True),
        ]
    quand = f"période {periode}" if periode else "dernière période connue"
    src = source(indicateur, validees_seulement)
    libelle = LIBELLES_NIVEAUX[niveau]
    unite = indicateur.unite
    mis_en_avant = region.code if region is not None and niveau == Niveau.REGION else None
    barres = barres_par_territoire(
        f"{indicateur.code} par {libelle[:-1]}, {quand}",
        lignes,
        unite=unite,
        mediane=True,
        mis_en_avant=mis_en_avant,
        source=src,
        colonnes_supplementaires=colonnes,
    )
    barres_taux = None
    annees = {t.annee_population for t in territoires if t.annee_population}
    if avec_taux:
        taux = [ligne | {"valeur": ligne["taux"], "brut": ligne["valeur"]} for ligne in lignes]
        barres_taux = barres_par_territoire(
            f"{indicateur.code} pour 100 000 habitants par {libelle[:-1]}, {quand}",
            taux,
            libelle_valeur="Pour 100 000 habitants",
            mediane=True,
            mis_en_avant=mis_en_avant,
            source=f"{src} ; populations Insee {', '.join(map(str, sorted(annees)))}",
            colonnes_supplementaires=[
                Colonne("brut", "Valeur", nombre=True, unite=unite),
                Colonne("population", "Population", nombre=True),
                Colonne("periode", "Période"),
            ],
        )
    carte_lignes = barres_taux.tableau.lignes if barres_taux else lignes
    carte = carte_choroplethe(
        f"{indicateur.code} : carte des {libelle}"
        + (" (pour 100 000 habitants)" if barres_taux else "")
        + f", {quand}",
        carte_lignes,
        niveau=niveau,
        unite="" if barres_taux else unite,
        libelle_valeur="Pour 100 000 habitants" if barres_taux else "Valeur",
        source=barres_taux.source if barres_taux else src,
        colonnes_supplementaires=[Colonne("periode", "Période")],
    )
    return Comparaison(
        niveau,
        periode,
        agregats.periodes(indicateur, niveau=niveau, validees_seulement=validees_seulement),
        barres,
        barres_taux,
        carte,
        max(annees) if annees else None,
    )


def fiche(
    indicateur, *, validees_seulement, niveau=None, periode=None, region=None
) -> FicheIndicateur:
    """``niveau``/``periode``/``region`` come from the page's filters; invalid ones fall back
    to the defaults (the indicator's maille, the latest period, no region)."""
    niveaux = niveaux_disponibles(indicateur)
    if niveau not in niveaux:
        niveau = niveaux[0] if niveaux else None
    if periode:
        try:
            periode = parse_periode(periode).code
        except PeriodeInvalide:
            periode = None
    resultat = FicheIndicateur(
        indicateur,
        validees_seulement,
        _serie(indicateur, region, validees_seulement),
        region=region,
        niveaux=niveaux,
    )
    if niveau:
        resultat.comparaison = comparer(
            indicateur,
            niveau,
            periode=periode or None,
            validees_seulement=validees_seulement,
            region=region,
        )
    return resultat
