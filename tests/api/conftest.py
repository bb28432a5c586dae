import pytest

from tests.factories import referentiel_minimal


@pytest.fixture
def referentiel(db):
    return referentiel_minimal()
