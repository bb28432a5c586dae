from jalon.rapports.document import Liste, Paragraphe
from jalon.rapports.texte_riche import en_blocs, nettoyer, texte_seul


def test_scripts_styles_and_dangerous_links_are_removed():
    propre = nettoyer(
        '<p onclick="x()" style="color:red">Texte <script>alert(1)</script>'
        '<a href="javascript:alert(1)">lien</a> <img src="x.png"></p>'
    )
    assert "script" not in propre and "onclick" not in propre and "style" not in propre
    assert "javascript" not in propre and "<img" not in propre
    assert propre.startswith("<p>Texte ")


def test_lists_links_bold_italic_are_kept():
    propre = nettoyer(
        '<p><strong>Gras</strong> et <em>italique</em> <a href="https://sante.gouv.fr">site</a>'
        "</p><ul><li>un<ul><li>sous-point</li></ul></li><li>deux</li></ul><ol><li>x</li></ol>"
    )
    blocs = en_blocs(propre)
    assert isinstance(blocs[0], Paragraphe)
    runs = blocs[0].runs
    assert runs[0].gras and runs[0].texte == "Gras"
    assert any(r.italique and r.texte == "italique" for r in runs)
    assert any(r.lien == "https://sante.gouv.fr" for r in runs)
    assert isinstance(blocs[1], Liste) and not blocs[1].ordonnee
    assert blocs[1].elements[0].sous_liste.elements[0].texte == "sous-point"
    assert blocs[2].ordonnee
    assert 'rel="noopener noreferrer"' in propre


def test_plain_text_becomes_paragraphs_and_lists():
    propre = nettoyer("Premier paragraphe\nsuite.\n\n- point un\n- point deux\n\nFin.")
    assert propre == (
        "<p>Premier paragraphe<br>suite.</p><ul><li>point un</li><li>point deux</li></ul>"
        "<p>Fin.</p>"
    )
    assert texte_seul(propre) == "Premier paragraphe\nsuite.\n- point un\n- point deux\nFin."


def test_empty_text():
    assert nettoyer("   ") == "" and en_blocs("") == []
