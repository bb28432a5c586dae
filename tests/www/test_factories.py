import pytest

from tests.factories import (
    ActionVersionFactory,
    CorrespondanceFactory,
    IndicateurFactory,
    LienActionIndicateurFactory,
    OrganisationFactory,
    PopulationFactory,
    RattachementStrategieFactory,
    TerritoireFactory,
    UtilisateurFactory,
)


@pytest.mark.django_db
def test_factories_build_a_consistent_graph():
    d = OrganisationFactory(code="DGOS")
    av = ActionVersionFactory(numero="17 bis", pilotes=[d])
    assert av.rang == 1701 and av.pilotes_libelle == "DGOS" and av.action.cle == "action-17-bis"
    av2 = ActionVersionFactory(numero="17", axe=av.axe)
    assert av2.version == av.version
    i = IndicateurFactory(resultat=True)
    assert i.code.startswith("A01INDR")
    LienActionIndicateurFactory(action_version=av, indicateur=i)
    LienActionIndicateurFactory()
    d = TerritoireFactory(departement=True, cog="2A")
    assert d.code == "DEP-2A" and d.parent.parent.code == "FR"
    f = TerritoireFactory(france=True)
    assert f.parent is None
    PopulationFactory(territoire=d)
    u = UtilisateurFactory()
    assert u.check_password("motdepasse-test")
    RattachementStrategieFactory(action=av.action)
    CorrespondanceFactory(action=av.action)
    IndicateurFactory(ars=True)
