from django import template

from jalon.saisies.nombres import format_nombre_fr

register = template.Library()


@register.filter
def nombre_fr(valeur, unite=""):
    """A stored Decimal the French way (``268 254``, ``13,5 %``); empty for None."""
    if valeur is None or valeur == "":  # an empty cell resolves to "" in templates
        return ""
    return format_nombre_fr(valeur, unite or "")
