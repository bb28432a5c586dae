"""Publishing freezes a bilan; later data changes build a new version; versions compare."""

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from jalon.journal.models import EntreeJournal
from jalon.rapports.models import FichierPublication, Partie, Publication
from jalon.rapports.narratifs import ecrire_narratif
from jalon.rapports.publication import FichierAltere, comparer, lire_fichier, publier
from jalon.saisies.models import Valeur
from tests.factories import TerritoireFactory, valeur_validee

WEB = EntreeJournal.Canal.WEB


def _valeur(ref, periode, valeur):
    return Valeur.objects.update_or_create(
        indicateur=ref.indicateurs["A06INDM01"],
        territoire=TerritoireFactory(france=True),
        periode=periode,
        defaults={"valeur": Decimal(valeur), "statut": Valeur.Statut.VALIDEE, "source": "3114"},
    )[0]


def test_only_the_national_admin_publishes(ref, comptes):
    for user in (comptes.dgos, comptes.ars, comptes.lecteur):
        with pytest.raises(PermissionDenied):
            publier(user, "national", 2023, canal=WEB, version=ref.v2023)
    assert not Publication.objects.exists()


def test_publication_is_frozen_and_versions_compare(ref, comptes):
    _valeur(ref, "2022", 192377)
    _valeur(ref, "2023", 268254)
    action = ref.actions["6"].action
    ecrire_narratif(
        comptes.admin,
        annee=2023,
        partie=Partie.ANNEE,
        action=action,
        texte="<p>Ouverture de deux centres.</p>",
        version_lue=0,
        canal=WEB,
    )
    premiere = publier(comptes.admin, "national", 2023, canal=WEB, version=ref.v2023, note="CSSMP")
    assert premiere.numero == 1 and premiere.publie_par == comptes.admin
    fichiers = {f.format: f for f in premiere.fichiers.all()}
    assert set(fichiers) == {"docx", "pdf", "html"}
    empreintes = {}
    for format, fichier in fichiers.items():
        contenu = (Path(settings.MEDIA_ROOT) / fichier.chemin).read_bytes()
        assert hashlib.sha256(contenu).hexdigest() == fichier.sha256
        assert lire_fichier(fichier) == contenu
        empreintes[format] = fichier.sha256
    assert fichiers["pdf"].taille > 1000
    html_avant = lire_fichier(fichiers["html"])
    assert "268\u202f254 en 2023".encode() in html_avant

    # Later data and text changes do not alter the publication...
    _valeur(ref, "2023", 270000)
    ecrire_narratif(
        comptes.admin,
        annee=2023,
        partie=Partie.ANNEE,
        action=action,
        texte="<p>Ouverture de trois centres.</p>",
        version_lue=1,
        canal=WEB,
    )
    premiere.refresh_from_db()
    assert {f.format: f.sha256 for f in premiere.fichiers.all()} == empreintes
    assert lire_fichier(fichiers["html"]) == html_avant
    with pytest.raises(PermissionError):
        premiere.save()
    with pytest.raises(PermissionError):
        Publication.objects.filter(pk=premiere.pk).update(note="x")
    with pytest.raises(PermissionError):
        FichierPublication.objects.first().delete()

    # ...they make a new version, and the comparison names what changed.
    seconde = publier(comptes.admin, "national", 2023, canal=WEB, version=ref.v2023)
    assert seconde.numero == 2
    differences = comparer(premiere, seconde)
    valeurs = {d["cle"]: d for d in differences["valeurs"]}
    assert "action-6-indicateurs/A06INDM01" in valeurs
    assert "268\u202f254" in valeurs["action-6-indicateurs/A06INDM01"]["avant"]["texte"]
    assert "270\u202f000" in valeurs["action-6-indicateurs/A06INDM01"]["apres"]["texte"]
    textes = {d["cle"]: d for d in differences["textes"]}
    assert textes["action-6-annee"]["diff"] == {
        "retire": ["Ouverture de deux centres."],
        "ajoute": ["Ouverture de trois centres."],
    }
    assert EntreeJournal.objects.filter(action="publication_bilan").count() == 2


