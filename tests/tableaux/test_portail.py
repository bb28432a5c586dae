"""The public portal shows validated values only, to everyone, on every page and file."""

import html
import json

import pytest
from django.urls import reverse

from jalon.opendata.jeux import JEUX
from jalon.rapports.models import Publication
from jalon.rapports.publication import _figer
from jalon.saisies.models import Valeur
from jalon.saisies.services import valider_valeurs
from tests.tableaux.conftest import COMMENTAIRE, SECRETS


def _textes(nombre):
    """How a leaked number could be written: raw (files, JSON) or the French way (pages)."""
    brut = format(nombre, "f").rstrip("0").rstrip(".")
    entier, _, decimales = brut.partition(".")
    francais = f"{entier[:-3]}\u202f{entier[-3:]}" + (f",{decimales}" if decimales else "")
    return {brut, francais}


def _contenu(reponse) -> str:
    if getattr(reponse, "streaming", False):
        return b"".join(reponse.streaming_content).decode("utf-8", "replace")
    return reponse.content.decode("utf-8", "replace")


def pages_publiques(monde, connecte=False):
    pages = [
        reverse("www:portail"),
        reverse("www:portail_indicateurs"),
        reverse("www:portail_cartes"),
        reverse("www:portail_cartes") + "?indicateur=A031INDR01",
        reverse("www:portail_telechargements"),
    ]
    if not connecte:  # with a session the API also serves drafts, as documented
        pages.append("/api/v1/valeurs?limit=500")
    for code in ("A010INDM01", "A06INDM01", "A031INDR01"):
        url = reverse("www:portail_indicateur", args=[code])
        pages += [url, url + "?region=REG-32", url + "?periode=2024", url + "?niveau=region"]
    for jeu in JEUX:
        pages.append(reverse("www:portail_schema", args=[jeu]))
        for format_ in ("csv", "json"):
            pages.append(reverse("www:portail_fichier", args=[jeu, format_]))
    return pages


@pytest.mark.parametrize("connecte", [False, True], ids=["anonyme", "connecte"])
def test_no_public_page_or_file_shows_unvalidated_values_or_comments(
    client, monde, admin, connecte
):
    if connecte:  # a signed-in user sees on the portal exactly what the public sees
        client.force_login(admin)
    for url in pages_publiques(monde, connecte):
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        texte = _contenu(reponse)
        assert COMMENTAIRE not in texte, url
        for statut, nombre in SECRETS.items():
            for forme in _textes(nombre):
                assert forme not in texte, f"{url} montre une valeur {statut} ({forme})"
        for statut in ("brouillon", "soumise", "renvoyee"):
            assert f'"statut":"{statut}"' not in texte.replace(" ", ""), url


def test_the_xlsx_files_hold_validated_values_only(client, monde):
    from io import BytesIO

    from openpyxl import load_workbook

    reponse = client.get(reverse("www:portail_fichier", args=["valeurs", "xlsx"]))
    feuille = load_workbook(BytesIO(reponse.content), read_only=True).active
    lignes = list(feuille.iter_rows(values_only=True))
    assert len(lignes) == 1 + 3 + 18 + 1 + 2  # header + national + regions + FR + departments
    assert {ligne[9] for ligne in lignes[1:]} == {"validee"}


def test_validated_values_are_on_the_indicator_page_with_their_table(client, monde):
    reponse = client.get(reverse("www:portail_indicateur", args=["A06INDM01"]))
    texte = reponse.content.decode()
    assert "Données publiques validées" in texte
    assert '<th scope="row">France</th>' in texte  # the table behind the time series
    assert "<caption>Données du graphique : A06INDM01 : évolution, France</caption>" in texte
    # The regional indicator: a bar chart raw and per 100 000 inhabitants, and a map.
    texte = client.get(reverse("www:portail_indicateur", args=["A010INDM01"])).content.decode()
    assert "pour 100 000 habitants" in texte
    assert "Données de la carte" in texte
    assert "Mayotte" in texte  # overseas territories are on the map and in its table


def test_the_portal_links_the_roadmap_maps_downloads(client, monde):
    texte = client.get(reverse("www:portail")).content.decode()
    for nom in (
        "feuille_de_route",
        "portail_indicateurs",
        "portail_cartes",
        "portail_telechargements",
    ):
        assert f'href="{reverse("www:" + nom)}"' in texte
    # The headline table shows 2023 against 2022 (validated only: the 2024 draft is ignored).
    assert "Chiffres nationaux 2023" in texte
    assert "(défavorable)" in texte  # 3114 calls fell from 120 to 90, higher is better


def test_unknown_indicator_or_file_is_a_404(client, monde):
    assert client.get(reverse("www:portail_indicateur", args=["NOPE"])).status_code == 404
    assert client.get("/donnees/telechargements/valeurs.pdf").status_code == 404
    assert client.get("/donnees/telechargements/secrets.csv").status_code == 404


