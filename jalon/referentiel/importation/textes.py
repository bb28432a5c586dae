"""Text clean-up shared by the annex parser, the diff and the audit."""

import re
import unicodedata

_BALISES = re.compile(r"</?\s*(b|strong|i|em|u)\s*>", re.IGNORECASE)
_ESPACES = re.compile(r"\s+")
_ESPACE_AVANT_PONCTUATION = re.compile(r"\s+([:;!?])")

MENTION_A_FIXER = "A fixer ultérieurement"


def nettoyer(texte: str | None) -> str:
    """Drop the <b> marks of the published annex and collapse whitespace."""
    return _ESPACES.sub(" ", _BALISES.sub("", texte or "")).strip()


def cle(texte: str) -> str:
    """Comparison key: no accents, no case, no whitespace ("Infra- départementale")."""
    decompose = unicodedata.normalize("NFKD", nettoyer(texte))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return _ESPACES.sub("", sans_accents).casefold()


def cle_intitule(texte: str) -> str:
    """Key for titles: French typography puts a space before ':' and the annex does not
    always (action 16 is written both ways), which is not a different title."""
    return _ESPACE_AVANT_PONCTUATION.sub(r"\1", nettoyer(texte)).casefold()


def sigle(texte: str) -> str:
    """Organisation code as a sigle: "CN SA" -> "CNSA", "<b>DMSMP</b>" -> "DMSMP"."""
    return _ESPACES.sub("", nettoyer(texte)).upper()


def sigles(texte: str) -> list[str]:
    """ "DGCS/DI PLP/DIHA L" -> ["DGCS", "DIPLP", "DIHAL"], without repeats."""
    resultat = []
    for morceau in nettoyer(texte).split("/"):
        code = sigle(morceau)
        if code and code not in resultat:
            resultat.append(code)
    return resultat


def est_a_fixer(texte: str) -> bool:
    return cle(texte) == cle(MENTION_A_FIXER)
