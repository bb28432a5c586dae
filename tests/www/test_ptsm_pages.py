"""PTSM page (public; contacts for signed-in accounts) and its import page (national admin);
synthetic territories never count as PTSM."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jalon.imports.erreurs import FichierRefuse
from jalon.saisies.models import Valeur
from jalon.territoires.models import FichePTSM, Territoire
from jalon.territoires.ptsm_import import importer_ptsm
from tests.campagnes.monde import construire_monde

pytestmark = pytest.mark.django_db

FICHIER = (
    b"code;nom;departements;ctsm_signe;ctsm_signe_le;coordinateur_nom;coordinateur_email\n"
    b"PTSM-59-a;PTSM de la Flandre;59;oui;2021-06-30;Camille Durand;c.durand@example.org\n"
    b"PTSM-62-b;PTSM de l'Artois;62;non;;;\n"
)


@pytest.fixture
def monde(db):
    return construire_monde()


@pytest.fixture
def importes(monde):
    importer_ptsm(monde.u.admin, "ptsm.csv", FICHIER)
    return monde


def _texte(reponse) -> str:
    """The page's text as read: tags dropped, spaces collapsed."""
    sans_balises = re.sub(r"<[^>]+>", " ", reponse.content.decode())
    return re.sub(r"\s+", " ", html.unescape(sans_balises)).replace(" ,", ",")


def test_page_lists_registered_ptsm_per_region_with_counts(client, importes):
    page = _texte(client.get(reverse("www:ptsm")))

    assert "PTSM de la Flandre" in page and "Nord (59)" in page
    assert "CTSM signé le 30 juin 2021" in page and "CTSM non signé" in page
    assert "PTSM enregistrés dans Jalon : 2, dont 1 avec un CTSM signé" in page
    # No contact for the public.
    assert "Camille Durand" not in page and "c.durand@example.org" not in page


def test_signed_in_accounts_see_the_coordinator(client, importes):
    client.force_login(importes.u.lecteur)

    page = _texte(client.get(reverse("www:ptsm")))

    assert "Camille Durand" in page and "c.durand@example.org" in page


def test_without_registered_ptsm_the_documents_and_values_are_shown_labelled(client, monde):
    Valeur.objects.create(
        indicateur=_indicateur("A015INDR01"),
        territoire=monde.fr,
        periode="2023",
        valeur=81,
        statut=Valeur.Statut.VALIDEE,
        source="DMSMP (bilan)",
    )

    page = _texte(client.get(reverse("www:ptsm")))

    assert "PTSM enregistrés dans Jalon : 0" in page
    assert "hors liste enregistrée" in page
    assert "104 PTSM sont actifs" in page  # seed 001, quoted with its source
    assert "Bilan 2023 de la feuille de route" in page
    assert "les CTSM des 8 territoires de la région sont en cours" in page  # seed 004, HDF
    assert "A015INDR01" in page and "81" in page and "source : DMSMP (bilan)" in page


def test_unvalidated_values_are_not_shown_to_the_public(client, monde):
    Valeur.objects.create(
        indicateur=_indicateur("A015INDR01"),
        territoire=monde.nord,
        periode="2024",
        valeur=3,
        statut=Valeur.Statut.BROUILLON,
    )

    assert "A015INDR01" not in _texte(client.get(reverse("www:ptsm")))
    client.force_login(monde.u.lecteur)
    assert "non validée" in _texte(client.get(reverse("www:ptsm")))


def test_synthetic_territories_are_not_counted_as_ptsm(client, importes):
    synthetique = Territoire.objects.create(
        code="PTSM-SYN-59-01",
        niveau="ptsm",
        nom="Territoire synthétique 59-01 (Nord) (fictif)",
        parent=importes.nord,
    )
    fiche = FichePTSM.objects.create(territoire=synthetique)
    fiche.departements.set([importes.nord])

    page = _texte(client.get(reverse("www:ptsm")))
    comptes = client.get("/api/v1/ptsm/comptes").json()

    assert "Territoire synthétique" not in page
    assert "1 territoires synthétiques (fictifs)" in page
    assert comptes["ptsm"] == 2
    assert "PTSM-SYN-59-01" not in {p["code"] for p in client.get("/api/v1/ptsm").json()["items"]}


def test_admin_checks_then_imports_a_file(client, monde):
    client.force_login(monde.u.admin)
    url = reverse("www:ptsm_importer")

    essai = client.post(url, {"fichier": SimpleUploadedFile("ptsm.csv", FICHIER), "essai": "on"})
    assert essai.status_code == 200 and "2 seraient créés" in _texte(essai)
    assert not FichePTSM.objects.exists()

    reponse = client.post(url, {"fichier": SimpleUploadedFile("ptsm.csv", FICHIER)})
    assert reponse.status_code == 302 and FichePTSM.objects.count() == 2


def test_a_refused_file_lists_its_errors_and_changes_nothing(client, monde):
    client.force_login(monde.u.admin)
    mauvais = FICHIER + b"PTSM-x;Sans departement;;oui;;;\n"

    reponse = client.post(
        reverse("www:ptsm_importer"), {"fichier": SimpleUploadedFile("ptsm.csv", mauvais)}
    )
    page = _texte(reponse)

    assert reponse.status_code == 422
    assert "ptsm.csv, ligne 4, colonne « departements » : « » : valeur obligatoire" in page
    assert not FichePTSM.objects.exists()


@pytest.mark.parametrize("compte", ["ars", "pilote", "lecteur"])
def test_only_the_national_admin_reaches_the_import(client, monde, compte):
    client.force_login(getattr(monde.u, compte))
    url = reverse("www:ptsm_importer")

    assert client.get(url).status_code == 403
    assert client.post(url, {"fichier": SimpleUploadedFile("ptsm.csv", FICHIER)}).status_code == 403
    assert not FichePTSM.objects.exists()


def test_anonymous_is_sent_to_login_for_the_import(client, monde):
    assert client.get(reverse("www:ptsm_importer")).status_code == 302


def _indicateur(code):
    from tests.factories import IndicateurFactory

    return IndicateurFactory(
        code=code, ars=True, maille="departementale", libelle="Nombre de CTSM signés"
    )


def test_the_empty_template_has_the_schema_header_and_imports_as_is(client, monde):
    reponse = client.get(reverse("www:ptsm_modele"))
    entete = reponse.content.decode("utf-8-sig").strip()

    assert entete.split(";")[:4] == ["code", "nom", "departements", "ctsm_signe"]
    with pytest.raises(FichierRefuse, match="aucune ligne de PTSM"):
        importer_ptsm(monde.u.admin, "ptsm-modele.csv", reponse.content)
