"""Campaign fixtures: the small world of `monde.py` and the real shipped referential."""

import pytest

from tests.campagnes.monde import construire_monde


@pytest.fixture
def monde(db):
    return construire_monde()


@pytest.fixture
def referentiel_reel(db):
    from jalon.referentiel.chargement import charger_referentiel_national
    from jalon.territoires.services import load_territoires

    load_territoires()
    charger_referentiel_national()
