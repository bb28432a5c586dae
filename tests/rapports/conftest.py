from types import SimpleNamespace

import pytest

from tests.factories import CompteFactory, TerritoireFactory, referentiel_minimal


@pytest.fixture
def ref(db):
    return referentiel_minimal()


@pytest.fixture
def comptes(ref):
    region = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France")
    return SimpleNamespace(
        admin=CompteFactory(admin=True, username="admin"),
        dgos=CompteFactory(pilote=True, organisation=ref.organisations["DGOS"], username="dgos"),
        dgs=CompteFactory(pilote=True, organisation=ref.organisations["DGS"], username="dgs"),
        ars=CompteFactory(referent_ars=True, territoire=region, username="ars"),
        lecteur=CompteFactory(username="lecteur"),
        region=region,
    )


@pytest.fixture(autouse=True)
def media_temporaire(tmp_path, settings):
    """Builds, publications and chart drawings go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
