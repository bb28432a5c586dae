"""Publishing a regional bilan: only once validated, by the region's ARS or a national admin;
frozen files; numbered versions compared; the public portal shows published versions only."""

import hashlib
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from jalon.feuilles_regionales import bilan as svc
from jalon.journal.models import EntreeJournal
from jalon.rapports.models import ConstructionBilan, Genre, Publication
from jalon.rapports.publication import comparer, lire_fichier, publier
from jalon.rapports.services import demander_construction
from jalon.saisies.models import Valeur
from tests.feuilles_regionales.monde_bilan import construire_monde_bilan

WEB = EntreeJournal.Canal.WEB


def _synthese(mb, user, version_lue, avancees="<p>VigilanS étendu à 3 sites.</p>"):
    return svc.save_synthesis(
        user,
        mb.hdf,
        2025,
        actions_prioritaires="<p>Prévention du suicide</p>",
        principales_avancees=avancees,
        limites_difficultes="<p>Recrutements difficiles</p>",
        version_lue=version_lue,
    )


@pytest.fixture
def mb(db):
    mb = construire_monde_bilan()
    Valeur.objects.create(
        indicateur=mb.ref.indicateurs["A017bisINDM01"],
        territoire=mb.hdf,
        periode="2025",
        valeur=Decimal(12),
        statut=Valeur.Statut.VALIDEE,
    )
    svc.update_action_followup(
        mb.ars32,
        mb.actions["2"],
        2025,
        statut="engagee",
        meteo="vigilance",
        avancement="Convention avec le CHU.",
        version_lue=0,
    )
    _synthese(mb, mb.ars32, 0)
    return mb


def _valider(mb):
    svc.submit_regional_bilan(mb.ars32, mb.hdf, 2025)
    return svc.validate_regional_bilan(mb.admin, mb.hdf, 2025)


def _fichiers_publies() -> list[Path]:
    dossier = Path(settings.MEDIA_ROOT) / "rapports" / "publications"
    return sorted(p for p in dossier.rglob("*") if p.is_file()) if dossier.exists() else []


def test_only_a_validated_bilan_is_published_by_its_ars_or_the_admin(mb):
    # Draft, then submitted: nobody publishes, national admins included.
    for etape in ("brouillon", "soumis"):
        if etape == "soumis":
            svc.submit_regional_bilan(mb.ars32, mb.hdf, 2025)
        for user in (mb.ars32, mb.admin):
            with pytest.raises(ValidationError, match="seul un bilan validé"):
                publier(user, Genre.REGIONAL, 2025, canal=WEB, region=mb.hdf)
    svc.validate_regional_bilan(mb.admin, mb.hdf, 2025)
    # Another region's ARS, a national pilot, a reader: refused whatever the state.
    for user in (mb.ars76, mb.pilote, mb.lecteur):
        with pytest.raises(PermissionDenied):
            publier(user, Genre.REGIONAL, 2025, canal=WEB, region=mb.hdf)
    # A region without any bilan: nothing to publish.
    with pytest.raises(ValidationError, match="non commencé"):
        publier(mb.admin, Genre.REGIONAL, 2025, canal=WEB, region=mb.occitanie)
    assert not Publication.objects.exists() and not _fichiers_publies()

    assert publier(mb.ars32, Genre.REGIONAL, 2025, canal=WEB, region=mb.hdf).numero == 1
    assert publier(mb.admin, Genre.REGIONAL, 2025, canal=WEB, region=mb.hdf).numero == 2
    # Returned for correction: the published versions stay, no new one until validated again.
    svc.return_regional_bilan(mb.admin, mb.hdf, 2025, "Préciser les limites.")
    with pytest.raises(ValidationError, match="renvoyé"):
        publier(mb.admin, Genre.REGIONAL, 2025, canal=WEB, region=mb.hdf)
    assert Publication.objects.filter(region=mb.hdf).count() == 2


