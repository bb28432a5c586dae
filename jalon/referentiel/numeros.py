"""Action numbers as written ("17 bis", "31 quater") and their sort order."""

import re

# Latin multiplicative adverbs used in French legal numbering, in order.
SUFFIXES = ["", "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies"]
_NUMERO = re.compile(r"^\s*(\d+)\s*([a-z]*)\s*$", re.IGNORECASE)


class NumeroInvalide(ValueError):
    pass


def parse_numero(text: str) -> tuple[int, str]:
    """Split "17 bis" into (17, "bis"); "17bis" and "17 BIS" are accepted."""
    match = _NUMERO.match(text or "")
    if not match or match.group(2).lower() not in SUFFIXES:
        raise NumeroInvalide(
            f"« {text} » n'est pas un numéro d'action (attendu : 17, 17 bis, 31 quater…)."
        )
    return int(match.group(1)), match.group(2).lower()


def normalise_numero(text: str) -> str:
    base, suffix = parse_numero(text)
    return f"{base} {suffix}" if suffix else str(base)


def numero_sort_key(text: str) -> int:
    base, suffix = parse_numero(text)
    return base * 100 + SUFFIXES.index(suffix)
