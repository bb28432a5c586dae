"""Errors found in an imported file, each naming the file, line and column in French."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class ErreurFichier:
    fichier: str
    message: str
    ligne: int | None = None
    colonne: str | None = None

    def __str__(self):
        lieu = [self.fichier]
        if self.ligne is not None:
            lieu.append(f"ligne {self.ligne}")
        if self.colonne:
            lieu.append(f"colonne « {self.colonne} »")
        return f"{', '.join(lieu)} : {self.message}"

    def as_dict(self):
        return asdict(self) | {"texte": str(self)}


class FichierRefuse(Exception):
    """The file is refused as a whole; `erreurs` lists every problem found."""

    def __init__(self, erreurs: list[ErreurFichier]):
        self.erreurs = list(erreurs)
        super().__init__("\n".join(str(erreur) for erreur in self.erreurs))
