"""Load the published figures of the 2023 national bilan (`jalon/data/valeurs/`).

The whole file is checked first; any problem refuses it whole with one French message per
problem naming the file, row and column, and nothing is written. Loading is idempotent: a
value already stored with the same number, source and note is left alone. The figures are
published, so they are stored as validated, channel "chargement", with their history and a
journal entry like any other change.
"""

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from jalon.referentiel.models import Indicateur
from jalon.saisies.models import Valeur
from jalon.saisies.periodes import PeriodeInvalide, parse_periode
from jalon.saisies.services import _tracer, niveaux_de_la_maille
from jalon.territoires.models import Territoire

FICHIER_BILAN_2023 = Path(__file__).resolve().parent.parent / "data/valeurs/valeurs_bilan_2023.csv"
COLONNES = ["indicateur", "territoire", "periode", "valeur", "unite", "source", "extrait"]
COLONNES += ["citation", "note"]
OBLIGATOIRES = ["indicateur", "territoire", "periode", "valeur", "source", "extrait", "citation"]


class ValeursRefusees(ValueError):
    def __init__(self, erreurs: list[str]):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


@dataclass
class Resultat:
    creees: int = 0
    modifiees: int = 0
    inchangees: int = 0
    indicateurs: set = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.creees + self.modifiees + self.inchangees


@dataclass
class _Ligne:
    indicateur: Indicateur
    territoire: Territoire
    periode: str
    valeur: Decimal
    source: str
    note: str


def lire(chemin: Path) -> list[_Ligne]:
    """Parse and check every row; raise ValeursRefusees listing all problems."""
    nom = Path(chemin).name
    with open(chemin, encoding="utf-8-sig", newline="") as fichier:
        lecteur = csv.DictReader(fichier)
        manquantes = [c for c in COLONNES if c not in (lecteur.fieldnames or [])]
        if manquantes:
            raise ValeursRefusees(
                [
                    f"{nom}, ligne 1 : colonne(s) manquante(s) {', '.join(manquantes)} "
                    f"(attendu : {','.join(COLONNES)})."
                ]
            )
        brutes = list(lecteur)
    indicateurs = Indicateur.objects.in_bulk(
        {ligne["indicateur"] for ligne in brutes}, field_name="code"
    )
    territoires = Territoire.objects.in_bulk(
        {ligne["territoire"] for ligne in brutes}, field_name="code"
    )
    erreurs, lignes, vus = [], [], {}
    for numero, brute in enumerate(brutes, start=2):
        brute = {cle: (val or "").strip() for cle, val in brute.items() if cle}

        def erreur(colonne, texte, numero=numero):
            erreurs.append(f"{nom}, ligne {numero}, colonne {colonne} : {texte}")

        for colonne in OBLIGATOIRES:
            if not brute.get(colonne):
                erreur(colonne, "valeur vide (attendu : une valeur renseignée).")
        indicateur = indicateurs.get(brute["indicateur"])
        territoire = territoires.get(brute["territoire"])
        if brute["indicateur"] and indicateur is None:
            erreur("indicateur", f"« {brute['indicateur']} » : indicateur inconnu du référentiel.")
        if brute["territoire"] and territoire is None:
            erreur(
                "territoire",
                f"« {brute['territoire']} » : territoire inconnu (attendu : FR, REG-xx, DEP-xx).",
            )
        if (
            indicateur
            and territoire
            and territoire.niveau not in niveaux_de_la_maille(indicateur.maille)
        ):
            erreur(
                "territoire",
                f"{territoire.code} ne convient pas à {indicateur.code}, de maille "
                f"{indicateur.get_maille_display().lower()}.",
            )
        try:
            periode = parse_periode(brute["periode"]).code if brute["periode"] else ""
        except PeriodeInvalide as exc:
            erreur("periode", str(exc))
            periode = ""
        try:
            valeur = Decimal(brute["valeur"]) if brute["valeur"] else None
            if valeur is not None and not valeur.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            erreur(
                "valeur",
                f"« {brute['valeur']} » n'est pas un nombre (attendu : chiffres, point "
                "décimal, sans espace, ex. 1.16 ou 268254).",
            )
            valeur = None
        cle = (brute["indicateur"], brute["territoire"], periode)
        if periode and cle in vus:
            erreur("periode", f"doublon de la ligne {vus[cle]} ({' '.join(cle)}).")
        vus.setdefault(cle, numero)
        if indicateur and territoire and periode and valeur is not None:
            source = f"{brute['source']} — {brute['citation']}"
            lignes.append(_Ligne(indicateur, territoire, periode, valeur, source, brute["note"]))
    if erreurs:
        raise ValeursRefusees(erreurs)
    return lignes


@transaction.atomic
def charger_valeurs_publiees(chemin=FICHIER_BILAN_2023, *, acteur=None) -> Resultat:
    """Check the file, then store its rows as validated values; all or nothing."""
    lignes = lire(chemin)
    resultat = Resultat()
    existantes = {
        (v.indicateur_id, v.territoire_id, v.periode): v
        for v in Valeur.objects.select_for_update().filter(
            indicateur__in={ligne.indicateur for ligne in lignes}
        )
    }
    canal = Valeur.Canal.CHARGEMENT
    for ligne in lignes:
        resultat.indicateurs.add(ligne.indicateur.code)
        valeur = existantes.get((ligne.indicateur.pk, ligne.territoire.pk, ligne.periode))
        if valeur is None:
            valeur = Valeur.objects.create(
                indicateur=ligne.indicateur,
                territoire=ligne.territoire,
                periode=ligne.periode,
                valeur=ligne.valeur,
                statut=Valeur.Statut.VALIDEE,
                source=ligne.source,
                commentaire=ligne.note,
                saisie_par=acteur,
                canal=canal,
            )
            _tracer(acteur, canal, "chargement", valeur, None, "", None, "Chiffre publié")
            resultat.creees += 1
            continue
        valeur.indicateur, valeur.territoire = ligne.indicateur, ligne.territoire
        if (
            valeur.valeur == ligne.valeur
            and valeur.source == ligne.source
            and valeur.commentaire == ligne.note
            and valeur.statut == Valeur.Statut.VALIDEE
        ):
            resultat.inchangees += 1
            continue
        avant = {"valeur": valeur.valeur, "statut": valeur.statut, "source": valeur.source}
        ancien_statut, ancienne_valeur = valeur.statut, valeur.valeur
        valeur.valeur, valeur.source, valeur.commentaire = ligne.valeur, ligne.source, ligne.note
        valeur.statut, valeur.canal, valeur.saisie_par = Valeur.Statut.VALIDEE, canal, acteur
        valeur.version += 1
        valeur.save()
        _tracer(
            acteur,
            canal,
            "chargement",
            valeur,
            avant,
            ancien_statut,
            ancienne_valeur,
            "Chiffre publié",
        )
        resultat.modifiees += 1
    return resultat
