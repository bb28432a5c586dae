"""Parse and validate the annex of instruction 2023/179 (or the same table as CSV or xlsx).

Layout, as published: some text, then for each of the two tables a header row (ID, Actions
FDR, DAC, Indicateurs de moyens|résultats, Code, Fournisseurs, Source, Maille, MAJ), "AXE n …"
rows opening an axis, data rows (one indicator of one action each) and blank lines. Every
data row is checked against the Table Schema `jalon/imports/schemas/annexe_referentiel.json`;
all errors are collected and the file is refused as a whole if there is any.
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from frictionless import Schema

from jalon.imports.erreurs import ErreurFichier, FichierRefuse
from jalon.imports.lecteurs import Ligne, lire_lignes, verifier_fichier
from jalon.referentiel.importation.textes import (
    cle,
    cle_intitule,
    est_a_fixer,
    nettoyer,
    sigle,
    sigles,
)
from jalon.referentiel.models import Indicateur
from jalon.referentiel.numeros import NumeroInvalide, normalise_numero

SCHEMA = Path(__file__).resolve().parents[2] / "imports" / "schemas" / "annexe_referentiel.json"

_AXE = re.compile(r"^AXE\s*(\d+)\s*[-–:.]?\s*(.*)$", re.IGNORECASE)
_ACTION = re.compile(r"^\s*(\d+\s*[A-Za-z]*)\s*[-–]\s*(.+)$")
_TYPES_EN_TETE = {
    cle("Indicateurs de moyens"): Indicateur.Type.MOYENS,
    cle("Indicateurs de résultats"): Indicateur.Type.RESULTAT,
}
_NOMS_TABLEAUX = {
    Indicateur.Type.MOYENS: "indicateurs de moyens",
    Indicateur.Type.RESULTAT: "indicateurs de résultats",
}
MAILLES = {
    "Nationale": Indicateur.Maille.NATIONALE,
    "Régionale": Indicateur.Maille.REGIONALE,
    "Départementale": Indicateur.Maille.DEPARTEMENTALE,
    "Infra-départementale": Indicateur.Maille.INFRA_DEPARTEMENTALE,
    "A fixer ultérieurement": Indicateur.Maille.A_FIXER,
}
FREQUENCES = {
    "Annuelle": Indicateur.Frequence.ANNUELLE,
    "Mensuelle": Indicateur.Frequence.MENSUELLE,
    "Bisannuelle": Indicateur.Frequence.BISANNUELLE,
    "Non prévue": Indicateur.Frequence.NON_PREVUE,
    "A fixer ultérieurement": Indicateur.Frequence.A_FIXER,
}
_VALEURS_RECONNUES = {"Maille": "une maille reconnue", "MAJ": "une fréquence reconnue"}


@dataclass
class AxeLu:
    numero: int
    libelle: str
    ligne: int


@dataclass
class ActionLue:
    numero: str  # normalised: "17 bis"
    titre: str
    axe: int
    pilotes: list[str]
    ligne: int


@dataclass
class IndicateurLu:
    code: str
    type: str
    libelle: str
    fournisseur_libelle: str
    fournisseur_code: str | None
    source: str
    maille: str
    frequence: str
    ligne: int

    def attributs(self) -> dict:
        return {
            "type": self.type,
            "libelle": self.libelle,
            "fournisseur_libelle": self.fournisseur_libelle,
            "source": self.source,
            "maille": self.maille,
            "frequence": self.frequence,
        }


@dataclass
class LienLu:
    numero: str
    code: str
    ligne_annexe: int
    ligne: int


@dataclass
class AnnexeParsee:
    fichier: str
    sha256: str
    axes: dict[int, AxeLu] = field(default_factory=dict)
    actions: dict[str, ActionLue] = field(default_factory=dict)
    indicateurs: dict[str, IndicateurLu] = field(default_factory=dict)
    liens: list[LienLu] = field(default_factory=list)

    def compteurs(self) -> dict:
        par_type = {t: 0 for t in Indicateur.Type.values}
        for lien in self.liens:
            par_type[self.indicateurs[lien.code].type] += 1
        return {
            "axes": len(self.axes),
            "actions": len(self.actions),
            "indicateurs": len(self.indicateurs),
            "liens": len(self.liens),
            "liens_moyens": par_type[Indicateur.Type.MOYENS],
            "liens_resultats": par_type[Indicateur.Type.RESULTAT],
        }


@cache
def charger_schema() -> Schema:
    return Schema.from_descriptor(str(SCHEMA))


def preparer_import(fichier) -> AnnexeParsee:
    """Read, parse and validate an annex file: a path, or a file object with a name.

    Raises FichierRefuse listing every error; returns the parsed annex otherwise.
    """
    nom, contenu = lire_octets(fichier)
    return lire_annexe(nom, contenu)


def lire_octets(fichier) -> tuple[str, bytes]:
    """Check name and size before reading, so an oversized file is never loaded."""
    if isinstance(fichier, str | Path):
        chemin = Path(fichier)
        verifier_fichier(chemin.name, chemin.stat().st_size)
        return chemin.name, chemin.read_bytes()
    nom = Path(getattr(fichier, "name", "") or "fichier").name
    taille = getattr(fichier, "size", None)
    if taille is not None:
        verifier_fichier(nom, taille)
    contenu = fichier.read(settings.JALON_IMPORT_MAX_BYTES + 1)
    return nom, contenu


def lire_annexe(nom: str, contenu: bytes) -> AnnexeParsee:
    lignes = lire_lignes(nom, contenu)
    lecteur = _LecteurAnnexe(nom, hashlib.sha256(contenu).hexdigest())
    for ligne in lignes:
        lecteur.lire(ligne)
    return lecteur.terminer()


class _LecteurAnnexe:
    """State machine over the rows: header -> AXE row -> data rows, twice."""

    def __init__(self, nom: str, sha256: str):
        self.annexe = AnnexeParsee(fichier=nom, sha256=sha256)
        self.nom = nom
        self.schema = charger_schema()
        self.erreurs: list[ErreurFichier] = []
        self.colonnes: dict[str, int] | None = None
        self.type: str | None = None
        self.axe: int | None = None
        self.en_tetes = 0
        self.titres: dict[str, tuple[str, int]] = {}
        self.liens_vus: dict[tuple[str, str], int] = {}

    def erreur(self, message, ligne=None, colonne=None):
        self.erreurs.append(ErreurFichier(self.nom, message, ligne=ligne, colonne=colonne))

    def lire(self, ligne: Ligne):
        cellules = [nettoyer(cellule) for cellule in ligne.cellules]
        if not any(cellules):
            return
        if self._est_en_tete(cellules):
            self._lire_en_tete(cellules, ligne.numero)
            return
        if self.colonnes is None:
            # Anything before the first header is the instruction's text, not the table.
            return
        remplies = [cellule for cellule in cellules if cellule]
        if len(remplies) == 1 and (match := _AXE.match(remplies[0])):
            self._lire_axe(int(match.group(1)), match.group(2), ligne.numero)
            return
        if self.axe is None:
            self.erreur(
                "ligne de données avant toute ligne « AXE n … » "
                "(attendu : une ligne « AXE 1 … » après l'en-tête du tableau).",
                ligne=ligne.numero,
            )
            return
        self._lire_donnees(cellules, ligne.numero)

    def terminer(self) -> AnnexeParsee:
        if self.en_tetes == 0:
            attendu = ", ".join(f.name for f in self.schema.fields)
            self.erreur(f"aucune ligne d'en-tête trouvée (attendu : une ligne {attendu}).")
        elif not self.annexe.liens and not self.erreurs:
            self.erreur("aucune ligne de données après l'en-tête.")
        if self.erreurs:
            raise FichierRefuse(self.erreurs)
        return self.annexe

    # Header and axis rows

    def _est_en_tete(self, cellules: list[str]) -> bool:
        noms = {cle(f.name) for f in self.schema.fields}
        reconnues = sum(
            1 for c in cellules if cle(c) in noms or cle(c).startswith(cle("Indicateurs"))
        )
        return reconnues >= 3

    def _lire_en_tete(self, cellules: list[str], numero: int):
        self.en_tetes += 1
        self.colonnes, self.type, self.axe = {}, None, None
        noms = {cle(f.name): f.name for f in self.schema.fields}
        for index, cellule in enumerate(cellules):
            if cle(cellule) in _TYPES_EN_TETE:
                self.type = _TYPES_EN_TETE[cle(cellule)]
                nom = "Indicateurs"
            else:
                nom = noms.get(cle(cellule))
            if nom is None:
                continue
            if nom in self.colonnes:
                self.erreur("colonne en double dans l'en-tête.", ligne=numero, colonne=cellule)
            self.colonnes[nom] = index
        for champ in self.schema.fields:
            if champ.name not in self.colonnes and champ.constraints.get("required"):
                self.erreur(
                    "colonne absente de l'en-tête (attendu : "
                    + ", ".join(f.name for f in self.schema.fields)
                    + ").",
                    ligne=numero,
                    colonne=champ.name,
                )
        if "Indicateurs" in self.colonnes and self.type is None:
            self.erreur(
                "intitulé de colonne ambigu (attendu : « Indicateurs de moyens » "
                "ou « Indicateurs de résultats »).",
                ligne=numero,
                colonne="Indicateurs",
            )
        requises = [f.name for f in self.schema.fields if f.constraints.get("required")]
        if self.type is None or any(nom not in self.colonnes for nom in requises):
            # Rows under a broken header cannot be read meaningfully: its errors suffice.
            self.colonnes = {}

    def _lire_axe(self, numero: int, libelle: str, ligne: int):
        self.axe = numero
        # The two tables title axis 1 differently ("Bien être mental et prévention" and
        # "Promotion - prévention"): the first wording is kept.
        self.annexe.axes.setdefault(numero, AxeLu(numero, nettoyer(libelle), ligne))

    # Data rows

    def _lire_donnees(self, cellules: list[str], numero: int):
        if not self.colonnes or self.type is None:
            return
        valeurs = {}
        valide = True
        for champ in self.schema.fields:
            index = self.colonnes.get(champ.name)
            brut = cellules[index] if index is not None and index < len(cellules) else ""
            brut = _forme_ecrite(champ, brut)
            valeur, notes = champ.read_cell(brut)
            if notes:
                valide = False
                self.erreur(_message(champ, brut, notes), ligne=numero, colonne=champ.name)
            valeurs[champ.name] = valeur if valeur is not None else ""
        if not valide:
            return
        numero_action, titre = self._lire_action(valeurs["Actions FDR"], numero)
        if numero_action is None:
            return
        self._enregistrer_action(numero_action, titre, valeurs["DAC"], numero)
        indicateur = self._lire_indicateur(valeurs, numero)
        if indicateur is None:
            return
        self._enregistrer_lien(numero_action, indicateur.code, valeurs["ID"], numero)

    def _lire_action(self, texte: str, ligne: int):
        match = _ACTION.match(texte)
        try:
            return normalise_numero(match.group(1) if match else texte), nettoyer(match.group(2))
        except NumeroInvalide as exc:
            self.erreur(str(exc), ligne=ligne, colonne="Actions FDR")
            return None, None

    def _enregistrer_action(self, numero: str, titre: str, dac: str, ligne: int):
        action = self.annexe.actions.get(numero)
        if action is None:
            self.annexe.actions[numero] = ActionLue(numero, titre, self.axe, sigles(dac), ligne)
            return
        if cle_intitule(action.titre) != cle_intitule(titre):
            self.erreur(
                f"l'action {numero} a un autre intitulé ligne {action.ligne} "
                f"(« {action.titre} ») : un même numéro doit garder le même intitulé.",
                ligne=ligne,
                colonne="Actions FDR",
            )
        if action.axe != self.axe:
            self.erreur(
                f"l'action {numero} est rangée dans l'axe {action.axe} ligne {action.ligne} "
                f"et ici dans l'axe {self.axe} (attendu : un seul axe par action).",
                ligne=ligne,
                colonne="Actions FDR",
            )
        # An action piloted by several directions lists them on different rows (action 5:
        # DGS then DSS): the pilots are the union, in order of appearance.
        for code in sigles(dac):
            if code not in action.pilotes:
                action.pilotes.append(code)

    def _lire_indicateur(self, valeurs: dict, ligne: int) -> IndicateurLu | None:
        fournisseur = valeurs["Fournisseurs"]
        lu = IndicateurLu(
            code=valeurs["Code"],
            type=self.type,
            libelle=valeurs["Indicateurs"],
            fournisseur_libelle=fournisseur,
            fournisseur_code=None if est_a_fixer(fournisseur) else sigle(fournisseur),
            source=valeurs["Source"],
            maille=MAILLES[valeurs["Maille"]],
            frequence=FREQUENCES[valeurs["MAJ"]],
            ligne=ligne,
        )
        deja = self.annexe.indicateurs.get(lu.code)
        if deja is None:
            self.annexe.indicateurs[lu.code] = lu
            return lu
        if deja.type != lu.type:
            self.erreur(
                f"le code {lu.code} figure déjà ligne {deja.ligne} dans le tableau des "
                f"{_NOMS_TABLEAUX[deja.type]} (attendu : un code propre à chaque tableau).",
                ligne=ligne,
                colonne="Code",
            )
            return None
        colonnes = {
            "libelle": "Indicateurs",
            "fournisseur_libelle": "Fournisseurs",
            "source": "Source",
            "maille": "Maille",
            "frequence": "MAJ",
        }
        avant, maintenant = deja.attributs(), lu.attributs()
        conflits = [nom for nom in colonnes if avant[nom] != maintenant[nom]]
        for nom in conflits:
            self.erreur(
                f"le code {lu.code} figure déjà ligne {deja.ligne} avec « {avant[nom]} » au "
                f"lieu de « {maintenant[nom]} » (attendu : les mêmes attributs pour un même "
                "code).",
                ligne=ligne,
                colonne=colonnes[nom],
            )
        return None if conflits else deja

    def _enregistrer_lien(self, numero: str, code: str, id_ligne: int, ligne: int):
        deja = self.liens_vus.get((numero, code))
        if deja is not None:
            self.erreur(
                f"l'indicateur {code} est déjà rattaché à l'action {numero} ligne {deja} "
                "(attendu : une ligne par couple action-indicateur).",
                ligne=ligne,
                colonne="Code",
            )
            return
        self.liens_vus[(numero, code)] = ligne
        self.annexe.liens.append(LienLu(numero, code, id_ligne, ligne))


def _forme_ecrite(champ, brut: str) -> str:
    """Map "départementale", "Infra- départementale", "À fixer…" to the schema's written form."""
    enum = champ.constraints.get("enum")
    if not enum or not brut:
        return brut
    formes = {cle(valeur): valeur for valeur in enum}
    return formes.get(cle(brut), brut)


def _message(champ, brut: str, notes: dict) -> str:
    attendu = f"(attendu : {champ.description})"
    if "required" in notes:
        return f"valeur manquante {attendu}"
    if "enum" in notes:
        reconnue = _VALEURS_RECONNUES.get(champ.name, "une valeur reconnue")
        return f"« {brut} » n'est pas {reconnue} {attendu}"
    if "type" in notes:
        return f"« {brut} » n'est pas un nombre entier {attendu}"
    if "minimum" in notes:
        return f"« {brut} » est trop petit {attendu}"
    return f"« {brut} » n'a pas la forme attendue {attendu}"