def test_schema_is_published_next_to_the_file(client, monde):
    reponse = client.get(reverse("www:portail_fichier", args=["valeurs", "csv"]))
    schema_url = reverse("www:portail_schema", args=["valeurs"])
    assert schema_url in reponse["Link"]
    schema = json.loads(client.get(schema_url).content)
    assert [f["name"] for f in schema["fields"]][:2] == ["indicateur", "indicateur_libelle"]
    assert "commentaire" not in {f["name"] for f in schema["fields"]}


def test_the_downloads_page_offers_the_latest_published_bilans(client, monde, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for numero in (1, 2):
        publication = Publication.objects.create(
            genre="national", annee=2023, numero=numero, titre=f"Bilan 2023 v{numero}"
        )
        _figer(publication, "pdf", f"bilan-2023-v{numero}.pdf", f"%PDF v{numero}".encode())
    texte = client.get(reverse("www:portail")).content.decode()
    assert f'href="{reverse("www:publications")}"' in texte
    texte = client.get(reverse("www:portail_telechargements")).content.decode()
    assert "bilan-2023-v2.pdf" in texte
    assert "bilan-2023-v1.pdf" not in texte  # earlier versions: on the published-bilans page
    lien = reverse("www:publication_fichier", args=[publication.pk, "pdf"])
    assert f'href="{lien}"' in texte
    assert client.get(lien).content == b"%PDF v2"


def test_the_downloads_page_says_when_no_bilan_is_published(client, monde):
    texte = client.get(reverse("www:portail_telechargements")).content.decode()
    assert "Aucun bilan n'est encore publié." in texte


def test_a_supplied_geojson_replaces_the_tile_map_on_the_pages(client, monde, settings, tmp_path):
    carre = {"type": "Polygon", "coordinates": [[[2, 50], [3, 50], [3, 51], [2, 50]]]}
    fichier = tmp_path / "departements.geojson"
    fichier.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"code": code}, "geometry": carre}
                    for code in ("59", "62", "DEP-75")
                ],
            }
        )
    )
    url = reverse("www:portail_cartes") + "?indicateur=A031INDR01&niveau=departement"
    avant = client.get(url).content.decode()
    assert '"sigle"' in avant and '"geoshape"' not in avant  # tiles carry their short label
    settings.JALON_CARTE_GEOJSON_DEPARTEMENTS = str(fichier)
    fiche = reverse("www:portail_indicateur", args=["A031INDR01"]) + "?niveau=departement"
    for page in (url, fiche):
        texte = client.get(page).content.decode()
        assert '"geoshape"' in texte and '"sigle"' not in texte
        assert '"DEP-59"' in texte and '"DEP-62"' in texte  # codes completed with their prefix
        assert "Données de la carte" in texte  # the table behind the map stays
    # Regions keep the tiles: only the level given a GeoJSON changes.
    texte = client.get(reverse("www:portail_cartes") + "?indicateur=A010INDM01").content.decode()
    assert '"sigle"' in texte and '"geoshape"' not in texte


def test_a_value_shows_on_the_portal_the_moment_it_is_validated(client, monde, admin):
    """The portal reads rollups updated in the validation's transaction: no delay, no cache."""
    soumise = Valeur.objects.get(indicateur=monde.regional, periode="2024")
    textes = _textes(SECRETS[Valeur.Statut.SOUMISE])
    liste = reverse("www:portail_indicateurs")
    fiche = reverse("www:portail_indicateur", args=["A010INDM01"]) + "?niveau=region"

    def publie():
        return {i.code: i for i in client.get(liste).context["indicateurs"]}["A010INDM01"]

    avant = publie()
    assert not any(t in client.get(fiche).content.decode() for t in textes)
    valider_valeurs(admin, [soumise])
    apres = publie()
    assert (apres.nb_validees, apres.derniere_annee) == (avant.nb_validees + 1, 2024)
    assert any(t in client.get(fiche).content.decode() for t in textes)


def test_the_downloads_page_explains_every_column_in_french(client, monde):
    page = client.get(reverse("www:portail_telechargements")).content.decode()
    assert "Colonnes des fichiers" in page
    for jeu in JEUX.values():
        for champ in jeu.champs:
            assert f"<code>{champ['name']}</code>" in page
            assert html.escape(champ["title"]) in page


def test_maps_offer_only_indicators_with_validated_figures_at_a_drawn_level(client, monde):
    """An indicator of regional maille published for France only would draw an empty map:
    the maps page does not offer it, nor default to it."""
    from tests.factories import IndicateurFactory
    from tests.tableaux.conftest import valeur

    national_seulement = IndicateurFactory(code="A001INDM01", maille="regionale", unite="nombre")
    valeur(national_seulement, "FR", "2023", 42)
    reponse = client.get(reverse("www:portail_cartes"))
    offerts = [i.code for i in reponse.context["indicateurs"]]
    assert offerts == ["A010INDM01", "A031INDR01"]
    assert reponse.context["choisi"].code == "A010INDM01"  # not A001INDM01, first in code order
    page = client.get(reverse("www:portail_cartes"), {"indicateur": "A001INDM01"})
    assert page.context["choisi"].code == "A010INDM01"
    assert "A001INDM01" in [
        i.code for i in client.get(reverse("www:portail_indicateurs")).context["indicateurs"]
    ]
