"""Fallback for checkouts without `jalon setup-demo` — DELETE this module once it exists.

`jalon setup-demo` loads every demo data set at once. While it is not in the checkout, the e2e
server loads what the existing commands can load, and journeys marked
`@pytest.mark.needs_demo_data(...)` whose data could not be loaded are reported as xfail
instead of failing.

To remove the fallback once `setup-demo` is in: in `server.py`, replace the call to
`load_with_fallback(...)` by `self.run("setup-demo")`; in `conftest.py`, delete
`pytest_configure` and `_xfail_without_demo_data`; delete the `needs_demo_data` marks of the
journeys and this file.
"""

from collections.abc import Callable
from pathlib import Path

TERRITOIRES = "territoires"
REFERENTIEL = "referentiel"
COMPTES_DEMO = "comptes-demo"
DATASETS = frozenset({TERRITOIRES, REFERENTIEL, COMPTES_DEMO})

ANNEX = Path("jalon/data/referentiel/annexe_instruction_2023_179.tsv")


def load_with_fallback(
    run: Callable[..., None], commands: set[str], project_dir: Path
) -> frozenset[str]:
    """Load the demo data sets the checkout can load; return the names of those loaded."""
    if "setup_demo" in commands:
        run("setup-demo")
        return DATASETS
    loaded = set()
    if "load_territoires" in commands:
        run("load-territoires")
        loaded.add(TERRITOIRES)
    if "import_referentiel" in commands and (project_dir / ANNEX).is_file():
        run("import-referentiel", str(project_dir / ANNEX))
        loaded.add(REFERENTIEL)
    elif "load_referentiel" in commands:
        run("load-referentiel")
        loaded.add(REFERENTIEL)
    if "create_demo_accounts" in commands:
        run("create-demo-accounts")
        loaded.add(COMPTES_DEMO)
    return frozenset(loaded)
