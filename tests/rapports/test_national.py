"""The national bilan: structure, order, values and evolutions, annexes; DOCX and PDF."""

import datetime
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import docx
import pytest
from django.core.management import call_command

from jalon.agregats.maj import noter_creation
from jalon.rapports.document import Indicateur
from jalon.rapports.national import construire_bilan_national
from jalon.rapports.rendu import rendre
from jalon.referentiel.chargement import charger_referentiel_national
from jalon.referentiel.models import ActionVersion
from jalon.referentiel.queries import get_version
from jalon.saisies.models import Valeur
from jalon.territoires.models import Territoire
from tests.factories import TerritoireFactory

NN = "\u202f"


def _titres_actions(document):
    return [
        s.titre for s in document.parcourir() if s.niveau == 2 and s.ancre.startswith("action-")
    ]


def _valider(indicateur, territoire, periode, valeur, source="DREES"):
    valeur = Valeur.objects.create(
        indicateur=indicateur,
        territoire=territoire,
        periode=periode,
        valeur=Decimal(valeur),
        statut=Valeur.Statut.VALIDEE,
        source=source,
    )
    noter_creation(valeur)  # written outside the services: count it in the rollups
    return valeur


def test_bis_ter_quater_actions_follow_their_number(ref):
    document = construire_bilan_national(2023, ref.v2023, avec_figures=False)
    numeros = [re.match(r"Action ([\w ]+?) :", t).group(1) for t in _titres_actions(document)]
    assert numeros == ["1", "6", "17", "17 bis", "17 ter", "17 quater", "18"]


def test_values_regional_table_and_missing_data(ref):
    france = TerritoireFactory(france=True)
    nord = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France", ordre=1)
    idf = TerritoireFactory(code="REG-11", cog="11", nom="Île-de-France", ordre=0)
    appels = ref.indicateurs["A06INDM01"]
    _valider(appels, france, "2022", 192377, "Pôle national 3114")
    _valider(appels, france, "2023", 268254, "Pôle national 3114")
    _valider(appels, nord, "2023", 1000)
    _valider(appels, idf, "2023", 2500)
    _valider(appels, idf, "2022", 2000)
    # A draft is never printed in a bilan.
    Valeur.objects.create(
        indicateur=ref.indicateurs["A06INDR01"], territoire=france, periode="2023", valeur=9
    )
    document = construire_bilan_national(2023, ref.v2023)
    action6 = next(s for s in document.parcourir() if s.ancre == "action-6-indicateurs")
    blocs = {b.code: b for b in action6.blocs if isinstance(b, Indicateur)}
    assert blocs["A06INDM01"].phrase == f"268{NN}254 en 2023, 192{NN}377 en 2022, soit +39{NN}%"
    assert "Pôle national 3114 (2023)" in blocs["A06INDM01"].source
    assert blocs["A06INDR01"].phrase == "donnée non disponible pour 2023"
    # Results first, then means, as the bilan prints them.
    assert list(blocs) == ["A06INDR01", "A06INDM01"]
    tableau = blocs["A06INDM01"].tableau_regional
    assert tableau.entetes == ["Région", "2023", "2022", "Évolution"]
    assert tableau.lignes[0] == ["Île-de-France", f"2{NN}500", f"2{NN}000", f"+25{NN}%"]
    assert tableau.lignes[1] == ["Hauts-de-France", f"1{NN}000", "non disponible", "non calculable"]
    assert tableau.total == [
        "Total des régions",
        f"3{NN}500",
        f"2{NN}000",
        "non comparable (régions renseignées différentes)",
    ]
    assert blocs["A06INDM01"].figure.tableau.lignes == [
        ["2022", f"192{NN}377"],
        ["2023", f"268{NN}254"],
    ]


