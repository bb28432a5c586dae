"""The table printed under a chart: a row a period, or a year a row for long sub-annual series."""

import datetime
import io
from decimal import Decimal

import docx

from jalon.rapports.document import Document, Section
from jalon.rapports.figures import figure_serie, tableau_serie
from jalon.rapports.format import Point
from jalon.rapports.rendu_docx import document_docx
from jalon.rapports.rendu_html import page_autonome

NN = "\u202f"


def _mois(debut: int, fin: int, sauf=()):
    return [
        Point(f"{annee}-{mois:02d}", Decimal(1000 * (annee - 2000) + mois))
        for annee in range(debut, fin + 1)
        for mois in range(1, 13)
        if f"{annee}-{mois:02d}" not in sauf
    ]


def test_a_monthly_series_over_years_is_a_year_by_month_grid(ref):
    indicateur = ref.indicateurs["A06INDM01"]
    tableau = tableau_serie(indicateur, _mois(2022, 2023, sauf={"2023-02"}))
    assert tableau.grille
    assert tableau.entetes == ["Année", "janv.", "févr.", "mars", "avr.", "mai", "juin",
                               "juil.", "août", "sept.", "oct.", "nov.", "déc."]  # fmt: skip
    assert tableau.lignes[0][:3] == ["2022", f"22{NN}001", f"22{NN}002"]
    # A missing month is said, never left blank nor filled.
    assert tableau.lignes[1][:4] == ["2023", f"23{NN}001", "n.d.", f"23{NN}003"]
    assert tableau.note == "n.d. : donnée non disponible pour cette période."
    assert tableau.colonnes_numeriques == tuple(range(1, 13))


def test_quarters_and_half_years_get_their_own_columns(ref):
    indicateur = ref.indicateurs["A06INDM01"]
    trimestres = [Point(f"{a}-Q{t}", Decimal(t)) for a in (2022, 2023) for t in (1, 2, 3, 4)]
    tableau = tableau_serie(indicateur, trimestres)
    assert tableau.entetes == ["Année", "1er trim.", "2e trim.", "3e trim.", "4e trim."]
    assert tableau.lignes == [["2022", "1", "2", "3", "4"], ["2023", "1", "2", "3", "4"]]
    assert tableau.note == ""
    semestres = [Point(f"{a}-S{s}", Decimal(s)) for a in (2022, 2023) for s in (1, 2)]
    assert tableau_serie(indicateur, semestres).entetes == ["Année", "1er sem.", "2e sem."]


def test_yearly_single_year_and_mixed_series_stay_a_list(ref):
    indicateur = ref.indicateurs["A06INDM01"]
    annees = [Point("2022", Decimal(192377)), Point("2023", Decimal(268254))]
    une_annee = _mois(2023, 2023)
    melange = [Point("2022", Decimal(1)), Point("2023-01", Decimal(2))]
    for points in (annees, une_annee, melange):
        tableau = tableau_serie(indicateur, points)
        assert not tableau.grille and tableau.entetes == ["Période", "Valeur (France)"]
        assert len(tableau.lignes) == len(points)
    assert tableau_serie(indicateur, annees).lignes == [
        ["2022", f"192{NN}377"],
        ["2023", f"268{NN}254"],
    ]


def test_the_grid_is_printed_smaller_in_word_and_marked_in_html(ref):
    figure = figure_serie(ref.indicateurs["A06INDM01"], _mois(2022, 2023))
    figure.graphique = None  # the table only: no drawing needed here
    section = Section("Indicateurs", 1, "indicateurs").ajouter(figure)
    document = Document("Essai", "", "DMSMP", datetime.date(2024, 1, 1), [section])
    fichier = docx.Document(io.BytesIO(document_docx(document)))
    grille = fichier.tables[-1]
    assert [c.text for c in grille.rows[0].cells][:2] == ["Année", "janv."]
    assert len(grille.rows) == 3 and len(grille.columns) == 13
    tailles = {r.font.size.pt for c in grille.rows[1].cells for p in c.paragraphs for r in p.runs}
    assert tailles == {7.0}
    assert '<table class="bilan-grille">' in page_autonome(document)
