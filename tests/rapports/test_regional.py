"""The regional bilan document: content in order, synthesis, missing data said plainly, the
three formats, the background build and the `jalon bilan regional` command's rights."""

import io
from decimal import Decimal

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jalon.feuilles_regionales import bilan as svc
from jalon.rapports.models import ConstructionBilan, Genre
from jalon.rapports.regional import construire_bilan_regional
from jalon.rapports.rendu import rendre
from jalon.rapports.services import demander_construction
from jalon.saisies.models import Valeur
from tests.feuilles_regionales.monde_bilan import construire_monde_bilan


@pytest.fixture
def mb(db):
    mb = construire_monde_bilan()
    indicateur = mb.ref.indicateurs["A017bisINDM01"]
    for territoire, periode, nombre in [
        (mb.hdf, "2025", 12),
        (mb.hdf, "2024", 10),
        (mb.france, "2025", 150),
    ]:
        Valeur.objects.create(
            indicateur=indicateur,
            territoire=territoire,
            periode=periode,
            valeur=Decimal(nombre),
            statut=Valeur.Statut.VALIDEE,
        )
    svc.update_action_followup(
        mb.ars32,
        mb.actions["2"],
        2025,
        statut="engagee",
        meteo="vigilance",
        avancement="Convention avec le CHU.\n\n- 3 sites ouverts",
        jalons_atteints=[mb.jalon],
        version_lue=0,
    )
    svc.save_synthesis(
        mb.ars32,
        mb.hdf,
        2025,
        actions_prioritaires="<p>Prévention du <strong>suicide</strong></p>",
        principales_avancees="- VigilanS étendu",
        limites_difficultes="",
        version_lue=0,
    )
    return mb


def _titres(document):
    return [section.titre for section in document.parcourir()]


def test_document_has_synthesis_actions_in_order_and_indicators(mb):
    document = construire_bilan_regional(mb.hdf, 2025)
    titres = _titres(document)
    actions = [t for t in titres if t.startswith("Action n°")]
    assert actions == [
        "Action n°1 : Installer le comité régional",
        "Action n°2 : Étendre VigilanS",
        "Action n°2 bis : Relayer le 3114",
        "Action n°10 : Former les sentinelles",
    ]
    assert titres.index("Gouvernance") < titres.index("Objectif 1 — Prévenir le suicide")
    html = rendre(document, "html").decode()
    assert "Prévention du <strong>suicide</strong>" in html
    assert "Limites et difficultés" in html and "Non renseigné pour 2025." in html
    assert "Statut en 2025 : Engagée — météo : vigilance" in html
    assert "Suivi 2025 non renseigné par l&#x27;ARS" in html or "Suivi 2025 non renseigné" in html
    assert "Convention signée — atteint" in html
    assert "Action nationale 6 : Intitulé de l" in html
    # Region value vs previous year (national phrasing) and the national value.
    assert "12 en 2025, 10 en 2024, soit +20" in html
    assert "150 en 2025" in html
    assert "brouillon, non soumis" in html


def test_missing_indicator_values_are_said(mb):
    Valeur.objects.filter(territoire=mb.hdf, periode="2025").delete()
    html = rendre(construire_bilan_regional(mb.hdf, 2025), "html").decode()
    assert "donnée non disponible pour 2025" in html
    assert "sans valeur validée de la région pour 2025" in html


def test_docx_opens_with_actions_in_order_and_synthesis(mb):
    contenu = rendre(construire_bilan_regional(mb.hdf, 2025), "docx")
    paragraphes = [p.text for p in docx.Document(io.BytesIO(contenu)).paragraphs]
    texte = "\n".join(paragraphes)
    positions = [texte.index(f"Action n°{n} :") for n in ("1", "2", "2 bis", "10")]
    assert positions == sorted(positions)
    assert "Actions prioritaires" in texte and "Prévention du suicide" in texte
    assert "VigilanS étendu" in texte


def test_pdf_renders(mb):
    assert rendre(construire_bilan_regional(mb.hdf, 2025), "pdf").startswith(b"%PDF")


def test_background_build_for_the_region_only(mb, client):
    construction = demander_construction(mb.ars32, Genre.REGIONAL, 2025, "docx", region=mb.hdf)
    construction.refresh_from_db()
    assert construction.statut == ConstructionBilan.Statut.TERMINE, construction.erreur
    assert construction.nom_fichier == "bilan-regional-reg-32-2025.docx"
    client.force_login(mb.ars32)
    reponse = client.post(
        reverse("www:bilan_regional_construire", args=["REG-32", 2025]), {"format": "pdf"}
    )
    assert reponse.status_code == 302
    construction = ConstructionBilan.objects.filter(format="pdf").get()
    assert reponse["Location"] == reverse("www:bilan_construction", args=[construction.pk])
    client.force_login(mb.ars76)
    refus = client.post(
        reverse("www:bilan_regional_construire", args=["REG-32", 2025]), {"format": "pdf"}
    )
    assert refus.status_code == 403


def test_command_writes_the_file_with_the_users_rights(mb, tmp_path):
    sortie = tmp_path / "bilan.docx"
    call_command(
        "bilan",
        "regional",
        "--region",
        "REG-32",
        "--annee",
        "2025",
        "--format",
        "docx",
        "-o",
        str(sortie),
        "--utilisateur",
        "ars32",
        stdout=io.StringIO(),
    )
    assert "Étendre VigilanS" in "\n".join(p.text for p in docx.Document(sortie).paragraphs)
    with pytest.raises(CommandError, match="référent ARS de la région"):
        call_command(
            "bilan",
            "regional",
            "--region",
            "REG-32",
            "--annee",
            "2025",
            "--format",
            "html",
            "-o",
            str(tmp_path / "x.html"),
            "--utilisateur",
            "ars76",
            stdout=io.StringIO(),
        )
    assert not (tmp_path / "x.html").exists()
