"""Load the national referential shipped with Jalon: the annex, then its complements."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from jalon.referentiel.complements import appliquer_complements, charger_versions
from jalon.referentiel.importation import importer_annexe, version_fdr

ANNEXE_LIVREE = Path(settings.BASE_DIR) / "data" / "referentiel" / "annexe_instruction_2023_179.tsv"


class ChargementRefuse(Exception):
    """The shipped data was refused: a packaging defect, reported in French."""


def charger_referentiel_national(utilisateur=None) -> dict:
    """Import the shipped annex into version 2023, apply the complements, load the other
    versions. Idempotent: a second run reports no change. All or nothing."""
    with transaction.atomic():
        version = version_fdr("2023")
        rapport = importer_annexe(utilisateur, ANNEXE_LIVREE, version)
        if rapport.refuse:
            raise ChargementRefuse("\n".join(rapport.lignes_texte()))
        version.refresh_from_db()
        return {
            "import": rapport,
            "complements": appliquer_complements(version),
            "versions": charger_versions(version.plan),
        }