def test_published_regional_bilan_is_frozen_and_a_new_version_compares(mb):
    _valider(mb)
    premiere = publier(mb.ars32, Genre.REGIONAL, 2025, canal=WEB, region=mb.hdf, note="CRSA")
    assert (premiere.genre, premiere.region, premiere.numero) == ("regional", mb.hdf, 1)
    assert premiere.publie_par == mb.ars32 and premiere.publie_par_nom == "ars32"
    assert premiere.publie_le is not None
    fichiers = {f.format: f for f in premiere.fichiers.all()}
    assert set(fichiers) == {"docx", "pdf", "html"}
    empreintes = {}
    for format, fichier in fichiers.items():
        contenu = (Path(settings.MEDIA_ROOT) / fichier.chemin).read_bytes()
        assert hashlib.sha256(contenu).hexdigest() == fichier.sha256 and fichier.taille > 500
        empreintes[format] = fichier.sha256
    html_avant = lire_fichier(fichiers["html"])
    assert "VigilanS étendu à 3 sites.".encode() in html_avant
    assert "État du bilan : validé".encode() in html_avant
    # Journal and the bilan's own history both record it.
    entree = EntreeJournal.objects.get(action="publication_bilan")
    assert entree.utilisateur == mb.ars32 and entree.apres["numero"] == 1
    assert entree.apres["fichiers"] == empreintes
    trace = svc.historique(svc.bilan_de(mb.hdf, mb.campagne)).get(champ="publication")
    assert trace.nouvelle == "Version 1 publiée" and trace.motif == "CRSA"

    # Returned, corrected by the ARS, a value changed, validated again...
    svc.return_regional_bilan(mb.admin, mb.hdf, 2025, "Chiffrer les avancées.")
    bilan = svc.bilan_de(mb.hdf, mb.campagne)
    _synthese(mb, mb.ars32, bilan.version, avancees="<p>VigilanS étendu à 5 sites.</p>")
    valeur = Valeur.objects.get(territoire=mb.hdf, periode="2025")
    valeur.valeur = Decimal(14)
    valeur.save()
    _valider(mb)
    # ...the first version has not moved,
    premiere = Publication.objects.get(pk=premiere.pk)
    assert {f.format: f.sha256 for f in premiere.fichiers.all()} == empreintes
    assert lire_fichier(fichiers["html"]) == html_avant
    assert "5 sites" not in str(premiere.contenu)
    # and the second one says what changed.
    seconde = publier(mb.admin, Genre.REGIONAL, 2025, canal=WEB, region=mb.hdf)
    assert seconde.numero == 2
    assert "VigilanS étendu à 5 sites.".encode() in lire_fichier(
        seconde.fichiers.get(format="html")
    )
    differences = comparer(premiere, seconde)
    diffs = [d["diff"] for d in differences["textes"] if "diff" in d]
    assert {"retire": ["VigilanS étendu à 3 sites."], "ajoute": ["VigilanS étendu à 5 sites."]} in (
        diffs
    )
    # The regional indicators are phrased in the text of their section.
    indicateur = next(d for d in differences["textes"] if d["cle"] == "indicateur-A017bisINDM01")
    assert "12" in "".join(indicateur["diff"]["retire"])
    assert "14" in "".join(indicateur["diff"]["ajoute"])


def test_return_during_the_build_publishes_nothing(mb):
    _valider(mb)

    def renvoi_en_cours_de_route(etape, pourcentage):
        if pourcentage == 85:  # the document is read; the files are not written yet
            svc.return_regional_bilan(mb.admin, mb.hdf, 2025, "Erreur de chiffre.")

    with pytest.raises(ValidationError, match="a changé d'état"):
        publier(
            mb.ars32,
            Genre.REGIONAL,
            2025,
            canal=WEB,
            region=mb.hdf,
            progres=renvoi_en_cours_de_route,
        )
    assert not Publication.objects.exists() and not _fichiers_publies()


def test_background_publication_checks_the_rule_when_asked_and_when_run(mb):
    with pytest.raises(ValidationError, match="brouillon"):
        demander_construction(mb.ars32, Genre.REGIONAL, 2025, "pdf", region=mb.hdf, a_publier=True)
    with pytest.raises(PermissionDenied):
        demander_construction(mb.ars76, Genre.REGIONAL, 2025, "pdf", region=mb.hdf, a_publier=True)
    _valider(mb)
    construction = demander_construction(
        mb.ars32, Genre.REGIONAL, 2025, "pdf", region=mb.hdf, a_publier=True
    )
    construction.refresh_from_db()
    assert construction.statut == ConstructionBilan.Statut.TERMINE, construction.erreur
    assert construction.publication.numero == 1
    # A queued publication whose bilan was returned meanwhile fails, with the reason.
    svc.return_regional_bilan(mb.admin, mb.hdf, 2025, "Erreur.")
    file = ConstructionBilan.objects.create(
        genre=Genre.REGIONAL, annee=2025, region=mb.hdf, format="pdf", a_publier=True,
        demande_par=mb.ars32,
    )  # fmt: skip
    from jalon.rapports.services import executer_construction

    echec = executer_construction(file)
    assert echec.statut == ConstructionBilan.Statut.ECHEC and "validé" in echec.erreur
    assert Publication.objects.count() == 1


def _url(nom, mb=None):
    return reverse(f"www:{nom}", args=["REG-32", 2025])


