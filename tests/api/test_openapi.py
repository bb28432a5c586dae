"""The OpenAPI document is valid and the API answers as it says (schemathesis, every read
operation, against the WSGI app with a loaded database); conditional reads answer 304."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from jalon.territoires.services import load_territoires


@pytest.fixture
def donnees(db):
    load_territoires()


@pytest.fixture
def connexion_gardee():
    """The raw WSGI app closes the database connection at the end of each request; inside the
    test's transaction that would close it for good on PostgreSQL (SQLite's in-memory database
    ignores it). Django's test client does the same disconnection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_read_operation_conforms_to_the_openapi_document(donnees, connexion_gardee):
    """schemathesis checks the document itself, then calls every GET operation with generated
    parameters and validates status codes, headers and bodies against the document."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [r.ok() for r in schema.include(method="GET").get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def appeler(case):
            reponse = case.call_and_validate()
            # Conditional reads are promised on every read, not only the ones tested below.
            if reponse.status_code == 200:
                entetes = {nom.lower() for nom in reponse.headers}
                assert "etag" in entetes, f"{case.method} {case.formatted_path} sans ETag"

        appeler()


def test_api_reads_carry_an_etag_and_answer_304_when_unchanged(client, donnees):
    reponse = client.get("/api/v1/territoires?niveau=region")
    assert reponse.status_code == 200
    etag = reponse["ETag"]
    assert etag.startswith('"') and "Cookie" in reponse["Vary"]
    encore = client.get("/api/v1/territoires?niveau=region", HTTP_IF_NONE_MATCH=etag)
    assert encore.status_code == 304 and encore.content == b""
    assert encore["ETag"] == etag
    autre = client.get("/api/v1/territoires?niveau=departement", HTTP_IF_NONE_MATCH=etag)
    assert autre.status_code == 200


def test_last_modified_follows_the_latest_value_change(client, donnees):
    from tests.factories import IndicateurFactory
    from tests.tableaux.conftest import valeur

    indicateur = IndicateurFactory(code="A06INDM01")
    valeur(indicateur, "FR", "2023", 10)
    reponse = client.get("/api/v1/valeurs")
    date = reponse["Last-Modified"]
    assert client.get("/api/v1/valeurs", HTTP_IF_MODIFIED_SINCE=date).status_code == 304
    valeur(indicateur, "FR", "2024", 11)
    nouvelle = client.get("/api/v1/valeurs", HTTP_IF_NONE_MATCH=reponse["ETag"])
    assert nouvelle.status_code == 200 and '"2024"' in nouvelle.content.decode()
