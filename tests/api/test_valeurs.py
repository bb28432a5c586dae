import json
from decimal import Decimal

import pytest

from jalon.comptes.models import ApiToken
from jalon.journal.models import EntreeJournal
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.services import (
    enregistrer_valeur,
    renvoyer_valeur,
    soumettre_valeurs,
    valider_valeurs,
)
from tests.saisies.monde import construire_monde

URL = "/api/v1/valeurs"


@pytest.fixture
def monde(db):
    return construire_monde()


@pytest.fixture
def valeurs(monde):
    """One value per status for the ARS indicator of Hauts-de-France."""
    admin, ars = monde.u.admin, monde.u.ars
    resultat = {}
    for periode, statut in [
        ("2020", "brouillon"),
        ("2021", "soumise"),
        ("2022", "validee"),
        ("2023", "renvoyee"),
    ]:
        v = enregistrer_valeur(
            ars, monde.ind.ars, monde.hdf, periode, "10", canal=Valeur.Canal.FORMULAIRE
        )
        if statut != "brouillon":
            soumettre_valeurs(ars, [v])
        if statut == "validee":
            valider_valeurs(admin, [v])
        if statut == "renvoyee":
            renvoyer_valeur(admin, v, "à revoir")
        resultat[statut] = v
    return resultat


def entete(user):
    _, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def poster(client, donnees, **extra):
    return client.post(URL, json.dumps(donnees), content_type="application/json", **extra)


# --- Read ----------------------------------------------------------------------------------


def test_anonymous_sees_validated_values_only(client, valeurs):
    reponse = client.get(URL).json()
    assert reponse["count"] == 1
    [item] = reponse["items"]
    assert item["statut"] == "validee" and item["periode"] == "2022"
    assert item["indicateur"] == "A017quaterINDM01" and item["territoire"] == "REG-32"
    assert item["valeur"] == "10"
    for statut in ["brouillon", "soumise", "renvoyee"]:
        assert client.get(URL, {"statut": statut}).json()["count"] == 0


def test_signed_in_and_token_see_work_in_progress(client, monde, valeurs):
    assert client.get(URL, **entete(monde.u.lecteur)).json()["count"] == 4
    client.force_login(monde.u.ars_idf)
    assert client.get(URL, {"statut": "soumise"}).json()["count"] == 1


def test_filters(client, monde, valeurs):
    client.force_login(monde.u.lecteur)
    assert (
        client.get(URL, {"indicateur": "A017quaterINDM01", "periode": "2021"}).json()["count"] == 1
    )
    assert client.get(URL, {"territoire": "REG-11"}).json()["count"] == 0


def test_pages_walk_every_value_once_with_next_and_previous_links(client, monde, valeurs):
    client.force_login(monde.u.lecteur)
    complete = client.get(URL).json()
    assert complete["count"] == 4 and complete["next"] is None and complete["previous"] is None
    vues = []
    page = client.get(URL, {"limit": 1}).json()
    assert page["previous"] is None and page["count"] == 4
    while True:
        vues += [(v["periode"], v["statut"]) for v in page["items"]]
        if page["next"] is None:
            break
        precedente = page
        page = client.get(page["next"]).json()
        assert client.get(page["previous"]).json() == precedente
    assert vues == [(v["periode"], v["statut"]) for v in complete["items"]]
    assert len(set(vues)) == 4
    filtree = client.get(URL, {"limit": 1, "statut": "soumise", "periode": "2021"}).json()
    assert filtree["count"] == 1 and filtree["next"] is None
    deux = client.get(URL, {"limit": 1, "periode": "2021"}).json()
    assert deux["next"] is None


def test_count_is_null_beyond_the_bound_but_exact_on_the_last_page(
    client, monde, valeurs, monkeypatch
):
    from jalon.api import pagination

    monkeypatch.setattr(pagination, "BORNE_COMPTE", 2)
    client.force_login(monde.u.lecteur)
    premiere = client.get(URL, {"limit": 1}).json()
    assert premiere["count"] is None and "offset=1" in premiere["next"]
    assert client.get(URL, {"limit": 1, "offset": 3}).json()["count"] == 4
    assert client.get(URL, {"limit": 1, "offset": 9}).json()["count"] is None
    assert client.get(URL, {"limit": 1, "statut": "soumise"}).json()["count"] == 1


def test_links_keep_the_filters(client, monde, valeurs):
    client.force_login(monde.u.lecteur)
    page = client.get(URL, {"limit": 1, "indicateur": "A017quaterINDM01"}).json()
    assert "indicateur=A017quaterINDM01" in page["next"] and "limit=1" in page["next"]
    assert page["next"].startswith("http://testserver/api/v1/valeurs?")


def test_value_list_reads_no_exact_count_and_a_bounded_number_of_queries(
    client, monde, valeurs, django_assert_max_num_queries
):
    client.force_login(monde.u.lecteur)
    client.get(URL)
    # Session, user, the page (with its indicator and territory), the bounded count, the
    # conditional read's latest change.
    with django_assert_max_num_queries(5) as requetes:
        assert client.get(URL, {"limit": 1}).json()["count"] == 4
    assert not any(
        "COUNT" in q["sql"] and "LIMIT" not in q["sql"] for q in requetes.captured_queries
    )


def test_wrong_token_is_refused_not_read_as_anonymous(client, valeurs):
    reponse = client.get(URL, HTTP_AUTHORIZATION="Bearer jalon_faux_jeton")
    assert reponse.status_code == 401
    assert "Jeton" in reponse.json()["detail"]


