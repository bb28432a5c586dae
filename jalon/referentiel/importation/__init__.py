"""Import of the national roadmap annex: parse and validate, compute a diff, apply it.

annexe = preparer_import(path)               # AnnexeParsee, or FichierRefuse
diff = calculer_diff(annexe, version)        # Diff, nothing written
rapport = importer_annexe(user, path, version, dry_run=False)
rapport = simuler_annexe(user, uploaded_file, version)   # web: dry run, file kept
rapport = appliquer_simulation(user, simulated_run)      # web: apply what was shown
"""

from jalon.referentiel.importation.diff import Diff, calculer_diff
from jalon.referentiel.importation.lecture import AnnexeParsee, preparer_import
from jalon.referentiel.importation.service import (
    RapportImport,
    SimulationInapplicable,
    appliquer_simulation,
    importer_annexe,
    simuler_annexe,
    version_fdr,
)

__all__ = [
    "AnnexeParsee",
    "Diff",
    "RapportImport",
    "SimulationInapplicable",
    "appliquer_simulation",
    "calculer_diff",
    "importer_annexe",
    "preparer_import",
    "simuler_annexe",
    "version_fdr",
]
