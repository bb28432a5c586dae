"""`{% tableau_dsfr %}` writes the four DSFR table ``div`` once for every table of the site."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def rendre(source, **contexte):
    return Template("{% load jalon_dsfr %}" + source).render(Context(contexte))


def test_wraps_the_table_in_the_dsfr_structure():
    assert rendre(
        '{% tableau_dsfr "fr-table--no-caption fr-mb-4w" %}<table></table>\n{% endtableau_dsfr %}'
    ) == (
        '<div class="fr-table fr-table--no-caption fr-mb-4w">\n'
        '  <div class="fr-table__wrapper">\n'
        '    <div class="fr-table__container">\n'
        '      <div class="fr-table__content">\n'
        "<table></table>\n"
        "      </div>\n"
        "    </div>\n"
        "  </div>\n"
        "</div>"
    )


def test_without_classes_the_outer_div_is_plain_fr_table():
    assert rendre("{% tableau_dsfr %}<table></table>{% endtableau_dsfr %}").startswith(
        '<div class="fr-table">\n'
    )


def test_the_body_is_rendered_in_the_page_context_and_classes_are_escaped():
    html = rendre(
        "{% tableau_dsfr classes %}<table><caption>{{ titre }}</caption></table>"
        "{% endtableau_dsfr %}",
        classes='fr-table--sm"><script>',
        titre="Actions & indicateurs",
    )
    assert 'class="fr-table fr-table--sm&quot;&gt;&lt;script&gt;"' in html
    assert "<caption>Actions &amp; indicateurs</caption>" in html


def test_more_than_one_argument_is_refused():
    with pytest.raises(TemplateSyntaxError, match="au plus un argument"):
        rendre('{% tableau_dsfr "a" "b" %}{% endtableau_dsfr %}')