def test_publish_page_by_role(mb, client):
    url = _url("bilan_regional_publier")
    client.force_login(mb.ars32)
    page = client.get(_url("bilan_regional")).content.decode()
    assert "seul un bilan validé" not in page and "ne peut pas être publié" in page
    reponse = client.post(url, {"note": "Brouillon ?"}, follow=True)
    assert "seul un bilan validé" in reponse.content.decode()
    assert not Publication.objects.exists()

    _valider(mb)
    for user in (mb.ars76, mb.pilote, mb.lecteur):
        client.force_login(user)
        assert (
            "Publier le bilan régional" not in client.get(_url("bilan_regional")).content.decode()
        )
        assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    assert client.get(url).status_code in (302, 405)
    assert not Publication.objects.exists()

    client.force_login(mb.ars32)
    assert "Publier le bilan régional 2025" in client.get(_url("bilan_regional")).content.decode()
    reponse = client.post(url, {"note": "Présenté en CRSA"})
    construction = ConstructionBilan.objects.get(a_publier=True)
    assert reponse["Location"] == reverse("www:bilan_construction", args=[construction.pk])
    publication = Publication.objects.get()
    assert publication.note == "Présenté en CRSA"
    client.force_login(mb.admin)
    client.post(url)
    page = client.get(_url("bilan_regional")).content.decode()
    assert "Publier une nouvelle version" in page
    comparaison = reverse(
        "www:publication_comparaison",
        args=[Publication.objects.get(numero=2).pk, publication.pk],
    )
    assert comparaison in page
    liste = client.get(reverse("www:bilans_regionaux", args=[2025])).content.decode()
    assert reverse("www:publication", args=[Publication.objects.get(numero=2).pk]) in liste
    client.logout()  # comparing published versions is public
    assert "Versions 1 et 2" in client.get(comparaison).content.decode()
    assert "Version 1 publiée" in page  # the history


def test_portal_shows_published_regional_bilans_and_never_drafts(mb, client):
    _valider(mb)
    publication = publier(mb.ars32, Genre.REGIONAL, 2025, canal=WEB, region=mb.hdf)
    # After publication: a returned bilan corrected with a draft text, an Occitanie draft,
    # and plain (unpublished) builds of both.
    svc.return_regional_bilan(mb.admin, mb.hdf, 2025, "Reprendre.")
    bilan = svc.bilan_de(mb.hdf, mb.campagne)
    _synthese(mb, mb.ars32, bilan.version, avancees="<p>TEXTE-BROUILLON-HDF</p>")
    svc.save_synthesis(
        mb.ars76,
        mb.occitanie,
        2025,
        actions_prioritaires="<p>TEXTE-BROUILLON-OCC</p>",
        principales_avancees="",
        limites_difficultes="",
        version_lue=0,
    )
    brouillons = [
        demander_construction(mb.ars32, Genre.REGIONAL, 2025, "html", region=mb.hdf),
        demander_construction(mb.ars76, Genre.REGIONAL, 2025, "html", region=mb.occitanie),
    ]
    client.logout()
    for nom in ("portail_telechargements", "publications"):
        page = client.get(reverse(f"www:{nom}")).content.decode()
        assert reverse("www:publication", args=[publication.pk]) in page
        assert "Hauts-de-France" in page
        assert "Occitanie" not in page and "BROUILLON" not in page
    detail = client.get(reverse("www:publication", args=[publication.pk]))
    assert detail.status_code == 200
    for fichier in publication.fichiers.all():
        telecharge = client.get(
            reverse("www:publication_fichier", args=[publication.pk, fichier.format])
        )
        assert telecharge.status_code == 200
        assert telecharge["X-Content-SHA256"] == fichier.sha256
        assert b"TEXTE-BROUILLON" not in telecharge.content
    # Drafts stay behind the login: the document page and the builds' files.
    for url in [
        reverse("www:bilan_regional_document", args=["REG-76", 2025]),
        reverse("www:bilan_regional", args=["REG-32", 2025]),
        *(reverse("www:bilan_construction_fichier", args=[c.pk]) for c in brouillons),
    ]:
        reponse = client.get(url)
        assert reponse.status_code == 302 and "/comptes/" in reponse["Location"], url
    # A signed-in user sees the portal exactly as the public does.
    client.force_login(mb.ars76)
    page = client.get(reverse("www:portail_telechargements")).content.decode()
    assert "Occitanie" not in page and "BROUILLON" not in page
    assert client.get(reverse("www:publication", args=[publication.pk + 99])).status_code == 404


def test_command_publishes_with_the_users_rights(mb):
    arguments = ["bilan", "regional", "--region", "REG-32", "--annee", "2025", "--publier"]
    with pytest.raises(CommandError, match="seul un bilan validé"):
        call_command(*arguments, "--utilisateur", "ars32", stdout=io.StringIO())
    _valider(mb)
    with pytest.raises(CommandError, match="référent ARS de la région"):
        call_command(*arguments, "--utilisateur", "ars76", stdout=io.StringIO())
    with pytest.raises(CommandError, match="obligatoires"):
        call_command("bilan", "regional", "--annee", "2025", "--utilisateur", "ars32")
    sortie = io.StringIO()
    call_command(*arguments, "--utilisateur", "ars32", "--note", "Par la commande", stdout=sortie)
    publication = Publication.objects.get()
    assert publication.note == "Par la commande"
    assert f"sha256={publication.fichiers.get(format='pdf').sha256}" in sortie.getvalue()
    entree = EntreeJournal.objects.get(action="publication_bilan")
    assert entree.canal == EntreeJournal.Canal.COMMANDE
