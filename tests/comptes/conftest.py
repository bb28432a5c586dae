import pytest

from tests.comptes.monde import build_world


@pytest.fixture
def monde(db):
    return build_world()
