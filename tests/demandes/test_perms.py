"""Who reads which request: `perms.demandes_visibles`, `can_read_demande`,
`can_answer_demande`, `regions_lisibles_demande`."""

import pytest

from jalon.demandes.models import Demande
from jalon.territoires import perms
from tests.demandes.conftest import nouvelle_demande


@pytest.fixture
def demandes(monde):
    return {
        "hdf": nouvelle_demande(monde, titre="Pour HDF", regions=[monde.hdf]),
        "idf": nouvelle_demande(monde, titre="Pour IDF", regions=[monde.idf]),
        "brouillon": nouvelle_demande(monde, titre="Brouillon", publier=False),
    }


def _titres(user):
    return set(perms.demandes_visibles(user, Demande.objects.all()).values_list("titre", flat=True))


def test_the_national_admin_reads_every_request(monde, demandes):
    assert _titres(monde.u.admin) == {"Pour HDF", "Pour IDF", "Brouillon"}
    assert set(
        perms.regions_lisibles_demande(monde.u.admin, demandes["brouillon"]).values_list(
            "code", flat=True
        )
    ) == {"REG-32", "REG-11"}


def test_an_ars_reads_only_published_requests_targeting_its_region(monde, demandes):
    assert _titres(monde.u.ars) == {"Pour HDF"}
    assert perms.can_read_demande(monde.u.ars, demandes["hdf"])
    assert not perms.can_read_demande(monde.u.ars, demandes["idf"])
    assert not perms.can_read_demande(monde.u.ars, demandes["brouillon"])


def test_an_ars_reads_only_its_own_regions_answer(monde):
    demande = nouvelle_demande(monde)

    assert list(perms.regions_lisibles_demande(monde.u.ars, demande)) == [monde.hdf]
    assert perms.can_answer_demande(monde.u.ars, demande, monde.hdf)
    assert not perms.can_answer_demande(monde.u.ars, demande, monde.idf)


@pytest.mark.parametrize("compte", ["pilote", "lecteur"])
def test_other_users_read_nothing(monde, demandes, compte):
    user = getattr(monde.u, compte)

    assert _titres(user) == set()
    assert not perms.can_read_demande(user, demandes["hdf"])
    assert not perms.regions_lisibles_demande(user, demandes["hdf"]).exists()
    assert not perms.can_answer_demande(user, demandes["hdf"], monde.hdf)


def test_anonymous_reads_nothing(monde, demandes):
    from django.contrib.auth.models import AnonymousUser

    assert _titres(AnonymousUser()) == set()


def test_an_inactive_ars_reads_nothing(monde, demandes):
    monde.u.ars.is_active = False
    monde.u.ars.save()

    assert _titres(monde.u.ars) == set()
