"""Every DSFR icon class used in a template exists in the DSFR stylesheets served: an unknown
`fr-icon-…` class draws a plain square instead of the icon."""

import re
from pathlib import Path

import dsfr

import jalon

CSS = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist"
ICONE = re.compile(r"\bfr-icon-[a-z0-9-]+")


def test_every_icon_class_of_the_templates_exists_in_the_dsfr():
    connues = set()
    for feuille in ("utility/utility.min.css", "dsfr/dsfr.min.css"):
        connues |= set(re.findall(r"\.(fr-icon-[a-z0-9-]+)", (CSS / feuille).read_text()))
    utilisees = {
        (icone, str(chemin.relative_to(Path(jalon.__file__).parent)))
        for chemin in Path(jalon.__file__).parent.rglob("*.html")
        for icone in ICONE.findall(chemin.read_text(encoding="utf-8"))
    }
    assert utilisees, "aucune icône trouvée : le motif ne lit plus les gabarits"
    inconnues = sorted((chemin, icone) for icone, chemin in utilisees if icone not in connues)
    assert not inconnues, f"icônes absentes du DSFR : {inconnues}"
