"""Read a regional roadmap file (xlsx or csv, one row per action) into canonical values.

Columns and allowed values come from the Table Schema `imports/schemas/feuille_regionale.json`.
Every problem is collected with its file, row and column, in French; the caller gets either
every row in canonical form (see `valeurs.py`) or `FichierRefuse` with all the errors.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

from frictionless import Schema

from jalon.feuilles_regionales.models import ActionRegionale, LienActionNationale
from jalon.feuilles_regionales.valeurs import COLONNES, SCHEMA, trier_jalons, trier_liens
from jalon.imports.erreurs import ErreurFichier, FichierRefuse
from jalon.imports.lecteurs import lire_lignes
from jalon.referentiel.numeros import NumeroInvalide, normalise_numero

SEPARATEURS = re.compile(r"\s*[;,]\s*")
LIEN = re.compile(r"^(.*?)\s*(?:\((confirmé|confirme|proposé|propose)\))?$", re.IGNORECASE)


@cache
def charger_schema() -> Schema:
    return Schema.from_descriptor(str(SCHEMA))


def _cle(texte: str) -> str:
    """Lowercase, no accents, spaces as underscores: « Dans les temps » -> dans_les_temps."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[\s'’-]+", "_", sans_accents.strip().lower())


@dataclass
class Contexte:
    """What a row is checked against: the region and the referential as it stands."""

    region: object
    territoires: set[str]  # codes of the region's departments and PTSM
    actions_nationales: dict[str, int]  # "17 bis" -> referentiel.Action id
    plans: set[str]  # codes of plans an action may be linked to


@dataclass
class FeuilleLue:
    fichier: str
    lignes: list[tuple[int, dict]] = field(default_factory=list)  # (row number, values)