# --- Batch write ---------------------------------------------------------------------------


def lot(*elements):
    return {"valeurs": list(elements)}


def element(
    indicateur="A017quaterINDM01", territoire="REG-32", periode="2023", valeur="1 333", **k
):
    return {
        "indicateur": indicateur,
        "territoire": territoire,
        "periode": periode,
        "valeur": valeur,
        **k,
    }


def test_batch_with_token_writes_drafts_through_the_services(client, monde):
    reponse = poster(
        client,
        lot(element(), element(indicateur="A015INDR01", territoire="DEP-59", valeur=4)),
        **entete(monde.u.ars),
    )
    assert reponse.status_code == 200, reponse.content
    corps = reponse.json()
    assert corps["enregistrees"] == 2 and corps["modifiees"] == 2
    assert [v["valeur"] for v in corps["valeurs"]] == ["1333", "4"]
    assert set(Valeur.objects.values_list("statut", "canal").distinct()) == {("brouillon", "api")}
    assert HistoriqueValeur.objects.filter(canal="api").count() == 2
    assert EntreeJournal.objects.filter(canal="api", action="valeur_creation").count() == 2


def test_batch_is_all_or_nothing_with_indexed_french_errors(client, monde):
    reponse = poster(
        client,
        lot(
            element(),
            element(valeur="1,333,000"),
            element(territoire="DEP-59"),
            element(indicateur="A99INDM99"),
        ),
        **entete(monde.u.ars),
    )
    assert reponse.status_code == 400
    erreurs = reponse.json()["erreurs"]
    assert [(e["index"], e["code"]) for e in erreurs] == [
        (1, "invalide"),
        (2, "invalide"),
        (3, "introuvable"),
    ]
    assert "virgule" in erreurs[0]["message"]
    assert "ne convient pas" in erreurs[1]["message"]
    assert not Valeur.objects.exists()
    assert not EntreeJournal.objects.filter(objet_type="saisies.valeur").exists()


@pytest.mark.parametrize(
    ("compte", "indicateur", "territoire"),
    [
        ("ars", "A017quaterINDM01", "REG-11"),  # another region
        ("ars", "A017quaterINDR01", "REG-32"),  # provided by DGOS
        ("pilote", "A017quaterINDM01", "REG-32"),  # filled by the ARS
        ("contributeur", "A015INDR01", "DEP-59"),
        ("lecteur", "A017quaterINDM01", "REG-32"),
    ],
)
def test_batch_refused_without_rights(client, monde, compte, indicateur, territoire):
    reponse = poster(
        client,
        lot(element(indicateur=indicateur, territoire=territoire)),
        **entete(getattr(monde.u, compte)),
    )
    assert reponse.status_code == 403
    assert "pas le droit" in reponse.json()["erreurs"][0]["message"]
    assert not Valeur.objects.exists()


def test_batch_needs_authentication(client, monde):
    assert poster(client, lot(element())).status_code == 401
    assert not Valeur.objects.exists()


def test_version_conflict_is_409_and_keeps_the_stored_value(client, monde):
    v = enregistrer_valeur(
        monde.u.admin, monde.ind.ars, monde.hdf, "2023", "100", canal=Valeur.Canal.FORMULAIRE
    )
    enregistrer_valeur(
        monde.u.admin,
        monde.ind.ars,
        monde.hdf,
        "2023",
        "120",
        version_lue=v.version,
        canal=Valeur.Canal.FORMULAIRE,
    )
    reponse = poster(client, lot(element(valeur="130", version_lue=1)), **entete(monde.u.ars))
    assert reponse.status_code == 409
    [erreur] = reponse.json()["erreurs"]
    assert erreur["code"] == "conflit" and "valeur enregistrée 120" in erreur["message"]
    assert Valeur.objects.get().valeur == Decimal("120")


def test_warnings_are_listed(client, monde):
    enregistrer_valeur(
        monde.u.ars, monde.ind.ars, monde.hdf, "2022", "100", canal=Valeur.Canal.FORMULAIRE
    )
    reponse = poster(client, lot(element(valeur="500")), **entete(monde.u.ars))
    assert reponse.status_code == 200
    [avertissement] = reponse.json()["avertissements"]
    assert avertissement["index"] == 0 and avertissement["code"] == "saut"


def test_json_numbers_are_read_exactly(client, monde):
    reponse = poster(client, lot(element(valeur=94.5)), **entete(monde.u.ars))
    assert reponse.status_code == 200
    assert Valeur.objects.get().valeur == Decimal("94.5")


def test_session_write_needs_csrf(monde):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(monde.u.ars)
    assert poster(client, lot(element())).status_code in {401, 403}
    assert not Valeur.objects.exists()


def test_batch_respects_the_campaign_lock(client, monde):
    """After the deadline the API refuses entry like the grid does, and writes nothing."""
    import datetime

    from jalon.campagnes.models import Campagne

    passe = datetime.date(2023, 12, 1)
    Campagne.objects.create(
        annee=2023,
        echeance_valeurs_regionales=passe,
        echeance_valeurs_nationales=passe,
        echeance_bilan_regional=passe,
        echeance_bilan_national=passe,
    )

    reponse = poster(client, lot(element()), **entete(monde.u.ars))

    assert reponse.status_code == 400
    assert "la saisie est fermée" in reponse.json()["erreurs"][0]["message"]
    assert not Valeur.objects.exists()

    # The national admin is never locked out.
    assert poster(client, lot(element()), **entete(monde.u.admin)).status_code == 200
