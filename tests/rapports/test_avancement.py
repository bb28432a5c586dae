"""Progress of the rendering: charts drawn, PDF pages laid out, reported to the build row."""

import datetime
import logging
import threading
from decimal import Decimal

import pytest

from jalon.rapports import avancement as av
from jalon.rapports.document import Document, Figure, Paragraphe, Section
from jalon.rapports.figures import figure_serie
from jalon.rapports.format import Point
from jalon.rapports.rendu import rendre


@pytest.fixture
def sans_limite(monkeypatch):
    monkeypatch.setattr(av, "INTERVALLE", 0)


def _document(pages: int, figures=()) -> Document:
    """A document of about ``pages`` pages (one section a page) and the given figures."""
    section = Section("Chapitre", 1, "chapitre")
    for rang in range(pages):
        sous = section.sous_section(f"Partie {rang}", f"partie-{rang}", saut_de_page=True)
        sous.ajouter(Paragraphe.simple(f"Texte de la partie {rang}."))
    section.ajouter(*figures)
    return Document("Essai", "Sous-titre", "DMSMP", datetime.date(2024, 1, 1), [section])


def _figures(ref, nombre: int) -> list[Figure]:
    indicateur = ref.indicateurs["A06INDM01"]
    return [
        figure_serie(indicateur, [Point("2022", Decimal(100 + n)), Point("2023", Decimal(200))])
        for n in range(nombre)
    ]


def test_pdf_rendering_reports_charts_then_pages_then_the_end(ref, sans_limite):
    recu = []
    rendre(_document(6, _figures(ref, 3)), "pdf", lambda etape, part: recu.append((etape, part)))
    etapes = [e for e, _ in recu]
    parts = [p for _, p in recu]
    assert parts == sorted(parts) and parts[-1] == 1
    assert "Dessin des graphiques : 3 sur 3" in etapes
    pages = [e for e in etapes if e.startswith("Mise en page du PDF : page ")]
    assert pages[0] == "Mise en page du PDF : page 1" and len(pages) >= 6
    assert etapes[-1] == "Document PDF prêt"
    # Charts first, within their part; the layout after them.
    dessin = max(p for e, p in recu if e.startswith("Dessin"))
    assert dessin == pytest.approx(av.PART_DESSINS)
    assert min(p for e, p in recu if e.startswith("Mise en page")) >= av.PART_DESSINS


def test_docx_rendering_reports_its_writing(ref, sans_limite):
    recu = []
    rendre(_document(2), "docx", lambda etape, part: recu.append((etape, part)))
    assert recu == [("Écriture du DOCX", av.PART_DESSINS), ("Document Word (DOCX) prêt", 1)]


def test_reports_are_spaced_but_the_first_and_the_end_always_pass(monkeypatch):
    horloge = iter([0.0, 0.1, 0.2, 0.6, 0.7, 0.8])
    monkeypatch.setattr(av.time, "monotonic", lambda: next(horloge))
    recu = []
    limite = av.limite(lambda etape, part: recu.append(etape), intervalle=0.5)
    for etape, part in [("a", 0), ("b", 0.1), ("c", 0.2), ("d", 0.3), ("e", 0.4), ("f", 1)]:
        limite(etape, part)
    assert recu == ["a", "d", "f"]


def test_the_part_never_goes_back(sans_limite):
    recu = []
    limite = av.limite(lambda etape, part: recu.append(part))
    for part in (0.1, 0.25, 0.02, 0.3):
        limite("x", part)
    assert recu == [0.1, 0.25, 0.25, 0.3]


def test_charts_drawn_in_processes_then_read_by_threads_report_forwards(
    ref, sans_limite, monkeypatch
):
    from jalon.rapports import rendu

    monkeypatch.setattr(rendu, "SEUIL_PROCESSUS", 2)
    monkeypatch.setattr(rendu.os, "cpu_count", lambda: 2)
    recu = []
    rendre(_document(1, _figures(ref, 3)), "docx", lambda etape, part: recu.append(part))
    assert recu == sorted(recu) and recu[-1] == 1


def test_two_pdfs_rendered_at_once_hear_only_their_own_pages(ref, sans_limite):
    recus = {3: [], 9: []}
    erreurs = []

    def rendre_(pages):
        try:
            rendre(_document(pages), "pdf", lambda etape, part: recus[pages].append(etape))
        except Exception as exc:  # surfaced below: a thread's failure must fail the test
            erreurs.append(exc)

    fils = [threading.Thread(target=rendre_, args=(n,)) for n in recus]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert not erreurs
    for pages, etapes in recus.items():
        numeros = [int(e.rsplit(" ", 1)[1]) for e in etapes if e[-1].isdigit()]
        # The document's pages (cover, contents, parts) and no page of the other one.
        assert pages < max(numeros) < pages + 5


def test_weasyprint_pages_are_not_written_to_the_logs(ref):
    """The root logger is at INFO: WeasyPrint's step and page notes (230 for a national
    bilan) stay out of the server's logs, with or without a listener."""

    class Releve(logging.Handler):
        def __init__(self):
            super().__init__(level=logging.DEBUG)
            self.noms = []

        def emit(self, record):
            self.noms.append(record.name)

    releve, racine = Releve(), logging.getLogger()
    racine.addHandler(releve)
    try:
        rendre(_document(3), "pdf")
        rendre(_document(3), "pdf", lambda etape, part: None)
    finally:
        racine.removeHandler(releve)
    assert not [nom for nom in releve.noms if nom.startswith("weasyprint.progress")]


def test_the_build_row_moves_past_the_layout(client, ref, comptes, monkeypatch, sans_limite):
    from jalon.rapports import services
    from jalon.rapports.models import ConstructionBilan

    etats = []
    original = services._avancer

    def avancer(construction_id):
        progres = original(construction_id)

        def noter(etape, pourcentage):
            progres(etape, pourcentage)
            etats.append(ConstructionBilan.objects.values_list("etape", "pourcentage").get())

        return noter

    monkeypatch.setattr(services, "_avancer", avancer)
    services.demander_construction(comptes.admin, "synthese", 2023, "pdf")
    pourcentages = [p for _, p in etats]
    assert pourcentages == sorted(pourcentages)
    assert any(e.startswith("Mise en page du PDF : page") and 85 <= p <= 99 for e, p in etats)
    assert ConstructionBilan.objects.get().statut == ConstructionBilan.Statut.TERMINE