class _Lecteur:
    def __init__(self, nom: str, contexte: Contexte):
        self.nom = nom
        self.contexte = contexte
        self.erreurs: list[ErreurFichier] = []
        self.schema = charger_schema()

    def erreur(self, ligne, colonne, message):
        self.erreurs.append(ErreurFichier(self.nom, message, ligne=ligne, colonne=colonne))

    def entete(self, numero: int, cellules: list[str]) -> dict[str, int]:
        positions = {}
        connues = {_cle(f.name): f.name for f in self.schema.fields}
        connues |= {_cle(f.title): f.name for f in self.schema.fields if f.title}
        for index, cellule in enumerate(cellules):
            if not cellule.strip():
                continue
            nom = connues.get(_cle(cellule))
            if nom is None:
                self.erreur(
                    numero,
                    cellule,
                    "colonne inconnue (attendu : " + ", ".join(COLONNES) + ").",
                )
            elif nom in positions:
                self.erreur(numero, cellule, "colonne présente deux fois.")
            else:
                positions[nom] = index
        for champ in self.schema.fields:
            if champ.constraints.get("required") and champ.name not in positions:
                self.erreur(numero, champ.name, "colonne obligatoire absente.")
        return positions

    def ligne(self, numero: int, brut: dict[str, str]) -> dict | None:
        avant = len(self.erreurs)
        v = {}
        for champ in self.schema.fields:
            texte = brut.get(champ.name, "").strip()
            if champ.constraints.get("required") and not texte:
                self.erreur(numero, champ.name, f"valeur obligatoire ({champ.description or ''})")
            v[champ.name] = texte
        try:
            v["numero"] = normalise_numero(v["numero"]) if v["numero"] else ""
        except NumeroInvalide as exc:
            self.erreur(numero, "numero", str(exc))
        v["statut"] = self.choix(numero, "statut", v["statut"], ActionRegionale.Statut)
        v["meteo"] = self.choix(numero, "meteo", v["meteo"], ActionRegionale.Meteo)
        v["financement"] = self.choix(
            numero, "financement", v["financement"], ActionRegionale.Financement
        )
        v["date_debut"] = self.date(numero, "date_debut", v["date_debut"])
        v["date_fin"] = self.date(numero, "date_fin", v["date_fin"])
        if v["date_debut"] and v["date_fin"] and v["date_fin"] < v["date_debut"]:
            self.erreur(numero, "date_fin", "la fin précède le début.")
        v["budget"] = self.montant(numero, v["budget"])
        v["territoires"] = self.territoires(numero, v["territoires"])
        v["jalons"] = self.jalons(numero, v["jalons"])
        v["actions_nationales"] = self.liens(numero, v["actions_nationales"])
        v["plans_lies"] = self.plans(numero, v["plans_lies"])
        initiative = _cle(v["initiative_a_valoriser"])
        if initiative not in {"", "oui", "non"}:
            self.erreur(numero, "initiative_a_valoriser", "attendu : oui ou non.")
        v["initiative_a_valoriser"] = initiative == "oui"
        if v["initiative_a_valoriser"] and not v["initiative_note"]:
            self.erreur(numero, "initiative_note", "dites pourquoi l'initiative est à valoriser.")
        return v if len(self.erreurs) == avant else None

    def choix(self, numero, colonne, texte, choices):
        if not texte:
            return ""
        par_cle = {_cle(valeur): valeur for valeur, _ in choices.choices}
        par_cle |= {_cle(libelle): valeur for valeur, libelle in choices.choices}
        # "FIR", "FIOP", "AAP" read in any case; labels such as "Fonds d'intervention…" too.
        trouve = par_cle.get(_cle(texte))
        if trouve is None:
            attendu = ", ".join(libelle.split(" (")[0] for _, libelle in choices.choices)
            if choices is ActionRegionale.Financement:
                attendu = ", ".join(valeur for valeur, _ in choices.choices)
            self.erreur(numero, colonne, f"« {texte} » inconnu (attendu : vide ou {attendu}).")
            return ""
        return trouve

    def date(self, numero, colonne, texte):
        if not texte:
            return None
        texte = texte.split(" ")[0].split("T")[0]  # xlsx dates arrive as "2025-06-30 00:00:00"
        for forme in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(texte, forme).date()
            except ValueError:
                continue
        self.erreur(numero, colonne, f"« {texte} » n'est pas une date (attendu : AAAA-MM-JJ).")
        return None

    def montant(self, numero, texte):
        if not texte:
            return None
        nettoye = re.sub(r"[\s\u00a0\u202f€]", "", texte).replace(",", ".")
        try:
            montant = Decimal(nettoye)
        except InvalidOperation:
            montant = None
        if montant is None or not montant.is_finite() or montant < 0:
            self.erreur(numero, "budget", f"« {texte} » n'est pas un montant positif (ex. 150000).")
            return None
        if montant != montant.quantize(Decimal("0.01")):
            self.erreur(numero, "budget", "au plus deux décimales.")
            return None
        return montant.normalize()

    def territoires(self, numero, texte):
        codes = [c.upper() for c in SEPARATEURS.split(texte) if c]
        for code in codes:
            if code not in self.contexte.territoires:
                self.erreur(
                    numero,
                    "territoires",
                    f"« {code} » n'est ni un département ni un PTSM de "
                    f"{self.contexte.region.nom} (attendu : DEP-xx ou PTSM-…).",
                )
        return tuple(sorted(set(codes)))

    def jalons(self, numero, texte):
        jalons = []
        for morceau in texte.splitlines():
            if not morceau.strip():
                continue
            parties = [p.strip() for p in morceau.split("|")]
            fait = len(parties) == 3 and _cle(parties[2]) == "fait"
            if len(parties) not in (2, 3) or not parties[1] or (len(parties) == 3 and not fait):
                self.erreur(
                    numero,
                    "jalons",
                    f"« {morceau.strip()} » : attendu « AAAA-MM-JJ | libellé » ou "
                    "« AAAA-MM-JJ | libellé | fait ».",
                )
                continue
            jalons.append((self.date(numero, "jalons", parties[0]), parties[1], fait))
        libelles = [j[1] for j in jalons]
        if len(set(libelles)) != len(libelles):
            self.erreur(numero, "jalons", "deux jalons portent le même libellé.")
        return trier_jalons(jalons)

    def liens(self, numero, texte):
        liens = {}
        for morceau in (m for m in SEPARATEURS.split(texte) if m):
            correspondance = LIEN.match(morceau)
            brut, etat = correspondance.group(1), _cle(correspondance.group(2) or "")
            try:
                national = normalise_numero(brut)
            except NumeroInvalide:
                national = None
            if national not in self.contexte.actions_nationales:
                self.erreur(
                    numero,
                    "actions_nationales",
                    f"« {brut} » n'est pas une action de la feuille de route nationale "
                    "(attendu : numéros de la version courante, ex. 6, 17 bis (confirmé)).",
                )
                continue
            liens[national] = (
                LienActionNationale.Etat.CONFIRME
                if etat.startswith("confirm")
                else LienActionNationale.Etat.PROPOSE
            )
        return trier_liens(liens.items())

    def plans(self, numero, texte):
        codes = [c for c in SEPARATEURS.split(texte) if c]
        for code in codes:
            if code not in self.contexte.plans:
                self.erreur(
                    numero,
                    "plans_lies",
                    f"« {code} » n'est pas un plan ou une stratégie connu de Jalon "
                    "(attendu : un code tel que strategie-prevention-suicide).",
                )
        return tuple(sorted(set(codes)))


