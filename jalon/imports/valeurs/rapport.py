"""The report of a values import: problems grouped by kind, with their rows, in French.

Like DHIS2's import summaries, a problem kind (a code) is listed once with the rows where it
occurs, compressed into ranges ("lignes 12-40, 57"), and a few examples with the exact
message. Memory stays bounded whatever the number of bad rows: ranges, not row lists, and at
most `EXEMPLES` messages per kind.
"""

from dataclasses import dataclass, field

EXEMPLES = 5

# code: (title, blocking). Non-blocking kinds are warnings: the file is still applied.
GENRES = {
    "fichier": ("Fichier illisible", True),
    "en_tete": ("En-tête incorrect", True),
    "obligatoire": ("Cellule obligatoire vide", True),
    "forme": ("Cellule mal formée", True),
    "indicateur_inconnu": ("Indicateur inconnu", True),
    "territoire_inconnu": ("Territoire inconnu", True),
    "maille": ("Territoire hors de la maille de l'indicateur", True),
    "frequence": ("Période plus fine que la fréquence de l'indicateur", True),
    "nombre": ("Nombre illisible", True),
    "doublon": ("Ligne en double (même indicateur, territoire et période)", True),
    "permission": ("Saisie non autorisée pour votre compte", True),
    "saisie_fermee": ("Saisie fermée pour la campagne", True),
    "valeur_verrouillee": ("Valeur soumise ou validée", True),
    "colonne_ignoree": ("Colonne ignorée", False),
}


def plages(numeros: list[tuple[int, int]]) -> str:
    """[(12, 40), (57, 57)] -> "lignes 12-40, 57"."""
    morceaux = [str(a) if a == b else f"{a}-{b}" for a, b in numeros]
    mot = "ligne" if len(numeros) == 1 and numeros[0][0] == numeros[0][1] else "lignes"
    return f"{mot} {', '.join(morceaux)}"


@dataclass
class Groupe:
    code: str
    colonne: str = ""
    nombre: int = 0
    plages: list[list[int]] = field(default_factory=list)
    exemples: list[str] = field(default_factory=list)

    @property
    def titre(self) -> str:
        titre = GENRES[self.code][0]
        return f"{titre} (colonne « {self.colonne} »)" if self.colonne else titre

    @property
    def bloquant(self) -> bool:
        return GENRES[self.code][1]

    def ajouter(self, ligne: int | None, message: str) -> None:
        self.nombre += 1
        if ligne is not None:
            # Rows arrive in file order, so a range only ever grows at its end.
            if self.plages and self.plages[-1][1] in (ligne, ligne - 1):
                self.plages[-1][1] = ligne
            else:
                self.plages.append([ligne, ligne])
        if len(self.exemples) < EXEMPLES:
            self.exemples.append(f"ligne {ligne} : {message}" if ligne else message)

    def lignes_texte(self) -> str:
        return plages([tuple(p) for p in self.plages]) if self.plages else ""

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "colonne": self.colonne,
            "titre": self.titre,
            "bloquant": self.bloquant,
            "nombre": self.nombre,
            "lignes": self.lignes_texte(),
            "exemples": self.exemples,
        }


class Rapport:
    def __init__(self, fichier: str):
        self.fichier = fichier
        self.groupes: dict[tuple[str, str], Groupe] = {}
        self.compteurs = {
            "lignes": 0,
            "a_creer": 0,
            "a_modifier": 0,
            "inchangees": 0,
            "ignorees": 0,
        }

    def probleme(self, code: str, ligne: int | None, message: str, colonne: str = "") -> None:
        cle = (code, colonne)
        if cle not in self.groupes:
            self.groupes[cle] = Groupe(code, colonne)
        self.groupes[cle].ajouter(ligne, message)

    @property
    def erreurs(self) -> list[Groupe]:
        return [g for g in self.groupes.values() if g.bloquant]

    @property
    def avertissements(self) -> list[Groupe]:
        return [g for g in self.groupes.values() if not g.bloquant]

    @property
    def refuse(self) -> bool:
        return any(g.bloquant for g in self.groupes.values())

    def nombre_erreurs(self) -> int:
        return sum(g.nombre for g in self.erreurs)

    def lignes_texte(self, *, dry_run: bool = False) -> list[str]:
        c = self.compteurs
        if self.refuse:
            lignes = [
                f"{self.fichier} : fichier refusé, {self.nombre_erreurs()} problème(s) de "
                f"{len(self.erreurs)} sorte(s) sur {c['lignes']} ligne(s) ; rien n'a été "
                "modifié."
            ]
        else:
            verbe = "à créer" if dry_run else "créées"
            verbe_m = "à modifier" if dry_run else "modifiées"
            lignes = [
                f"{self.fichier} : {c['lignes']} ligne(s) lue(s) ; {c['a_creer']} valeur(s) "
                f"{verbe}, {c['a_modifier']} {verbe_m}, {c['inchangees']} inchangée(s), "
                f"{c['ignorees']} ligne(s) vide(s) ignorée(s)."
            ]
            if dry_run:
                lignes.append("Simulation : rien n'a été appliqué (relancer sans --dry-run).")
        for groupe in [*self.erreurs, *self.avertissements]:
            genre = "" if groupe.bloquant else "Avertissement — "
            entete = f"- {genre}{groupe.titre} [{groupe.code}] : {groupe.nombre} fois"
            if groupe.plages:
                entete += f", {groupe.lignes_texte()}"
            lignes.append(entete + ".")
            lignes.extend(f"    {exemple}" for exemple in groupe.exemples)
            if groupe.nombre > len(groupe.exemples):
                lignes.append(f"    … et {groupe.nombre - len(groupe.exemples)} autre(s).")
        return lignes

    def erreurs_dict(self) -> list[dict]:
        return [g.as_dict() for g in self.groupes.values()]
