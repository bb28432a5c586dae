"""``{% tableau_dsfr "fr-table--no-caption" %}<table>…</table>{% endtableau_dsfr %}``.

A DSFR table sits in four nested ``div`` (``fr-table``, its wrapper, container and content)
that every table of the site repeated word for word. An include cannot wrap a body, hence
this block tag: it writes those four ``div`` around what it encloses, the ``<table>``
itself staying in the page (its caption, columns and any HTMX attributes are the page's).
The optional argument adds classes to the outer ``div`` (``fr-table--sm``, ``fr-mb-4w``…).
"""

from django import template
from django.utils.html import format_html

register = template.Library()

_ENVELOPPE = (
    '<div class="fr-table{classes}">\n'
    '  <div class="fr-table__wrapper">\n'
    '    <div class="fr-table__container">\n'
    '      <div class="fr-table__content">\n'
    "{contenu}"
    "      </div>\n"
    "    </div>\n"
    "  </div>\n"
    "</div>"
)


class TableauDsfrNode(template.Node):
    def __init__(self, nodelist, classes):
        self.nodelist = nodelist
        self.classes = classes

    def render(self, context):
        classes = self.classes.resolve(context) if self.classes is not None else ""
        return format_html(
            _ENVELOPPE,
            classes=f" {classes}" if classes else "",
            contenu=self.nodelist.render(context),
        )


@register.tag
def tableau_dsfr(parser, token):
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} prend au plus un argument : les classes ajoutées à « fr-table »."
        )
    classes = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtableau_dsfr",))
    parser.delete_first_token()
    return TableauDsfrNode(nodelist, classes)
