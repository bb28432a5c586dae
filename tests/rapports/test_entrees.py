"""Permissions and behaviour of the command and the background task."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command

from jalon.rapports.models import ConstructionBilan
from jalon.rapports.services import demander_construction


def test_command_checks_the_acting_user(ref, comptes, tmp_path):
    sortie = tmp_path / "bilan.docx"
    for nom in ("lecteur", "ars", "inconnu"):
        with pytest.raises(CommandError):
            call_command(
                "bilan",
                "national",
                "--annee",
                "2023",
                "--format",
                "docx",
                "-o",
                str(sortie),
                "--utilisateur",
                nom,
                stdout=io.StringIO(),
            )
    assert not sortie.exists()
    sortie_cmd = io.StringIO()
    call_command(
        "bilan",
        "national",
        "--annee",
        "2023",
        "--format",
        "docx",
        "-o",
        str(sortie),
        "--utilisateur",
        "dgos",
        stdout=sortie_cmd,
    )
    assert "octets" in sortie_cmd.getvalue()
    titres = [p.text for p in docx.Document(str(sortie)).paragraphs if p.style.name == "Heading 2"]
    assert [t for t in titres if t.startswith("Action ")][0].startswith("Action 1 :")


def test_command_refuses_an_unknown_version(ref, comptes, tmp_path):
    with pytest.raises(CommandError, match="Version « 1999 »"):
        call_command(
            "bilan",
            "national",
            "--annee",
            "2023",
            "--format",
            "html",
            "-o",
            str(tmp_path / "b.html"),
            "--utilisateur",
            "admin",
            "--version-fdr",
            "1999",
        )


def test_background_build_stores_progress_and_file(ref, comptes):
    construction = demander_construction(comptes.dgos, "national", 2023, "html")
    construction.refresh_from_db()
    assert construction.statut == ConstructionBilan.Statut.TERMINE
    assert construction.pourcentage == 100 and construction.taille > 0
    assert construction.nom_fichier == "bilan-national-2023.html" and len(construction.sha256) == 64


def test_background_build_rechecks_rights(ref, comptes):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        demander_construction(comptes.lecteur, "national", 2023, "pdf")
    # A task queued for an account whose rights were withdrawn meanwhile fails cleanly.
    construction = ConstructionBilan.objects.create(
        genre="national", annee=2023, format="html", demande_par=comptes.lecteur
    )
    from jalon.rapports.tasks import construire_en_tache

    construire_en_tache.call(construction.pk)
    construction.refresh_from_db()
    assert construction.statut == ConstructionBilan.Statut.ECHEC
    assert "pilotes nationaux" in construction.erreur and not construction.fichier
