"""Cells written into files users open in a spreadsheet."""

# A cell starting with one of these is read as a formula by spreadsheet software (CSV
# injection); tab and carriage return are used to hide such a formula.
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def neutraliser(valeur) -> str:
    """The cell's text, prefixed with ' when a spreadsheet would read it as a formula."""
    texte = "" if valeur is None else str(valeur)
    return f"'{texte}" if texte.startswith(DEBUTS_DE_FORMULE) else texte
