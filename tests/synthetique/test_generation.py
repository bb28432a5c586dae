"""`jalon generate-synthetic`: what it generates, how plausibly, and when it refuses."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from jalon.agregats.reconstruction import ecarts
from jalon.imports.valeurs import importer_valeurs
from jalon.journal.models import EntreeJournal
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.services import enregistrer_valeur
from jalon.synthetique import generation
from jalon.synthetique.generation import Echelle, GenerationRefusee, generer
from jalon.territoires.models import Territoire
from jalon.territoires.services import load_territoires
from tests.factories import CompteFactory, IndicateurFactory

M, F, N = Indicateur.Maille, Indicateur.Frequence, Territoire.Niveau
PETITE = Echelle(territoires_infra=110, annees=2)


@pytest.fixture
def monde(db):
    load_territoires()
    return {
        "infra_mois": IndicateurFactory(
            code="A016INDR01", maille=M.INFRA_DEPARTEMENTALE, frequence=F.MENSUELLE
        ),
        "infra_taux": IndicateurFactory(
            code="A016INDM01",
            maille=M.INFRA_DEPARTEMENTALE,
            frequence=F.ANNUELLE,
            unite="pourcentage",
        ),
        "dep": IndicateurFactory(code="A010INDR01", maille=M.DEPARTEMENTALE, unite="nombre"),
        "reg": IndicateurFactory(code="A031INDR03", maille=M.REGIONALE, unite="euros"),
        "nat": IndicateurFactory(
            code="A01INDR01", maille=M.NATIONALE, frequence=F.BISANNUELLE, unite="indice"
        ),
        "fixer": IndicateurFactory(
            code="A036bisINDM01", maille=M.A_FIXER, frequence=F.A_FIXER, unite=""
        ),
    }


def test_every_indicator_territory_of_its_maille_and_period(monde):
    bilan = generer(PETITE, graine=3, fin=2025)
    synthetiques = Territoire.objects.filter(code__startswith="PTSM-SYN-")
    assert synthetiques.count() == 110 == bilan.territoires_crees
    assert all(t.nom.endswith("(fictif)") and t.niveau == N.PTSM for t in synthetiques)
    assert not synthetiques.filter(parent__niveau__in=[N.REGION, N.PAYS]).exists()
    par_indicateur = Counter(Valeur.objects.values_list("indicateur__code", flat=True))
    assert par_indicateur == {
        "A016INDR01": (110 + 1) * 24,  # PTSM and France, 24 months
        "A016INDM01": (110 + 1) * 2,
        "A010INDR01": (101 + 1) * 2,
        "A031INDR03": (18 + 1) * 2,
        "A01INDR01": 1 * 4,  # France, four semesters
        "A036bisINDM01": (18 + 1) * 2,  # regions while the maille is to be fixed
    }
    assert bilan.valeurs == sum(par_indicateur.values()) == HistoriqueValeur.objects.count()
    assert set(
        Valeur.objects.values_list("periode", flat=True).filter(indicateur__code="A01INDR01")
    ) == {"2024-S1", "2024-S2", "2025-S1", "2025-S2"}
    statuts = Counter(Valeur.objects.filter(annee=2024).values_list("statut", flat=True))
    assert set(statuts) == {"validee"}
    derniere = Counter(Valeur.objects.filter(annee=2025).values_list("statut", flat=True))
    assert derniere["validee"] > derniere["soumise"] > 0 and derniere["brouillon"] > 0
    assert EntreeJournal.objects.filter(action="generation_synthetique").count() == 1
    assert ecarts() == []  # rollups rebuilt


def test_values_are_plausible_and_france_adds_up(monde):
    generer(PETITE, graine=3, fin=2025)
    comptes = Valeur.objects.filter(indicateur__code="A016INDR01")
    assert not comptes.filter(valeur__lt=0).exists()
    assert all(v == v.to_integral_value() for v in comptes.values_list("valeur", flat=True))
    for periode in ("2024-03", "2025-12"):
        ptsm = sum(
            comptes.filter(periode=periode, territoire__niveau=N.PTSM).values_list(
                "valeur", flat=True
            )
        )
        assert comptes.get(periode=periode, territoire__code="FR").valeur == ptsm
    taux = Valeur.objects.filter(indicateur__code="A016INDM01").values_list("valeur", flat=True)
    assert all(0 <= v <= 100 for v in taux) and len(set(taux)) > 20
    # A monthly series varies with the season, not only with noise.
    fr = list(
        comptes.filter(territoire__code="FR", annee=2024)
        .order_by("debut")
        .values_list("valeur", flat=True)
    )
    assert max(fr) > min(fr) * Decimal("1.03")


def test_deterministic_from_the_seed(monde):
    territoires = generation.preparer_territoires(PETITE, graine=5)
    annees = range(2024, 2026)

    def lignes(graine):
        return [
            (t.code, code, nombre, statut)
            for t, code, _, _, nombre, statut in generation.lignes_indicateur(
                monde["infra_mois"], territoires[0], territoires[1], annees, graine, 2025
            )
        ]

    assert lignes(5) == lignes(5)
    assert lignes(5) != lignes(6)


def test_refuses_a_database_with_real_values_unless_forced(monde):
    admin = CompteFactory(admin=True)
    reelle = enregistrer_valeur(
        admin, monde["reg"], Territoire.objects.get(code="REG-32"), "2025", 7, canal="formulaire"
    )
    with pytest.raises(GenerationRefusee, match="1 valeur.*réelle.*--force"):
        generer(PETITE, graine=1)
    with pytest.raises(CommandError, match="réelle"):
        call_command("generate_synthetic", "--scale", "demo")
    assert not Valeur.objects.filter(source__startswith=generation.SOURCE).exists()
    assert not Territoire.objects.filter(code__startswith="PTSM-SYN-").exists()
    generer(PETITE, graine=1, force=True)
    reelle.refresh_from_db()
    assert reelle.valeur == 7 and reelle.version == 1  # kept, never overwritten
    assert Valeur.objects.filter(indicateur=monde["reg"], periode="2025").count() == 19
    with pytest.raises(GenerationRefusee, match="déjà des données synthétiques"):
        generer(PETITE, graine=1, force=True)


def test_refuses_an_empty_database(db):
    with pytest.raises(CommandError, match="load-territoires"):
        call_command("generate_synthetic", "--scale", "national")


def test_csv_output_passes_the_import_checks(monde, tmp_path):
    chemin = tmp_path / "synthetique.csv"
    call_command(
        "generate_synthetic",
        "--scale",
        "demo",
        "--territoires-infra",
        "110",
        "--annees",
        "1",
        "--csv",
        str(chemin),
        "--limite",
        "1000",
    )
    assert len(chemin.read_text().splitlines()) == 1001
    assert not Valeur.objects.exists()
    resultat = importer_valeurs(CompteFactory(admin=True), chemin)
    assert not resultat.refuse, resultat.lignes_texte()
    assert resultat.rapport.compteurs["a_creer"] == 1000
