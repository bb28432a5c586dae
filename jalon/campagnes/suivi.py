"""Read models for the to-do pages and the national completeness view."""

from dataclasses import dataclass

from jalon.campagnes import completude as comptes
from jalon.campagnes.attendus import Bilan
from jalon.campagnes.verrous import aujourd_hui
from jalon.saisies.models import HistoriqueValeur, Valeur


@dataclass
class Echeance:
    libelle: str
    date: object
    jour: object

    @property
    def jours_restants(self) -> int:
        return (self.date - self.jour).days

    @property
    def texte(self) -> str:
        n = self.jours_restants
        if n > 1:
            return f"dans {n} jours"
        if n == 1:
            return "demain"
        if n == 0:
            return "aujourd'hui"
        return f"dépassée de {-n} jour{'s' if n < -1 else ''}"

    @property
    def depassee(self) -> bool:
        return self.jours_restants < 0


def echeances_region(campagne, jour=None) -> list[Echeance]:
    jour = jour or aujourd_hui()
    return [
        Echeance("Valeurs régionales", campagne.echeance_valeurs_regionales, jour),
        Echeance("Bilan régional", campagne.echeance_bilan_regional, jour),
    ]


def echeances_fournisseur(campagne, jour=None) -> list[Echeance]:
    jour = jour or aujourd_hui()
    return [
        Echeance("Valeurs nationales", campagne.echeance_valeurs_nationales, jour),
        Echeance("Bilan national", campagne.echeance_bilan_national, jour),
    ]


def motifs_de_renvoi(cellules) -> dict:
    """{value pk: the national admin's latest return motive} for the returned cells."""
    renvoyees = [c.valeur.pk for c in cellules if c.etat == Valeur.Statut.RENVOYEE]
    motifs = {}
    for ligne in HistoriqueValeur.objects.filter(
        valeur__in=renvoyees, nouveau_statut=Valeur.Statut.RENVOYEE
    ).order_by("horodatage", "pk"):
        motifs[ligne.valeur_id] = ligne.motif  # the latest wins
    return motifs


def a_faire(cellules) -> dict:
    """Context for a to-do page: returned values first (with the motive), then the rest."""
    motifs = motifs_de_renvoi(cellules)
    for cellule in cellules:
        cellule.motif_renvoi = motifs.get(cellule.valeur.pk, "") if cellule.valeur else ""
    return {
        "renvoyees": [c for c in cellules if c.etat == Valeur.Statut.RENVOYEE],
        "cellules": cellules,
        "bilan": Bilan.de(cellules),
    }


@dataclass
class LigneIndicateur:
    indicateur: object
    bilan: Bilan


def par_indicateur(cellules) -> list[LigneIndicateur]:
    """A provider owes thousands of cells: its to-do page counts them per indicator."""
    groupes: dict = {}
    for cellule in cellules:
        groupes.setdefault(cellule.indicateur.pk, (cellule.indicateur, []))[1].append(cellule)
    return [LigneIndicateur(ind, Bilan.de(liste)) for ind, liste in groupes.values()]


def completude(campagne) -> dict:
    """Expected vs received vs on time, by region and by provider, with the totals: the
    campaign page and API count in SQL, as the dashboards do (`jalon.campagnes.completude`;
    ≈ 23 000 expected cells built one by one before)."""
    return comptes.completude(campagne)
