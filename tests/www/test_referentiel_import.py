"""Web import of the referential annex: simulation with its diff, then application."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jalon.imports.models import ExecutionImport
from jalon.journal.models import EntreeJournal
from jalon.referentiel.importation import importer_annexe, version_fdr
from jalon.referentiel.models import ActionVersion, Indicateur
from tests.factories import CompteFactory
from tests.referentiel.annexe_helpers import ANNEXE, lignes_annexe, trouver

pytestmark = pytest.mark.django_db

URL = "/referentiel/import/"
NOUVEAU_LIBELLE = "Nombre annuel d'appels reçus au 3114"


@pytest.fixture
def base(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    importer_annexe(None, ANNEXE, version_fdr("2023"))
    ExecutionImport.objects.all().delete()  # the tests count the runs they make


def annexe_modifiee() -> bytes:
    lignes = lignes_annexe()
    lignes[trouver(lignes, "A06INDM01")][3] = NOUVEAU_LIBELLE
    return "\n".join("\t".join(cellules) for cellules in lignes).encode("utf-8")


def deposer(client, contenu: bytes, nom="annexe.tsv", version="2023"):
    fichier = SimpleUploadedFile(nom, contenu, content_type="text/tab-separated-values")
    return client.post(URL, {"fichier": fichier, "version": version})


def libelle(code="A06INDM01") -> str:
    return Indicateur.objects.get(code=code).libelle


def fichiers_en_attente(settings) -> list[Path]:
    dossier = Path(settings.MEDIA_ROOT) / "imports" / "referentiel"
    return [p for p in dossier.rglob("*") if p.is_file()] if dossier.exists() else []


@pytest.fixture
def admin(client, base):
    client.force_login(CompteFactory(admin=True))
    return client


def test_admin_simulates_reads_the_diff_then_applies_it(admin, settings):
    page = admin.get(URL)
    assert page.status_code == 200
    assert "Comparer avec la base (simulation)" in page.content.decode()

    reponse = deposer(admin, annexe_modifiee())

    simulation = ExecutionImport.objects.get(statut=ExecutionImport.Statut.SIMULE)
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{URL}{simulation.pk}/"
    assert libelle() == "Nombre annuel d'appels au 3114"  # nothing written yet
    assert len(fichiers_en_attente(settings)) == 1
    html = admin.get(reponse["Location"]).content.decode()
    assert "Simulation : rien n'a encore été modifié" in html
    assert "A06INDM01" in html
    assert "Nombre annuel d&#x27;appels au 3114" in html
    assert "Nombre annuel d&#x27;appels reçus au 3114" in html
    assert "Appliquer ces modifications" in html

    reponse = admin.post(f"{URL}{simulation.pk}/appliquer/")

    appliquee = ExecutionImport.objects.get(statut=ExecutionImport.Statut.APPLIQUE)
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{URL}{appliquee.pk}/"
    assert libelle() == NOUVEAU_LIBELLE
    assert appliquee.diff == simulation.diff
    entree = EntreeJournal.objects.get(action="import_referentiel", utilisateur__isnull=False)
    assert entree.apres["indicateurs"]["modifications"] == 1
    assert fichiers_en_attente(settings) == []
    html = admin.get(reponse["Location"]).content.decode()
    assert "Les modifications de l&#x27;annexe sont appliquées." in html
    assert "Modifications appliquées" in html
    # The simulation links to its application and cannot be applied twice.
    html = admin.get(f"{URL}{simulation.pk}/").content.decode()
    assert "Cette simulation a été appliquée" in html
    assert "Appliquer ces modifications" not in html
    assert admin.post(f"{URL}{simulation.pk}/appliquer/").status_code == 409
    assert ExecutionImport.objects.filter(statut=ExecutionImport.Statut.APPLIQUE).count() == 1


def test_an_unchanged_file_says_so_and_keeps_nothing(admin, settings):
    reponse = deposer(admin, ANNEXE.read_bytes())

    execution = ExecutionImport.objects.get()
    assert execution.statut == ExecutionImport.Statut.INCHANGE
    html = admin.get(reponse["Location"]).content.decode()
    assert "Aucune différence" in html
    assert "Appliquer ces modifications" not in html
    assert fichiers_en_attente(settings) == []


def test_a_malformed_file_is_refused_with_line_and_column(admin, settings):
    lignes = lignes_annexe()
    lignes[trouver(lignes, "A06INDM01")][7] = "Planétaire"
    contenu = "\n".join("\t".join(c) for c in lignes).encode("utf-8")

    reponse = deposer(admin, contenu, nom="annexe-fausse.tsv")

    execution = ExecutionImport.objects.get()
    assert execution.statut == ExecutionImport.Statut.REFUSE
    html = admin.get(reponse["Location"]).content.decode()
    assert "Fichier refusé : rien n'a été modifié" in html
    assert "annexe-fausse.tsv, ligne" in html
    assert "colonne « Maille »" in html
    assert fichiers_en_attente(settings) == []
    assert libelle() == "Nombre annuel d'appels au 3114"


def test_a_wrong_extension_is_refused_by_the_form(admin):
    reponse = deposer(admin, b"%PDF-1.4", nom="annexe.pdf")

    assert reponse.status_code == 400
    assert "extension « .pdf » non acceptée" in reponse.content.decode()
    assert not ExecutionImport.objects.exists()


def test_a_simulation_is_not_applied_when_the_roadmap_changed_since(admin):
    deposer(admin, annexe_modifiee())
    simulation = ExecutionImport.objects.get()
    # Meanwhile, someone else applies another change to the same version.
    autre = lignes_annexe()
    autre[trouver(autre, "A06INDM02")][3] = "Nombre d'inclusions dans VigilanS"
    chemin = Path(simulation.fichier).name
    importer_annexe(
        None,
        SimpleUploadedFile(chemin, "\n".join("\t".join(c) for c in autre).encode()),
        version_fdr("2023"),
    )

    reponse = admin.post(f"{URL}{simulation.pk}/appliquer/")

    assert reponse.status_code == 409
    assert "La feuille de route a changé depuis cette simulation" in reponse.content.decode()
    assert libelle() == "Nombre annuel d'appels au 3114"


def test_a_newer_simulation_withdraws_the_older_one(admin, settings):
    deposer(admin, annexe_modifiee())
    deposer(admin, annexe_modifiee(), nom="annexe-bis.tsv")
    ancienne, recente = ExecutionImport.objects.order_by("debut")

    assert admin.post(f"{URL}{ancienne.pk}/appliquer/").status_code == 409
    assert libelle() == "Nombre annuel d'appels au 3114"
    assert len(fichiers_en_attente(settings)) == 1
    assert admin.post(f"{URL}{recente.pk}/appliquer/").status_code == 302
    assert libelle() == NOUVEAU_LIBELLE


def test_the_roadmap_page_links_the_import_for_admins_only(client, base):
    client.force_login(CompteFactory(admin=True))
    assert URL in client.get("/feuille-de-route/").content.decode()
    client.force_login(CompteFactory(pilote=True))
    assert URL not in client.get("/feuille-de-route/").content.decode()


@pytest.mark.parametrize("trait", ["pilote", "referent_ars", "contributeur", "lecteur"])
def test_other_roles_are_refused_everywhere_and_nothing_changes(client, base, trait):
    admin = CompteFactory(admin=True)
    client.force_login(admin)
    deposer(client, annexe_modifiee())
    simulation = ExecutionImport.objects.get()
    client.force_login(CompteFactory(**({trait: True} if trait != "lecteur" else {})))

    assert client.get(URL).status_code == 403
    assert deposer(client, annexe_modifiee()).status_code == 403
    assert client.get(f"{URL}{simulation.pk}/").status_code == 403
    assert client.post(f"{URL}{simulation.pk}/appliquer/").status_code == 403
    assert ExecutionImport.objects.count() == 1
    assert libelle() == "Nombre annuel d'appels au 3114"
    assert ActionVersion.objects.filter(version__code="2023").count() == 49


def test_anonymous_is_sent_to_login(client, base):
    for reponse in (client.get(URL), client.post(URL, {})):
        assert reponse.status_code == 302
        assert "/comptes/connexion/" in reponse["Location"]


def test_a_values_import_run_is_not_shown_here(admin):
    autre = ExecutionImport.objects.create(
        genre=ExecutionImport.Genre.VALEURS, nom_fichier="v.csv", statut="applique"
    )
    assert admin.get(f"{URL}{autre.pk}/").status_code == 404
    assert admin.post(f"{URL}{autre.pk}/appliquer/").status_code == 404
