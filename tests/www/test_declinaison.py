"""The national admin decides whether an action calls for a regional declination."""

import pytest

from jalon.journal.models import EntreeJournal
from jalon.referentiel.models import ActionVersion
from tests.factories import CompteFactory, referentiel_minimal

pytestmark = pytest.mark.django_db

URL = "/feuille-de-route/2023/actions/6/declinaison/"


@pytest.fixture
def ref():
    return referentiel_minimal()


def _etat(action_version):
    action_version.refresh_from_db()
    return (
        action_version.declinaison_regionale,
        action_version.declinaison_statut,
        action_version.declinaison_motif,
    )


def test_admin_sees_the_form_and_validates_a_proposal(client, ref):
    client.force_login(CompteFactory(admin=True))
    page = client.get("/feuille-de-route/2023/actions/6/").content.decode()
    assert "Décider de la déclinaison régionale" in page

    response = client.post(URL, {"declinaison": "non", "motif": "Projet purement national."})

    assert response.status_code == 302
    assert _etat(ref.actions["6"]) == ("non", "validee", "Projet purement national.")
    entree = EntreeJournal.objects.get(action="decision_declinaison")
    assert entree.avant["declinaison_statut"] == "proposee"
    assert entree.apres["declinaison_regionale"] == "non"
    assert entree.canal == "web"
    suivante = client.get(response.url).content.decode()
    assert "Décision sur la déclinaison régionale enregistrée." in suivante


@pytest.mark.parametrize("trait", ["pilote", "referent_ars", "contributeur", "lecteur"])
def test_other_roles_are_refused_and_nothing_changes(client, ref, trait):
    kwargs = {trait: True} if trait != "lecteur" else {}
    client.force_login(CompteFactory(**kwargs))
    avant = _etat(ref.actions["6"])

    assert (
        "Décider de la déclinaison"
        not in client.get("/feuille-de-route/2023/actions/6/").content.decode()
    )
    assert client.post(URL, {"declinaison": "non", "motif": "x"}).status_code == 403
    assert _etat(ref.actions["6"]) == avant
    assert not EntreeJournal.objects.exists()


def test_anonymous_is_sent_to_login(client, ref):
    response = client.post(URL, {"declinaison": "non", "motif": "x"})
    assert response.status_code == 302
    assert "/comptes/connexion/" in response.url
    assert _etat(ref.actions["6"])[1] == ActionVersion.StatutDeclinaison.PROPOSEE


@pytest.mark.parametrize(
    ("donnees", "message"),
    [
        ({"declinaison": "peut-etre", "motif": "x"}, "Sélectionnez un choix valide"),
        ({"declinaison": "oui", "motif": ""}, "Ce champ est obligatoire"),
    ],
)
def test_invalid_decision_is_refused_in_french_and_changes_nothing(client, ref, donnees, message):
    client.force_login(CompteFactory(admin=True))
    avant = _etat(ref.actions["6"])

    response = client.post(URL, donnees)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _etat(ref.actions["6"]) == avant


def test_a_validated_decision_survives_a_reload_of_the_complements(ref):
    """The complements never override a decision marked validated (see complements.py)."""
    from jalon.referentiel.services import decider_declinaison

    admin = CompteFactory(admin=True)
    decider_declinaison(admin, ref.actions["6"], "non", "Décision DMSMP", canal="commande")
    assert _etat(ref.actions["6"]) == ("non", "validee", "Décision DMSMP")
