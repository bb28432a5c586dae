"""Check each row of a values file: structure (the Table Schema), then the domain rules.

The structure comes from `jalon/imports/schemas/valeurs.json`, read once with frictionless;
its constraints (required, pattern, maxLength) are compiled here into plain regular
expressions, because frictionless' per-cell reader costs ~3 µs a cell, 20 s for a million
rows. `tests/imports/test_valeurs_verification.py` checks both agree.

Domain rules are those of the values service (`jalon.saisies.services`), applied to the same
objects: maille (`niveaux_de_la_maille`, with its message), numbers (`parse_nombre_fr` and its
bounds), permissions (`perms.can_edit_values`), the campaign lock (`jalon.campagnes.verrous`).
Choices specific to files, documented in the schema's description:

- a number in the plain form statistical tools write (``1234.5``, ``-0.125``) is read with the
  dot as decimal separator, whatever the number of decimals; every other form is read the
  French way;
- a period coarser than the indicator's frequency is accepted (the yearly total of a monthly
  series is what the bilan reports); a finer one is an error (a monthly figure for a yearly
  indicator cannot be stored as such);
- a row with neither value nor comment is skipped (an unfilled row of a template);
- a leading apostrophe that neutralised a formula in a template (``'=…``) is removed.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from frictionless import Schema

from jalon.campagnes import verrous
from jalon.referentiel.models import Indicateur
from jalon.saisies.periodes import PeriodeInvalide, parse_periode
from jalon.saisies.services import (
    SaisieInvalide,
    lire_nombre,  # the service's number rule (parse_nombre_fr + bounds)
    niveaux_de_la_maille,
    verifier_maille,
)
from jalon.territoires import perms
from jalon.territoires.models import Territoire

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "valeurs.json"
_MACHINE = re.compile(r"-?\d+\.\d+")
_FORMULE = ("'=", "'+", "'-", "'@")
Frequence = Indicateur.Frequence
# Period kinds an indicator may be given for, by frequency (coarser periods are accepted).
# "Bisannuelle" is read as twice a year: years and semesters.
_GENRES = {
    Frequence.ANNUELLE: {"annee"},
    Frequence.BISANNUELLE: {"annee", "semestre"},
}
_NOMS_GENRES = {"annee": "une année", "semestre": "un semestre", "trimestre": "un trimestre"}
_FORMES = {
    "indicateur": "un code d'indicateur comme A017quaterINDM01",
    "territoire": "FR, REG-32, DEP-59, DEP-2A ou PTSM-…",
    "periode": "2023, 2023-S1, 2023-Q1 ou 2023-01",
}


@cache
def charger_schema() -> Schema:
    return Schema.from_descriptor(str(SCHEMA))


@dataclass(frozen=True)
class Champ:
    nom: str
    obligatoire: bool
    motif: re.Pattern | None
    longueur_max: int | None


@cache
def champs() -> tuple[Champ, ...]:
    resultat = []
    for champ in charger_schema().fields:
        contraintes = champ.constraints
        motif = contraintes.get("pattern")
        resultat.append(
            Champ(
                champ.name,
                bool(contraintes.get("required")),
                re.compile(motif) if motif else None,
                contraintes.get("maxLength"),
            )
        )
    return tuple(resultat)


@dataclass(slots=True)
class LigneValeur:
    """A checked row, ready to be compared with the database and written."""

    numero: int
    indicateur: Indicateur
    territoire: Territoire
    periode: str
    annee: int
    debut: object
    valeur: Decimal | None
    source: str
    commentaire: str


class Verificateur:
    """Checks rows one at a time; problems go to `rapport`, good rows are returned."""

    def __init__(self, user, rapport):
        self.user = user
        self.rapport = rapport
        self.admin = perms.is_admin(user)
        self.indicateurs = {i.code: i for i in Indicateur.objects.all()}
        self._rang_indicateur = {code: n for n, code in enumerate(self.indicateurs)}
        territoires = list(Territoire.objects.all())
        par_id = {t.pk: t for t in territoires}
        for territoire in territoires:
            # Linked in memory: the permission rule walks parents without any query.
            territoire.parent = par_id.get(territoire.parent_id)
        self.territoires = {t.code: t for t in territoires}
        # A code is matched as written first (PTSM codes may hold lower case); otherwise
        # case-insensitively ("reg-32" for REG-32), when that names one territory only.
        par_majuscules: dict[str, list] = {}
        for territoire in territoires:
            par_majuscules.setdefault(territoire.code.upper(), []).append(territoire)
        self._territoires_majuscules = {
            code: seuls[0] for code, seuls in par_majuscules.items() if len(seuls) == 1
        }
        self._rang_territoire = {t.pk: n for n, t in enumerate(territoires)}
        self.colonnes: dict[str, int] | None = None
        self._vus: set[int] = set()
        self._periodes: dict[str, object] = {}
        self._permis: dict[tuple[int, int], bool] = {}
        self._verrous: dict[tuple, str] = {}

    # Header

    def en_tete(self, cellules: list[str], numero: int) -> bool:
        """Map the columns; False (and problems reported) if the header is unusable."""
        connus = {c.nom for c in champs()}
        self.colonnes = {}
        for index, brut in enumerate(cellules):
            nom = brut.strip().lstrip("\ufeff").lower()
            if nom in connus:
                if nom in self.colonnes:
                    self.rapport.probleme(
                        "en_tete", numero, f"colonne « {nom} » en double.", colonne=nom
                    )
                self.colonnes[nom] = index
            elif nom:
                self.rapport.probleme(
                    "colonne_ignoree",
                    numero,
                    f"colonne « {brut.strip()} » inconnue, ignorée "
                    f"(colonnes du format : {', '.join(c.nom for c in champs())}).",
                )
        manquantes = [c.nom for c in champs() if c.obligatoire and c.nom not in self.colonnes]
        for nom in manquantes:
            self.rapport.probleme(
                "en_tete",
                numero,
                f"colonne « {nom} » absente (attendu en première ligne : "
                f"{', '.join(c.nom for c in champs())}).",
                colonne=nom,
            )
        return not manquantes

    # Rows

    def ligne(self, numero: int, cellules: list[str]) -> LigneValeur | None:
        brutes = {}
        valide = True
        for champ in champs():
            index = self.colonnes.get(champ.nom)
            brut = cellules[index].strip() if index is not None and index < len(cellules) else ""
            brutes[champ.nom] = brut
            if not brut:
                if champ.obligatoire:
                    valide = False
                    self.rapport.probleme(
                        "obligatoire",
                        numero,
                        f"cellule vide (attendu : {_FORMES.get(champ.nom, 'une valeur')}).",
                        colonne=champ.nom,
                    )
                continue
            if champ.motif is not None and not champ.motif.match(brut):
                valide = False
                self.rapport.probleme(
                    "forme",
                    numero,
                    f"« {brut} » n'a pas la forme attendue "
                    f"(attendu : {_FORMES.get(champ.nom, champ.nom)}).",
                    colonne=champ.nom,
                )
            elif champ.longueur_max and len(brut) > champ.longueur_max:
                valide = False
                self.rapport.probleme(
                    "forme",
                    numero,
                    f"texte de {len(brut)} caractères (attendu : {champ.longueur_max} au plus).",
                    colonne=champ.nom,
                )
        if not any(brutes.values()):
            return None  # a blank row
        if not valide:
            return None
        if not brutes["valeur"] and not brutes["commentaire"]:
            self.rapport.compteurs["ignorees"] += 1
            return None
        return self._domaine(numero, brutes)

    def territoire_par_code(self, code: str):
        return self.territoires.get(code) or self._territoires_majuscules.get(code.upper())

    def _domaine(self, numero: int, brutes: dict) -> LigneValeur | None:
        indicateur = self.indicateurs.get(brutes["indicateur"])
        territoire = self.territoire_par_code(brutes["territoire"])
        if indicateur is None:
            self.rapport.probleme(
                "indicateur_inconnu",
                numero,
                f"« {brutes['indicateur']} » n'est pas un indicateur du référentiel.",
                colonne="indicateur",
            )
        if territoire is None:
            self.rapport.probleme(
                "territoire_inconnu",
                numero,
                f"« {brutes['territoire']} » n'est pas un territoire connu "
                f"(attendu : {_FORMES['territoire']}).",
                colonne="territoire",
            )
        periode = self._periode(numero, brutes["periode"])
        if indicateur is None or territoire is None or periode is None:
            return None
        ok = self._maille_et_frequence(numero, indicateur, territoire, periode)
        valeur = self._valeur(numero, brutes["valeur"], indicateur)
        if not ok or valeur is False:
            return None
        if not self._unique(numero, indicateur, territoire, periode):
            return None
        if not self._autorise(numero, indicateur, territoire, periode):
            return None
        return LigneValeur(
            numero,
            indicateur,
            territoire,
            periode.code,
            periode.annee,
            periode.debut,
            valeur,
            _sans_neutralisation(brutes["source"]),
            _sans_neutralisation(brutes["commentaire"]),
        )

    def _periode(self, numero, texte):
        periode = self._periodes.get(texte)
        if periode is None:
            try:
                periode = parse_periode(texte)
            except PeriodeInvalide as exc:
                self.rapport.probleme("forme", numero, str(exc), colonne="periode")
                return None
            self._periodes[texte] = periode
        return periode

    def _maille_et_frequence(self, numero, indicateur, territoire, periode) -> bool:
        ok = True
        if territoire.niveau not in niveaux_de_la_maille(indicateur.maille):
            try:
                verifier_maille(indicateur, territoire)
            except SaisieInvalide as exc:
                self.rapport.probleme("maille", numero, str(exc), colonne="territoire")
                ok = False
        genres = _GENRES.get(indicateur.frequence)
        if genres is not None and periode.genre not in genres:
            attendu = " ou ".join(_NOMS_GENRES[g] for g in sorted(genres))
            self.rapport.probleme(
                "frequence",
                numero,
                f"{indicateur.code} est de fréquence "
                f"{indicateur.get_frequence_display().lower()} : la période {periode.code} est "
                f"trop fine (attendu : {attendu}, par exemple {periode.annee}).",
                colonne="periode",
            )
            ok = False
        return ok

    def _valeur(self, numero, texte, indicateur):
        """The number, None for an empty cell, False when unreadable (reported)."""
        if not texte:
            return None
        try:
            if _MACHINE.fullmatch(texte):
                return lire_nombre(Decimal(texte), indicateur)
            return lire_nombre(texte, indicateur)
        except SaisieInvalide as exc:
            self.rapport.probleme("nombre", numero, str(exc), colonne="valeur")
            return False

    def _unique(self, numero, indicateur, territoire, periode) -> bool:
        # One packed integer per row (~60 bytes in the set): the only memory that grows with
        # the file, about 60 MB for a million rows.
        cle = (
            (self._rang_indicateur[indicateur.code] << 44)
            | (self._rang_territoire[territoire.pk] << 24)
            | (periode.annee * 100 + _sous_periode(periode.code))
        )
        if cle in self._vus:
            self.rapport.probleme(
                "doublon",
                numero,
                f"{indicateur.code} × {territoire.code} × {periode.code} figure déjà plus haut "
                "dans le fichier (attendu : une seule ligne par indicateur, territoire et "
                "période).",
            )
            return False
        self._vus.add(cle)
        return True

    def _autorise(self, numero, indicateur, territoire, periode) -> bool:
        cle = (indicateur.pk, territoire.pk)
        permis = self._permis.get(cle)
        if permis is None:
            permis = self._permis[cle] = perms.can_edit_values(self.user, indicateur, territoire)
        if not permis:
            self.rapport.probleme(
                "permission",
                numero,
                f"vous n'avez pas le droit de saisir {indicateur.code} pour {territoire.code}.",
            )
            return False
        motif = self._verrou(indicateur, territoire, periode)
        if motif:
            self.rapport.probleme(
                "saisie_fermee", numero, f"{indicateur.code} {territoire.code} : {motif}"
            )
            return False
        return True

    def _verrou(self, indicateur, territoire, periode) -> str:
        """The campaign lock of `jalon.campagnes.verrous`, once per campaign and scope."""
        if self.admin or periode.genre != "annee":
            return ""
        region = verrous.region_de(territoire) if indicateur.saisie_ars else None
        cle = (periode.annee, indicateur.pk, getattr(region, "pk", None))
        if cle not in self._verrous:
            campagne = verrous.campagne_de_periode(periode.code)
            self._verrous[cle] = (
                verrous.motif_verrou(self.user, campagne, indicateur, territoire)
                if campagne is not None
                else ""
            )
        return self._verrous[cle]


def _sous_periode(code: str) -> int:
    """0 for a year, 1-12 for months, 21-24 for quarters, 31-32 for semesters."""
    if len(code) == 4:
        return 0
    suffixe = code[5:]
    if suffixe[0] == "Q":
        return 20 + int(suffixe[1])
    if suffixe[0] == "S":
        return 30 + int(suffixe[1])
    return int(suffixe)


def _sans_neutralisation(texte: str) -> str:
    return texte[1:] if texte.startswith(_FORMULE) else texte
