"""Pages of the reports: rights of every entry point, editor, build with progress, public list."""

from django.urls import reverse

from jalon.journal.models import EntreeJournal
from jalon.rapports.models import ConstructionBilan, Narratif, Partie, Publication
from jalon.rapports.publication import publier


def test_bilan_pages_need_a_national_role(client, ref, comptes):
    urls = [
        reverse("www:bilans"),
        reverse("www:bilan_national", args=[2023]),
        reverse("www:bilan_textes", args=[2023]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    for user in (comptes.lecteur, comptes.ars):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
    client.force_login(comptes.dgos)
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("www:bilan_national", args=[2023])).content.decode()
    assert "Action 17 bis : Intitulé de l&#x27;action 17 bis" in page


def test_editor_rights_history_and_conflict(client, ref, comptes):
    url = reverse("www:bilan_texte_action", args=[2023, ref.actions["17"].action.cle, "enjeux"])
    client.force_login(comptes.dgs)  # DGS does not pilot action 17
    assert client.get(url).status_code == 403
    assert client.post(url, {"texte": "x", "version": 0}).status_code == 403
    assert not Narratif.objects.exists()
    client.force_login(comptes.dgos)
    editeur = client.get(url)
    assert editeur.status_code == 200
    # The accepted tags are named in the help text, escaped (not interpreted).
    assert "&lt;strong&gt;" in editeur.content.decode()
    reponse = client.post(url, {"texte": "Enjeu <b>majeur</b><script>x</script>", "version": 0})
    assert reponse.status_code == 302
    narratif = Narratif.objects.get()
    assert narratif.texte == "<p>Enjeu <b>majeur</b></p>" and narratif.modifie_par == comptes.dgos
    conflit = client.post(url, {"texte": "autre", "version": 0})
    assert conflit.status_code == 409 and "modifié par quelqu" in conflit.content.decode()
    assert "Version 1" in client.get(url).content.decode()
    # Bilan parts: the national admin only.
    partie = reverse("www:bilan_texte_partie", args=[2023, "gouvernance"])
    assert client.get(partie).status_code == 403
    client.force_login(comptes.admin)
    assert client.post(partie, {"texte": "Gouvernance", "version": 0}).status_code == 302


def test_reminder_prefill_is_shown_not_saved(client, ref, comptes):
    action = ref.actions["17"].action
    Narratif.objects.create(annee=2022, partie=Partie.ANNEE, action=action, texte="<p>Fait.</p>")
    client.force_login(comptes.dgos)
    url = reverse("www:bilan_texte_action", args=[2023, action.cle, "rappel"])
    page = client.get(url + "?reprendre=1").content.decode()
    assert "Réalisé en 2022" in page and "Texte repris des années précédentes" in page
    assert not Narratif.objects.filter(annee=2023).exists()


def test_build_button_runs_the_task_and_offers_the_download(client, ref, comptes):
    client.force_login(comptes.lecteur)
    donnees = {"genre": "national", "annee": 2023, "format": "html", "version": ""}
    assert client.post(reverse("www:bilan_construire"), donnees).status_code == 403
    client.force_login(comptes.dgos)
    reponse = client.post(reverse("www:bilan_construire"), donnees)
    construction = ConstructionBilan.objects.get()
    assert reponse.url == reverse("www:bilan_construction", args=[construction.pk])
    etat = client.get(reverse("www:bilan_construction_etat", args=[construction.pk]))
    assert "Document prêt" in etat.content.decode()
    fichier = client.get(reverse("www:bilan_construction_fichier", args=[construction.pk]))
    assert fichier.status_code == 200 and b"Bilan 2023" in b"".join(fichier.streaming_content)
    # Another pilot does not see someone else's build; a pilot may not publish.
    client.force_login(comptes.dgs)
    assert client.get(reverse("www:bilan_construction", args=[construction.pk])).status_code == 404
    assert (
        client.post(reverse("www:bilan_construire"), donnees | {"publier": "on"}).status_code == 403
    )


def test_publication_is_public_with_downloads_and_comparison(client, ref, comptes):
    premiere = publier(comptes.admin, "synthese", 2023, canal=EntreeJournal.Canal.WEB)
    seconde = publier(comptes.admin, "synthese", 2023, canal=EntreeJournal.Canal.WEB)
    liste = client.get(reverse("www:publications"))
    assert liste.status_code == 200 and "Synthèse des chiffres clés 2023" in liste.content.decode()
    detail = client.get(reverse("www:publication", args=[seconde.pk])).content.decode()
    assert (
        premiere.fichiers.get(format="pdf").sha256
        in client.get(reverse("www:publication", args=[premiere.pk])).content.decode()
    )
    assert "comparer avec la version 2" in detail or "comparer" in detail
    pdf = client.get(reverse("www:publication_fichier", args=[premiere.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["X-Content-SHA256"] == premiere.fichiers.get(format="pdf").sha256
    comparaison = client.get(reverse("www:publication_comparaison", args=[seconde.pk, premiere.pk]))
    assert (
        comparaison.status_code == 200 and "Aucune valeur modifiée" in comparaison.content.decode()
    )
    assert Publication.objects.count() == 2


def test_comparison_page_shows_the_changed_cells_of_a_table(client, ref, comptes):
    from tests.factories import TerritoireFactory, valeur_validee

    nord = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France", ordre=1)

    def valeur(territoire, nombre):
        valeur_validee(ref.indicateurs["A06INDM01"], territoire, "2023", nombre)

    valeur(TerritoireFactory(france=True), 268254)
    valeur(nord, 1000)
    canal = EntreeJournal.Canal.WEB
    premiere = publier(comptes.admin, "national", 2023, canal=canal, version=ref.v2023)
    valeur(nord, 1200)
    seconde = publier(comptes.admin, "national", 2023, canal=canal, version=ref.v2023)
    page = client.get(reverse("www:publication_comparaison", args=[seconde.pk, premiere.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cellules modifiées (2)" in html
    assert '<th scope="row">Hauts-de-France</th>' in html
    assert "<del>1\u202f000</del>" in html and "<ins>1\u202f200</ins>" in html


def test_key_figures_page_is_for_the_admin(client, ref, comptes):
    url = reverse("www:chiffres_cles")
    client.force_login(comptes.dgos)
    assert client.get(url).status_code == 403
    client.force_login(comptes.admin)
    assert (
        client.post(url, {"lignes": "A06INDM01 ; Appels au 3114\nINCONNU ; x"}).status_code == 400
    )
    assert client.post(url, {"lignes": "A06INDM01 ; Appels au 3114"}).status_code == 302
    assert "Appels au 3114" in client.get(url).content.decode()


def test_web_view_draws_charts_in_the_browser_and_files_on_the_server(client, ref, comptes):
    from decimal import Decimal

    from jalon.rapports.national import construire_bilan_national
    from jalon.rapports.rendu import rendre
    from jalon.saisies.models import Valeur
    from tests.factories import TerritoireFactory

    france = TerritoireFactory(france=True)
    for periode, valeur in (("2022", 192377), ("2023", 268254)):
        Valeur.objects.create(
            indicateur=ref.indicateurs["A06INDM01"],
            territoire=france,
            periode=periode,
            valeur=Decimal(valeur),
            statut=Valeur.Statut.VALIDEE,
        )
    client.force_login(comptes.admin)
    page = client.get(reverse("www:bilan_national", args=[2023])).content.decode()
    assert 'data-graphique="' in page and "data:image/svg" not in page
    assert "vega" in page  # the vendored libraries are loaded
    html = rendre(construire_bilan_national(2023, ref.v2023), "html").decode()
    assert "data:image/svg+xml;base64," in html and "data-graphique" not in html