def test_altered_file_is_not_served(ref, comptes):
    publication = publier(comptes.admin, "synthese", 2023, canal=WEB)
    fichier = publication.fichiers.get(format="html")
    (Path(settings.MEDIA_ROOT) / fichier.chemin).write_bytes(b"falsifie")
    with pytest.raises(FichierAltere):
        lire_fichier(fichier)


def test_synthesis_publication_is_frozen_and_versions_compare(ref, comptes):
    from jalon.rapports.synthese import choisir_chiffres_cles

    choisir_chiffres_cles(comptes.admin, [("A06INDM01", "Appels reçus au 3114")], canal=WEB)
    _valeur(ref, "2022", 192377)
    _valeur(ref, "2023", 268254)
    for user in (comptes.dgos, comptes.ars):
        with pytest.raises(PermissionDenied):
            publier(user, "synthese", 2023, canal=WEB)
    premiere = publier(comptes.admin, "synthese", 2023, canal=WEB)
    empreintes = {f.format: f.sha256 for f in premiere.fichiers.all()}
    assert set(empreintes) == {"docx", "pdf", "html"}
    html = lire_fichier(premiere.fichiers.get(format="html"))
    assert "268\u202f254".encode() in html

    _valeur(ref, "2023", 270000)
    premiere = Publication.objects.get(pk=premiere.pk)
    assert {f.format: f.sha256 for f in premiere.fichiers.all()} == empreintes
    assert lire_fichier(premiere.fichiers.get(format="html")) == html
    seconde = publier(comptes.admin, "synthese", 2023, canal=WEB)
    assert (seconde.numero, seconde.region) == (2, None)
    # The key figures are phrased in the list of their section: the change shows as a text.
    textes = {d["cle"]: d for d in comparer(premiere, seconde)["textes"]}
    assert set(textes) == {"chiffres"}
    assert "268\u202f254" in "".join(textes["chiffres"]["diff"]["retire"])
    assert "270\u202f000" in "".join(textes["chiffres"]["diff"]["ajoute"])


def _valeur_region(ref, region, periode, nombre):
    return valeur_validee(ref.indicateurs["A06INDM01"], region, periode, nombre, "3114")


def test_changed_regional_figures_are_named_cell_by_cell(ref, comptes):
    NN = "\u202f"
    _valeur(ref, "2023", 268254)
    nord = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France", ordre=1)
    idf = TerritoireFactory(code="REG-11", cog="11", nom="Île-de-France", ordre=0)
    _valeur_region(ref, nord, "2023", 1000)
    _valeur_region(ref, idf, "2023", 2500)
    premiere = publier(comptes.admin, "national", 2023, canal=WEB, version=ref.v2023)
    # One region corrected, another region's first figure arrives.
    _valeur_region(ref, nord, "2023", 1200)
    bretagne = TerritoireFactory(code="REG-53", cog="53", nom="Bretagne", ordre=2)
    _valeur_region(ref, bretagne, "2023", 700)
    seconde = publier(comptes.admin, "national", 2023, canal=WEB, version=ref.v2023)

    tableaux = {d["cle"]: d for d in comparer(premiere, seconde)["tableaux"]}
    tableau = tableaux["action-6-indicateurs/A06INDM01"]
    assert tableau["cellules"] == [
        {"ligne": "Hauts-de-France", "colonne": "2023", "avant": f"1{NN}000", "apres": f"1{NN}200"},
        {
            "ligne": "Total des régions",
            "colonne": "2023",
            "avant": f"3{NN}500",
            "apres": f"4{NN}400",
        },
    ]
    assert tableau["lignes_ajoutees"] == ["Bretagne"]
    assert tableau["lignes_retirees"] == []


def test_table_comparison_of_publications_stored_without_column_titles():
    from jalon.rapports.publication import _diff_tableaux

    # Contents stored before the column titles were kept, and a label repeated in a table.
    avant = {"titre": "T", "lignes": [["Total", "1", "2"], ["Total", "3", "4"], ["A", "5"]]}
    apres = {"titre": "T", "lignes": [["Total", "1", "2"], ["Total", "3", "9"], ["B", "5"]]}
    assert _diff_tableaux(avant, apres) == {
        "cellules": [{"ligne": "Total (2)", "colonne": "colonne 3", "avant": "4", "apres": "9"}],
        "lignes_ajoutees": ["B"],
        "lignes_retirees": ["A"],
    }