def lire_feuille(nom: str, contenu: bytes, contexte: Contexte) -> FeuilleLue:
    lecteur = _Lecteur(nom, contexte)
    lignes = [
        ligne for ligne in lire_lignes(nom, contenu) if any(c.strip() for c in ligne.cellules)
    ]
    entete = lignes[0]
    positions = lecteur.entete(entete.numero, entete.cellules)
    if lecteur.erreurs:
        raise FichierRefuse(lecteur.erreurs)
    feuille = FeuilleLue(fichier=nom)
    vus: dict[str, int] = {}
    objectifs: dict[str, tuple[str, int]] = {}
    for ligne in lignes[1:]:
        brut = {
            nom_col: (ligne.cellules[index] if index < len(ligne.cellules) else "")
            for nom_col, index in positions.items()
        }
        valeurs = lecteur.ligne(ligne.numero, brut)
        if valeurs is None:
            continue
        if valeurs["numero"] in vus:
            lecteur.erreur(
                ligne.numero,
                "numero",
                f"l'action n°{valeurs['numero']} figure déjà ligne {vus[valeurs['numero']]}.",
            )
            continue
        vus[valeurs["numero"]] = ligne.numero
        code = valeurs["objectif"]
        if code in objectifs and objectifs[code][0] != valeurs["objectif_intitule"]:
            lecteur.erreur(
                ligne.numero,
                "objectif_intitule",
                f"l'objectif « {code} » porte un autre intitulé ligne {objectifs[code][1]}.",
            )
            continue
        objectifs.setdefault(code, (valeurs["objectif_intitule"], ligne.numero))
        feuille.lignes.append((ligne.numero, valeurs))
    if not lecteur.erreurs and not feuille.lignes:
        lecteur.erreur(None, None, "aucune action : le fichier n'a que sa ligne d'en-tête.")
    if lecteur.erreurs:
        raise FichierRefuse(lecteur.erreurs)
    return feuille


def lire_jalons(texte: str) -> tuple[tuple, list[str]]:
    """Milestones typed in a form, in the spreadsheet's format: (milestones, errors)."""
    lecteur = _Lecteur("formulaire", Contexte(None, set(), {}, set()))
    jalons = lecteur.jalons(None, texte or "")
    return jalons, [erreur.message for erreur in lecteur.erreurs]