def test_regional_table_falls_back_to_the_latest_period_up_to_the_year(ref):
    TerritoireFactory(france=True)
    nord = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France", ordre=1)
    appels = ref.indicateurs["A06INDM01"]
    _valider(appels, nord, "2021", 800)
    _valider(appels, nord, "2022", 1000)
    _valider(appels, nord, "2024", 5000)  # after the bilan's year: not its table
    document = construire_bilan_national(2023, ref.v2023, avec_figures=False)
    action6 = next(s for s in document.parcourir() if s.ancre == "action-6-indicateurs")
    tableau = next(b for b in action6.blocs if b.code == "A06INDM01").tableau_regional
    assert tableau.entetes == ["Région", "2022", "2021", "Évolution"]
    assert tableau.lignes == [["Hauts-de-France", f"1{NN}000", "800", f"+25{NN}%"]]


def test_values_are_read_in_queries_that_do_not_grow_with_the_indicators(ref):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    france = TerritoireFactory(france=True)
    nord = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France", ordre=1)
    indicateurs = list(ref.indicateurs.values())

    def requetes():
        with CaptureQueriesContext(connection) as capture:
            construire_bilan_national(2023, ref.v2023, avec_figures=False)
        return len(capture)

    for rang, periode in enumerate(("2021", "2022")):
        _valider(indicateurs[0], france, periode, 10 + rang)
        _valider(indicateurs[0], nord, periode, 1 + rang)
    une = requetes()
    for indicateur in indicateurs[1:]:
        for rang, periode in enumerate(("2021", "2022", "2023")):
            _valider(indicateur, france, periode, 10 + rang)
            _valider(indicateur, nord, periode, 1 + rang)
    assert len(indicateurs) > 3 and requetes() <= une


def test_missing_texts_are_said(ref):
    document = construire_bilan_national(2023, ref.v2023, avec_figures=False)
    enjeux = next(s for s in document.parcourir() if s.ancre == "action-17-bis-enjeux")
    assert enjeux.blocs[0].texte == "Texte non renseigné pour 2023."


@pytest.fixture
def demo(db):
    call_command("load_territoires", stdout=io.StringIO())
    charger_referentiel_national()
    call_command("load_demo_values", stdout=io.StringIO())
    call_command("load_demo_narratives", stdout=io.StringIO())


def test_demo_docx_has_every_action_in_order_values_and_annexes(demo):
    version = get_version()
    attendu = list(
        ActionVersion.objects.filter(version=version)
        .order_by("axe__numero", "rang")
        .values_list("numero", flat=True)
    )
    assert len(attendu) == 49
    contenu = rendre(construire_bilan_national(2023, avec_figures=False), "docx")
    fichier = docx.Document(io.BytesIO(contenu))
    titres = [
        (p.style.name, p.text) for p in fichier.paragraphs if p.style.name.startswith("Heading")
    ]
    actions = [t for style, t in titres if style == "Heading 2" and t.startswith("Action ")]
    assert [re.match(r"Action ([\w ]+?) :", t).group(1) for t in actions] == attendu
    niveau1 = [t for style, t in titres if style == "Heading 1"]
    assert niveau1[0].startswith("Rappel sur la feuille de route")
    assert niveau1[1].startswith("Gouvernance générale")
    assert [t[:6] for t in niveau1[2:5]] == ["Axe 1 ", "Axe 2 ", "Axe 3 "]
    assert "(pilote : DGS)" in niveau1[2]
    assert niveau1[5] == "Annexes"
    annexes = [t for style, t in titres if style == "Heading 2" and t.startswith("Annexe")]
    assert [a.split(" —")[0] for a in annexes] == ["Annexe 1", "Annexe 1bis", "Annexe 2"]
    texte = "\n".join(p.text for p in fichier.paragraphs)
    # Values of the 2023 bilan with their evolutions (seed 001 l.1534-1537).
    assert f"268{NN}254 en 2023, 192{NN}377 en 2022, soit +39{NN}%" in texte
    assert f"35{NN}209 en 2023, 29{NN}664 en 2022, soit +19{NN}%" in texte
    assert f"49 en 2023, 29 en 2022, soit +69{NN}%" in texte
    assert "243\u202f006 en 2023 ; donnée non disponible pour 2022" in texte
    # Narratives from the bilan, in their sections.
    assert "Le comité de pilotage DGS-DGESCO s’est réuni deux fois en 2023." in texte
    assert "Enjeux et objectifs" in [t for _s, t in titres]
    # Table of contents field, real Word tables for the annexes.
    assert 'TOC \\o "1-2"' in fichier.element.xml
    correspondance = next(
        t for t in fichier.tables if t.rows[0].cells[2].text == "Intitulé de l'action"
    )
    lignes = {r.cells[1].text: [c.text for c in r.cells] for r in correspondance.rows[1:]}
    assert lignes["8"][3] == "7 bis" and lignes["30"][4] == "24, 25, 26"
    catalogue = next(t for t in fichier.tables if t.rows[0].cells[0].text == "Code")
    assert len(catalogue.rows) - 1 == 110


