import pytest

from tests.saisies.monde import construire_monde


@pytest.fixture
def monde(db):
    return construire_monde()
