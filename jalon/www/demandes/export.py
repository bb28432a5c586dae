"""CSV export of a request's answers (national admin): one row per region and question or
requested value, every text cell neutralised against spreadsheet formulas."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from jalon.demandes import suivi
from jalon.imports.cellules import neutraliser
from jalon.saisies.nombres import format_nombre_fr

COLONNES = [
    "region_code",
    "region",
    "statut",
    "transmise_le",
    "dans_les_delais",
    "type",
    "element",
    "territoire",
    "reponse",
    "etat",
    "modifiee_par",
    "modifiee_le",
]


def _date(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def lignes(demande):
    """Rows of the export (lists of text), header first."""
    yield COLONNES
    for etat in suivi.etats_regions(demande):
        cible = etat.cible
        debut = [
            cible.region.code,
            cible.region.nom,
            cible.get_statut_display(),
            _date(cible.repondue_le),
            {True: "oui", False: "non", None: ""}[cible.a_l_heure],
        ]
        for question, reponse in etat.lignes_questions:
            yield debut + [
                "question",
                f"{question.rang}. {question.texte}",
                cible.region.code,
                reponse.texte if reponse else "",
                "répondue" if reponse else "sans réponse",
                reponse.modifiee_par.get_username() if reponse and reponse.modifiee_par else "",
                _date(reponse.modifiee_le) if reponse else "",
            ]
        for cellule in etat.cellules:
            valeur = cellule.valeur
            yield debut + [
                "valeur",
                f"{cellule.indicateur.code} — {cellule.indicateur.libelle}",
                cellule.territoire.code,
                format_nombre_fr(valeur.valeur, cellule.indicateur.unite)
                if valeur is not None and valeur.valeur is not None
                else "",
                cellule.libelle_etat,
                valeur.saisie_par.get_username() if valeur and valeur.saisie_par else "",
                _date(valeur.modifie_le) if valeur else "",
            ]


def reponse_csv(demande) -> HttpResponse:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";")
    for ligne in lignes(demande):
        ecrivain.writerow([neutraliser(cellule) for cellule in ligne])
    reponse = HttpResponse("\ufeff" + tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="demande-{demande.pk}-reponses.csv"'
    return reponse
