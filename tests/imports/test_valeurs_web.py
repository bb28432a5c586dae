"""Upload page, background task (immediate backend in tests), progress, report, template."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jalon.imports import progression
from jalon.imports.models import ExecutionImport
from jalon.imports.tasks import importer_valeurs_en_tache
from jalon.saisies.models import Valeur
from tests.factories import MOT_DE_PASSE_TEST
from tests.imports.valeurs_monde import construire_monde, texte_csv

URL = "/imports/valeurs/"


@pytest.fixture
def monde(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return construire_monde()


def connecter(client, user):
    assert client.login(username=user.username, password=MOT_DE_PASSE_TEST)
    return client


def deposer(client, lignes, nom="valeurs.csv", **donnees):
    contenu = texte_csv(lignes).encode("utf-8")
    fichier = SimpleUploadedFile(nom, contenu, content_type="text/csv")
    return client.post(URL, {"fichier": fichier, **donnees})


def test_upload_runs_the_task_and_shows_the_report(client, monde):
    connecter(client, monde.u.pilote)
    reponse = deposer(client, [["A017quaterINDR01", "REG-32", "2023", "1 333", "SAE", ""]])
    execution = ExecutionImport.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{URL}{execution.pk}/"
    assert execution.statut == ExecutionImport.Statut.APPLIQUE
    assert (execution.lignes_traitees, execution.lignes_total, execution.fichier) == (1, 1, "")
    assert Valeur.objects.get().valeur == 1333
    page = client.get(reponse["Location"]).content.decode()
    assert "Import terminé" in page and "100 %" in page and "hx-trigger" not in page
    # The stored upload and the progress file are removed once the run is over.
    assert not list((progression.chemin(execution.pk).parents[1] / "depots").iterdir())


def test_refused_upload_shows_grouped_rows(client, monde):
    connecter(client, monde.u.ars)
    deposer(
        client,
        [
            ["A017quaterINDM01", "REG-32", "2023", "4"],
            ["A017quaterINDM01", "REG-11", "2023", "5"],
            ["A017quaterINDM01", "REG-11", "2022", "5"],
        ],
    )
    execution = ExecutionImport.objects.get()
    assert execution.statut == ExecutionImport.Statut.REFUSE
    page = client.get(f"{URL}{execution.pk}/").content.decode()
    assert "Fichier refusé : rien n'a été modifié" in page
    assert "Saisie non autorisée pour votre compte" in page and "Lignes 3-4." in page
    assert not Valeur.objects.exists()


def test_dry_run_from_the_page(client, monde):
    connecter(client, monde.u.admin)
    deposer(client, [["A017quaterINDM01", "REG-32", "2023", "4"]], dry_run="on")
    execution = ExecutionImport.objects.get()
    assert execution.statut == ExecutionImport.Statut.SIMULE and execution.dry_run
    assert execution.compteurs["a_creer"] == 1
    assert not Valeur.objects.exists()


@pytest.mark.parametrize(
    ("nom", "contenu", "attendu"),
    [
        ("valeurs.txt", b"a\tb", "non acceptée"),
        ("valeurs.xlsx", b"indicateur;territoire", "pas un classeur .xlsx valide"),
        ("valeurs.csv", b"PK\x03\x04\x00\x00", "pas un texte CSV"),
        ("valeurs.xlsm", b"PK\x03\x04", "macros"),
    ],
)
def test_upload_checks_extension_and_content(client, monde, nom, contenu, attendu):
    connecter(client, monde.u.admin)
    reponse = client.post(URL, {"fichier": SimpleUploadedFile(nom, contenu)})
    assert reponse.status_code == 400
    assert attendu in reponse.content.decode()
    assert not ExecutionImport.objects.exists()


def test_upload_size_limit(client, monde, settings):
    settings.JALON_IMPORT_MAX_BYTES = 10
    connecter(client, monde.u.admin)
    reponse = deposer(client, [["A017quaterINDM01", "REG-32", "2023", "4"]])
    assert reponse.status_code == 400
    assert "au-delà de la limite de 10 octets" in reponse.content.decode()


@pytest.mark.parametrize("compte", ["contributeur", "lecteur"])
def test_page_refused_without_the_right_role(client, monde, compte):
    connecter(client, getattr(monde.u, compte))
    assert client.get(URL).status_code == 403
    assert deposer(client, [["A017quaterINDM01", "REG-32", "2023", "4"]]).status_code == 403
    assert not ExecutionImport.objects.exists()


def test_anonymous_is_sent_to_login(client, monde):
    assert client.get(URL).status_code == 302


def test_a_run_is_visible_to_its_author_and_admins_only(client, monde):
    connecter(client, monde.u.ars)
    deposer(client, [["A017quaterINDM01", "REG-32", "2023", "4"]])
    execution = ExecutionImport.objects.get()
    client.logout()
    connecter(client, monde.u.ars_idf)
    assert client.get(f"{URL}{execution.pk}/").status_code == 404
    assert client.get(f"{URL}{execution.pk}/progression/").status_code == 404
    client.logout()
    connecter(client, monde.u.admin)
    assert client.get(f"{URL}{execution.pk}/").status_code == 200


def test_progress_of_a_waiting_then_running_task_is_polled(client, monde):
    connecter(client, monde.u.pilote)
    execution = ExecutionImport.objects.create(
        genre=ExecutionImport.Genre.VALEURS,
        nom_fichier="gros.csv",
        utilisateur=monde.u.pilote,
        statut=ExecutionImport.Statut.EN_COURS,
    )
    progression.Suivi(execution_id=execution.pk).signaler(250, 1000, final=False)
    fragment = client.get(
        f"{URL}{execution.pk}/progression/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert 'value="25"' in fragment and "250 lignes lues sur environ 1" in fragment
    # The full page loads htmx, without which the block above would never poll.
    page = client.get(f"{URL}{execution.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "django_htmx/htmx-2.min" in page


def test_task_reports_progress_up_to_100_percent(monde, tmp_path, settings):
    lignes = [
        ["A020INDM01", "FR", f"{a}-{m:02d}", "1"] for a in range(2000, 2010) for m in range(1, 13)
    ]
    depot = tmp_path / "media" / "imports" / "depots"
    depot.mkdir(parents=True)
    (depot / "x.csv").write_text(texte_csv(lignes), encoding="utf-8")
    execution = ExecutionImport.objects.create(
        genre=ExecutionImport.Genre.VALEURS,
        nom_fichier="mensuel.csv",
        utilisateur=monde.u.pilote,
        statut=ExecutionImport.Statut.EN_ATTENTE,
        fichier="imports/depots/x.csv",
    )
    vus = []
    ecrire = progression.Suivi._ecrire

    def espion(self, donnees):
        vus.append(dict(donnees))
        ecrire(self, donnees)

    progression.Suivi._ecrire = espion
    try:
        resultat = importer_valeurs_en_tache.enqueue(execution.pk)
    finally:
        progression.Suivi._ecrire = ecrire
    assert resultat.return_value == ExecutionImport.Statut.APPLIQUE
    assert vus[-1]["final"] and vus[-1]["lignes"] == vus[-1]["total"] == 121
    assert progression.pourcentage(vus[-1]["lignes"], vus[-1]["total"]) == 100
    assert Valeur.objects.count() == 120
    assert progression.lire(execution.pk) is None


def test_task_rechecks_the_users_rights(monde, tmp_path):
    depot = tmp_path / "media" / "imports" / "depots"
    depot.mkdir(parents=True)
    (depot / "x.csv").write_text(texte_csv([["A017quaterINDM01", "REG-32", "2023", "4"]]))
    execution = ExecutionImport.objects.create(
        genre=ExecutionImport.Genre.VALEURS,
        nom_fichier="x.csv",
        utilisateur=monde.u.lecteur,
        statut=ExecutionImport.Statut.EN_ATTENTE,
        fichier="imports/depots/x.csv",
    )
    importer_valeurs_en_tache.enqueue(execution.pk)
    execution.refresh_from_db()
    assert execution.statut == ExecutionImport.Statut.REFUSE
    assert "importent des valeurs" in execution.erreurs[0]["exemples"][0]
    assert not Valeur.objects.exists()


# --- Template download -----------------------------------------------------------------------


def lire_modele(reponse):
    texte = reponse.content.decode("utf-8")
    assert texte.startswith("\ufeff")
    return [ligne.split(";") for ligne in texte[1:].strip().split("\r\n")]


def test_template_of_a_regional_indicator_for_a_pilot(client, monde):
    monde.ind.dgos.source = "=SOMME(A1)"
    monde.ind.dgos.save()
    connecter(client, monde.u.pilote)
    reponse = client.get(
        reverse("www:import_valeurs_modele", args=["A017quaterINDR01"]), {"annee": "2024"}
    )
    assert reponse.status_code == 200
    assert 'filename="modele_A017quaterINDR01_2024.csv"' in reponse["Content-Disposition"]
    lignes = lire_modele(reponse)
    assert lignes[0] == ["indicateur", "territoire", "periode", "valeur", "source", "commentaire"]
    assert [ligne[1:3] for ligne in lignes[1:]] == [["REG-11", "2024"], ["REG-32", "2024"]]
    # Formula neutralised.
    assert {ligne[4] for ligne in lignes[1:]} == {"'=SOMME(A1)"}


def test_template_of_an_ars_is_its_region_only_and_monthly_periods(client, monde):
    connecter(client, monde.u.ars)
    lignes = lire_modele(client.get("/imports/modele/A015INDR01.csv?annee=2023"))
    assert sorted({ligne[1] for ligne in lignes[1:]}) == ["DEP-59", "DEP-62"]
    client.logout()
    connecter(client, monde.u.pilote)
    lignes = lire_modele(client.get("/imports/modele/A020INDM01.csv?annee=2023"))
    assert [ligne[2] for ligne in lignes[1:]] == [f"2023-{m:02d}" for m in range(1, 13)]


def test_template_round_trip_imports_once_filled(client, monde, tmp_path):
    from jalon.imports.valeurs import importer_valeurs

    connecter(client, monde.u.ars)
    texte = client.get("/imports/modele/A015INDR01.csv?annee=2023").content.decode("utf-8")
    texte = texte.replace("DEP-59;2023;;", "DEP-59;2023;12;", 1)
    chemin = tmp_path / "rempli.csv"
    chemin.write_text(texte, encoding="utf-8")
    resultat = importer_valeurs(monde.u.ars, chemin)
    assert not resultat.refuse, resultat.lignes_texte()
    assert (resultat.rapport.compteurs["a_creer"], resultat.rapport.compteurs["ignorees"]) == (1, 1)


def test_template_refused_for_an_indicator_the_user_does_not_fill(client, monde):
    connecter(client, monde.u.pilote)
    assert client.get("/imports/modele/A06INDR01.csv").status_code == 403  # DREES provides it
    assert client.get("/imports/modele/A06INDR01.csv?annee=abc").status_code == 404
    client.logout()
    connecter(client, monde.u.lecteur)
    assert client.get("/imports/modele/A017quaterINDR01.csv").status_code == 403


def test_upload_page_lists_templates_of_the_user(client, monde):
    connecter(client, monde.u.pilote)
    page = client.get(URL).content.decode()
    assert "A017quaterINDR01" in page and "A06INDR01" not in page
