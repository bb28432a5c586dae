import csv
import io

import pytest
from django.core.management import CommandError, call_command

from jalon.journal.models import EntreeJournal
from jalon.referentiel.chargement import charger_referentiel_national
from jalon.saisies.demo import FICHIER_BILAN_2023, charger_valeurs_publiees
from jalon.saisies.models import HistoriqueValeur, Valeur
from tests.factories import CompteFactory

SEEDS = "/work/shared/seeds"


@pytest.fixture
def referentiel_reel(db):
    call_command("load_territoires", stdout=io.StringIO())
    charger_referentiel_national()


def _lignes():
    with open(FICHIER_BILAN_2023, encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


def test_shipped_file_is_large_enough_and_cited():
    lignes = _lignes()
    assert len(lignes) >= 40
    assert len({ligne["indicateur"] for ligne in lignes}) >= 25
    for ligne in lignes:
        assert ligne["citation"].startswith("seed 00"), ligne
        assert ligne["source"] and ligne["extrait"], ligne


def test_known_figures_are_in_the_file():
    valeurs = {(ligne["indicateur"], ligne["periode"]): ligne["valeur"] for ligne in _lignes()}
    assert valeurs[("A06INDM01", "2022")] == "192377"
    assert valeurs[("A06INDM01", "2023")] == "268254"
    assert valeurs[("A06INDM02", "2022")] == "29664"
    assert valeurs[("A06INDM02", "2023")] == "35209"
    assert valeurs[("A016INDR01", "2023")] == "243006"


def test_loading_is_validated_and_idempotent(referentiel_reel):
    sortie = io.StringIO()
    call_command("load_demo_values", stdout=sortie)
    assert "44 créée(s)" in sortie.getvalue()
    assert Valeur.objects.count() >= 40
    assert Valeur.objects.values("indicateur").distinct().count() >= 25
    assert set(Valeur.objects.values_list("statut", "canal").distinct()) == {
        (Valeur.Statut.VALIDEE, Valeur.Canal.CHARGEMENT)
    }
    appels = Valeur.objects.get(indicateur__code="A06INDM01", territoire__code="FR", periode="2023")
    assert appels.valeur == 268254 and "l.1534-1535" in appels.source
    historique = HistoriqueValeur.objects.count()
    journal = EntreeJournal.objects.filter(objet_type="saisies.valeur").count()
    assert historique == journal == Valeur.objects.count()
    sortie = io.StringIO()
    call_command("load_demo_values", stdout=sortie)
    assert "0 créée(s), 0 modifiée(s), 44 inchangée(s)" in sortie.getvalue()
    assert HistoriqueValeur.objects.count() == historique
    assert EntreeJournal.objects.filter(objet_type="saisies.valeur").count() == journal


@pytest.mark.parametrize(
    ("remplacer", "par", "attendu"),
    [
        ("A06INDM01,FR,2023,268254", "A06INDM01,FR,2023,268 254", "colonne valeur"),
        ("A06INDM01,FR,2023,268254", "A99INDM99,FR,2023,268254", "colonne indicateur"),
        ("A06INDM01,FR,2023,268254", "A06INDM01,DEP-59,2023,268254", "colonne territoire"),
        ("A06INDM01,FR,2023,268254", "A06INDM01,FR,2023-13,268254", "colonne periode"),
        (
            "A06INDM01,FR,2023,268254",
            "A06INDM01,FR,2022,268254",
            "colonne periode : doublon de la ligne 2",
        ),
    ],
)
def test_malformed_file_is_refused_whole(referentiel_reel, tmp_path, remplacer, par, attendu):
    texte = FICHIER_BILAN_2023.read_text(encoding="utf-8")
    assert remplacer in texte
    fichier = tmp_path / "valeurs.csv"
    fichier.write_text(texte.replace(remplacer, par), encoding="utf-8")
    journal = EntreeJournal.objects.count()
    with pytest.raises(CommandError) as refus:
        call_command("load_demo_values", fichier=str(fichier))
    assert "rien n'a été chargé" in str(refus.value)
    assert f"valeurs.csv, ligne 3, {attendu}" in str(refus.value)
    assert not Valeur.objects.exists()
    assert EntreeJournal.objects.count() == journal


def test_missing_column_is_refused(referentiel_reel, tmp_path):
    fichier = tmp_path / "valeurs.csv"
    fichier.write_text("indicateur,territoire,periode,valeur\nA06INDM01,FR,2023,1\n")
    with pytest.raises(CommandError, match="ligne 1 : colonne.*manquante.*citation"):
        call_command("load_demo_values", fichier=str(fichier))
    assert not Valeur.objects.exists()


def test_load_changes_a_modified_figure_through_history(referentiel_reel):
    charger_valeurs_publiees()
    appels = Valeur.objects.get(indicateur__code="A06INDM01", periode="2023")
    Valeur.objects.filter(pk=appels.pk).update(valeur=1)
    resultat = charger_valeurs_publiees()
    assert (resultat.modifiees, resultat.inchangees) == (1, 43)
    assert HistoriqueValeur.objects.filter(valeur=appels).last().nouvelle_valeur == 268254


def test_only_a_national_admin_may_load(referentiel_reel):
    CompteFactory(username="ars-test", referent_ars=True)
    with pytest.raises(CommandError, match="seul un administrateur national"):
        call_command("load_demo_values", utilisateur="ars-test")
    assert not Valeur.objects.exists()
    CompteFactory(username="chef", admin=True)
    call_command("load_demo_values", utilisateur="chef", stdout=io.StringIO())
    assert Valeur.objects.filter(saisie_par__username="chef").count() == 44


def test_cited_lines_contain_the_figure():
    """Each citation points at seed lines where the figure is written (as the bilan spells it)."""
    import re
    from pathlib import Path

    seeds = {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in Path(SEEDS).iterdir()}
    for ligne in _lignes():
        if "Somme" in ligne["note"]:
            continue
        texte = ""
        for seed, plages in re.findall(r"seed (\d{3}) \([^)]*\) ([^;]+)", ligne["citation"]):
            for debut, fin in re.findall(r"l\.(\d+)(?:-(\d+))?", plages):
                texte += " ".join(seeds[seed][int(debut) - 1 : int(fin or debut)])
        chiffres = re.sub(r"[\s\u00a0\u202f]", "", texte).replace(",", ".")
        valeur = ligne["valeur"]
        formes = {valeur, valeur.rstrip("0").rstrip(".")}
        if valeur == "1100000":
            formes.add("1.1million")
        assert any(f in chiffres for f in formes), (ligne["indicateur"], ligne["periode"])
