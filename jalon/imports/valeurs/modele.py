"""A template file per indicator: the schema's header, one row per expected territory and
period of a year, ready to be filled and imported back.

Territories are those of the indicator's maille (FR for national indicators, the regions, the
departments, the PTSM territories — or the departments while no PTSM is loaded — for
infra-departmental ones, the regions while the maille is to be fixed), restricted to those the
user may enter. Periods follow the frequency: the twelve months for a monthly indicator, the
year otherwise. Cells starting with = + - @ are prefixed with ' so that a spreadsheet never
runs them as formulas (CSV injection); the import removes that prefix.
"""

import csv
import io

from jalon.imports.cellules import neutraliser
from jalon.imports.valeurs.verification import champs
from jalon.referentiel.models import Indicateur
from jalon.territoires import perms
from jalon.territoires.models import Territoire

Maille, Niveau = Indicateur.Maille, Territoire.Niveau
_NIVEAU = {
    Maille.NATIONALE: Niveau.PAYS,
    Maille.REGIONALE: Niveau.REGION,
    Maille.DEPARTEMENTALE: Niveau.DEPARTEMENT,
    Maille.INFRA_DEPARTEMENTALE: Niveau.PTSM,
    Maille.A_FIXER: Niveau.REGION,
}


def periodes(indicateur, annee: int) -> list[str]:
    if indicateur.frequence == Indicateur.Frequence.MENSUELLE:
        return [f"{annee}-{mois:02d}" for mois in range(1, 13)]
    return [str(annee)]


def territoires(indicateur):
    niveau = _NIVEAU[indicateur.maille]
    requete = Territoire.objects.filter(niveau=niveau).select_related("parent__parent__parent")
    if niveau == Niveau.PTSM and not requete.exists():
        requete = Territoire.objects.filter(niveau=Niveau.DEPARTEMENT).select_related(
            "parent__parent"
        )
    return requete.order_by("ordre", "code")


def lignes_modele(user, indicateur, annee: int) -> list[list[str]]:
    """Rows (without header) the user may fill; empty when they may fill none."""
    codes_periodes = periodes(indicateur, annee)
    return [
        [indicateur.code, territoire.code, periode, "", indicateur.source, ""]
        for territoire in territoires(indicateur)
        if perms.can_edit_values(user, indicateur, territoire)
        for periode in codes_periodes
    ]


def texte_csv_modele(lignes) -> str:
    """Semicolon-separated UTF-8 with BOM: what French Excel opens without an import wizard."""
    tampon = io.StringIO()
    tampon.write("\ufeff")
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([champ.nom for champ in champs()])
    ecrivain.writerows([neutraliser(cellule) for cellule in ligne] for ligne in lignes)
    return tampon.getvalue()
