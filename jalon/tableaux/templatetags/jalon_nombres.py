"""``{{ valeur|nombre_fr:unite }}`` (1 333,5 ; 13,5 %) and ``{{ e.evolution|evolution_fr }}``."""

from decimal import Decimal

from django import template

from jalon.saisies.nombres import format_nombre_fr

register = template.Library()


@register.filter
def nombre_fr(valeur, unite=""):
    if valeur is None or valeur == "":
        return "—"
    return format_nombre_fr(Decimal(valeur), unite or "")


@register.filter
def evolution_fr(valeur):
    """A relative change in percent, signed, one decimal: « +12,5 % »."""
    if valeur is None:
        return "—"
    arrondi = Decimal(valeur).quantize(Decimal("0.1"))
    signe = "+" if arrondi > 0 else ""
    return f"{signe}{format_nombre_fr(arrondi)}\u202f%"
