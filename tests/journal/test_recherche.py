import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jalon.imports.cellules import neutraliser
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from tests.factories import CompteFactory

RECHERCHE = reverse("journal:recherche")
EXPORT = reverse("journal:export_csv")


@pytest.fixture
def admin(db):
    return CompteFactory(username="admin", admin=True)


@pytest.fixture
def entrees(admin):
    dgos = CompteFactory(username="dgos", pilote=True)
    journaliser(admin, "web", "creation", ("comptes.utilisateur", "7", "Nina Nouvelle"))
    journaliser(
        dgos,
        "api",
        "modification",
        ("saisies.valeur", "12", "A06INDM01 REG-32 2023"),
        {"valeur": "1"},
        {"valeur": "2"},
        motif="Correction SAE",
    )
    journaliser(None, "import", "import_referentiel", ("imports.executionimport", "3", "annexe"))


@pytest.mark.parametrize("trait", ["pilote", "referent_ars", "contributeur", None])
def test_everyone_but_national_admins_gets_403(client, db, trait):
    user = CompteFactory(**({trait: True} if trait else {}))
    client.force_login(user)
    assert client.get(RECHERCHE).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_anonymous_users_are_sent_to_login(client, db):
    for url in (RECHERCHE, EXPORT):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/connexion/" in response.url


def test_admin_lists_and_filters_entries(client, admin, entrees):
    client.force_login(admin)
    html = client.get(RECHERCHE).content.decode()
    assert "3 entrées" in html and "Nina Nouvelle" in html and "Correction SAE" in html

    def nombre(**params):
        return client.get(RECHERCHE, params).context["nombre"]

    assert nombre(utilisateur="dgo") == 1
    assert nombre(objet_type="saisies.valeur") == 1
    assert nombre(action="creation") == 1
    assert nombre(canal="import") == 1
    assert nombre(q="correction") == 1
    assert nombre(q="12") == 1
    assert nombre(du=timezone.localdate().isoformat()) == 3
    assert nombre(au=(timezone.localdate() - timedelta(days=1)).isoformat()) == 0
    response = client.get(RECHERCHE, {"du": "2024-02-02", "au": "2024-02-01"})
    assert response.context["nombre"] == 0
    assert "La date de début doit précéder la date de fin." in response.content.decode()


def test_pagination(client, admin):
    for n in range(55):
        journaliser(admin, "web", "modification", ("test.objet", str(n), f"objet {n}"))
    client.force_login(admin)
    page1 = client.get(RECHERCHE)
    assert len(page1.context["page_obj"]) == 50
    page2 = client.get(RECHERCHE, {"page": 2})
    assert len(page2.context["page_obj"]) == 5
    assert "objet 0" in page2.content.decode()


def test_csv_export_applies_the_filters_and_neutralises_formulas(client, admin):
    journaliser(
        admin,
        "web",
        "modification",
        ("test.objet", "1", '=HYPERLINK("http://x")'),
        motif="+33 1 02 03 04 05",
    )
    journaliser(admin, "web", "autre", ("test.objet", "2", "sans danger"))
    client.force_login(admin)
    response = client.get(EXPORT, {"action": "modification"})
    assert response["Content-Type"].startswith("text/csv")
    contenu = b"".join(response.streaming_content).decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(contenu), delimiter=";"))
    assert lignes[0][0] == "Horodatage" and len(lignes) == 2
    ligne = dict(zip(lignes[0], lignes[1], strict=True))
    assert ligne["Objet"] == '\'=HYPERLINK("http://x")'
    assert ligne["Motif"] == "'+33 1 02 03 04 05"
    assert ligne["Utilisateur"] == "admin"


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("normal", "normal"),
        ("a=b", "a=b"),
        (None, ""),
    ],
)
def test_neutraliser(valeur, attendu):
    assert neutraliser(valeur) == attendu


def test_admin_site_cannot_change_the_journal(client, admin, entrees):
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    entree = EntreeJournal.objects.first()
    assert client.get(reverse("admin:journal_entreejournal_changelist")).status_code == 200
    url = reverse("admin:journal_entreejournal_delete", args=[entree.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert EntreeJournal.objects.count() == 3
