"""Import of the national roadmap annex: parse and validate, compute a diff, apply it.

annexe = preparer_import(path)               # AnnexeParsee, or FichierRefuse
diff = calculer_diff(annexe, version)        # Diff, nothing written
rapport = importer_annexe(user, path, version, dry_run=False)
"""

from jalon.referentiel.importation.diff import Diff, calculer_diff
from jalon.referentiel.importation.lecture import AnnexeParsee, preparer_import
from jalon.referentiel.importation.service import RapportImport, importer_annexe, version_fdr

__all__ = [
    "AnnexeParsee",
    "Diff",
    "RapportImport",
    "calculer_diff",
    "importer_annexe",
    "preparer_import",
    "version_fdr",
]