def test_demo_bilan_on_the_bilan_structure_has_51_actions(demo):
    document = construire_bilan_national(2023, get_version("bilan-2024"), avec_figures=False)
    titres = _titres_actions(document)
    assert len(titres) == 51
    assert titres[7].startswith("Action 7 bis : Promouvoir le sommeil")
    sommeil = next(s for s in document.parcourir() if s.ancre == "action-7-bis-enjeux")
    assert "sommeil" in sommeil.blocs[0].texte.lower()
    # Indicators come from the annex for the same stable action.
    indicateurs = next(s for s in document.parcourir() if s.ancre == "action-6-indicateurs")
    assert any(isinstance(b, Indicateur) and b.code == "A06INDM01" for b in indicateurs.blocs)


def test_pdf_is_produced_from_the_same_html(ref):
    Territoire.objects.get_or_create(code="FR", defaults={"niveau": "pays", "nom": "France"})
    contenu = rendre(construire_bilan_national(2023, ref.v2023, avec_figures=False), "pdf")
    assert contenu.startswith(b"%PDF-") and len(contenu) > 5000


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice absent")
def test_docx_converts_to_pdf_with_libreoffice(demo, tmp_path):
    """The ministry edits the DOCX in a word processor: another one than python-docx must
    read it whole — every action in order, the values, the annexes — and print it."""
    source = tmp_path / "bilan.docx"
    source.write_bytes(rendre(construire_bilan_national(2023), "docx"))
    for format in ("pdf", "txt:Text (encoded):UTF8"):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", format, "--outdir", str(tmp_path), source],
            check=True,
            capture_output=True,
            timeout=240,
            env={**os.environ, "HOME": str(tmp_path)},
        )
    pdf = (tmp_path / "bilan.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) > 50
    texte = (tmp_path / "bilan.txt").read_text(encoding="utf-8-sig")
    attendu = list(
        ActionVersion.objects.filter(version=get_version())
        .order_by("axe__numero", "rang")
        .values_list("numero", flat=True)
    )
    lues = re.findall(r"^Action ([\w ]+?) :", texte, re.M)
    # Each action title appears once in the table of contents LibreOffice fills in, once
    # as the heading: the headings are the last len(attendu) of them.
    assert lues[-len(attendu) :] == attendu
    assert f"268{NN}254 en 2023, 192{NN}377 en 2022, soit +39{NN}%" in texte
    assert "Annexe 1bis" in texte and "Catalogue des indicateurs" in texte


def test_chart_drawings_are_reused_when_the_data_did_not_change(ref, settings):
    from pathlib import Path

    from jalon.rapports.figures import DOSSIER_CACHE, figure_serie
    from jalon.rapports.format import Point

    indicateur = ref.indicateurs["A06INDM01"]
    points = [Point("2022", Decimal(192377)), Point("2023", Decimal(268254))]
    premiere = figure_serie(indicateur, points)
    assert premiere.png().startswith(b"\x89PNG") and "<svg" in premiere.svg()
    dessins = (Path(settings.MEDIA_ROOT) / DOSSIER_CACHE).iterdir()
    assert sorted(d.suffix for d in dessins) == [".png", ".svg"]
    # The same series draws from the stored files; another series draws anew.
    assert figure_serie(indicateur, points).png() == premiere.png()
    autre = figure_serie(indicateur, [points[0], Point("2023", Decimal(270000))])
    autre.png()
    # Its PNG is rasterised from its SVG, kept too for the PDF.
    assert len(list((Path(settings.MEDIA_ROOT) / DOSSIER_CACHE).iterdir())) == 4


def test_the_same_chart_drawn_on_two_threads_at_once(ref, monkeypatch):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from jalon.rapports import figures
    from jalon.rapports.format import Point

    # Both threads have written their temporary file before either renames it: the case of
    # an indicator serving two actions, its two figures drawn at once.
    barriere = threading.Barrier(2)
    renommer = os.replace

    def renommer_ensemble(source, cible):
        barriere.wait(timeout=10)
        renommer(source, cible)

    monkeypatch.setattr(figures, "to_svg", lambda graphique, largeur: "<svg/>")
    monkeypatch.setattr(figures.os, "replace", renommer_ensemble)
    indicateur = ref.indicateurs["A06INDM01"]
    points = [Point("2022", Decimal(1)), Point("2023", Decimal(2))]
    with ThreadPoolExecutor(max_workers=2) as executeur:
        rendus = list(
            executeur.map(lambda _: figures.figure_serie(indicateur, points).svg(), [1, 2])
        )
    assert rendus == ["<svg/>", "<svg/>"]


def test_charts_drawn_in_worker_processes_are_the_ones_the_threads_draw(
    ref, settings, tmp_path, monkeypatch
):
    from jalon.rapports import rendu
    from jalon.rapports.document import Document
    from jalon.rapports.figures import figure_serie
    from jalon.rapports.format import Point

    indicateur = ref.indicateurs["A06INDM01"]

    def figures():
        # Three different series, the last one twice (an indicator serving two actions).
        series = [[Point("2022", Decimal(1)), Point("2023", Decimal(n))] for n in (2, 3, 4, 4)]
        return [figure_serie(indicateur, points) for points in series]

    monkeypatch.setattr(rendu, "SEUIL_PROCESSUS", 2)
    assert rendu.dessiner_en_processus(figures(), bitmap=True, coeurs=2) == 3
    par_processus = {p.name: p.read_bytes() for p in (tmp_path / "media").rglob("*.*")}
    assert sorted(n.rsplit(".", 1)[1] for n in par_processus) == ["png"] * 3 + ["svg"] * 3
    # Drawn once, nothing is left to draw: the threads only read the drawings.
    assert rendu.dessiner_en_processus(figures(), bitmap=True, coeurs=2) == 0

    settings.MEDIA_ROOT = tmp_path / "fils"
    monkeypatch.setattr(rendu, "SEUIL_PROCESSUS", 10_000)
    document = Document(titre="Essai", sous_titre="", auteur="", date=datetime.date.today())
    monkeypatch.setattr(document, "figures", figures)
    rendu.prerendre_figures(document, "docx")
    par_fils = {p.name: p.read_bytes() for p in (tmp_path / "fils").rglob("*.*")}
    assert par_fils == par_processus


def test_a_process_pool_that_breaks_leaves_the_drawing_to_the_threads(ref, tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from jalon.rapports import rendu
    from jalon.rapports.document import Document
    from jalon.rapports.figures import figure_serie
    from jalon.rapports.format import Point

    class PoolCasse:
        def __init__(self, *args, **kwargs):
            raise BrokenProcessPool("essai")

    indicateur = ref.indicateurs["A06INDM01"]
    figures = [
        figure_serie(indicateur, [Point("2022", Decimal(1)), Point("2023", Decimal(n))])
        for n in (2, 3, 4)
    ]
    monkeypatch.setattr(rendu, "SEUIL_PROCESSUS", 2)
    monkeypatch.setattr(rendu, "ProcessPoolExecutor", PoolCasse)
    document = Document(titre="Essai", sous_titre="", auteur="", date=datetime.date.today())
    monkeypatch.setattr(document, "figures", lambda: figures)
    rendu.prerendre_figures(document, "docx")
    assert all(f.png().startswith(b"\x89PNG") for f in figures)
    assert len(list((tmp_path / "media").rglob("*.png"))) == 3
