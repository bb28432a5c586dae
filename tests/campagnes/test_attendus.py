import pytest

from jalon.campagnes import attendus
from jalon.campagnes.attendus import Bilan
from jalon.campagnes.models import Campagne
from jalon.referentiel.models import Indicateur, Organisation
from jalon.saisies.models import Valeur
from jalon.territoires.models import Territoire

pytestmark = pytest.mark.django_db


def _codes(cellules):
    return {(c.indicateur.code, c.territoire.code, c.periode) for c in cellules}


def test_region_expects_its_ars_indicators_at_region_and_department_maille(monde):
    cellules = attendus.cellules_region(monde.campagne, monde.hdf)

    assert _codes(cellules) == {
        ("A010INDM01", "REG-32", "2023"),
        ("A015INDM01", "DEP-59", "2023"),
        ("A015INDM01", "DEP-62", "2023"),
    }
    assert all(c.echeance == monde.campagne.echeance_valeurs_regionales for c in cellules)


def test_provider_expects_its_indicators_on_every_territory_of_the_maille(monde):
    dgos = attendus.cellules_fournisseur(monde.campagne, monde.dgos)
    drees = attendus.cellules_fournisseur(monde.campagne, monde.drees)

    assert _codes(dgos) == {
        ("A020INDM02", "REG-32", "2023"),
        ("A020INDM02", "REG-11", "2023"),
        ("A020INDM03", "FR", "2023"),  # biennial: the annual figure N, at FR
    }
    # Monthly and infra-departmental: one annual figure per department.
    assert _codes(drees) == {("A030INDR01", d, "2023") for d in ("DEP-59", "DEP-62", "DEP-75")}
    assert set(attendus.fournisseurs().values_list("code", flat=True)) == {"DGOS", "DREES"}


def test_states_follow_the_values(monde):
    Valeur.objects.create(
        indicateur=monde.ind.ars_dep, territoire=monde.nord, periode="2023", valeur=3
    )
    Valeur.objects.create(
        indicateur=monde.ind.ars_reg,
        territoire=monde.hdf,
        periode="2023",
        valeur=7,
        statut=Valeur.Statut.SOUMISE,
    )
    # Another year's value is not this campaign's.
    Valeur.objects.create(
        indicateur=monde.ind.ars_dep, territoire=monde.pdc, periode="2022", valeur=1
    )

    etats = {
        c.territoire.code + c.indicateur.code: c.etat
        for c in attendus.cellules_region(monde.campagne, monde.hdf)
    }

    assert etats == {
        "REG-32A010INDM01": "soumise",
        "DEP-59A015INDM01": "brouillon",
        "DEP-62A015INDM01": "vide",
    }
    bilan = Bilan.de(attendus.cellules_region(monde.campagne, monde.hdf))
    assert (bilan.attendues, bilan.recues, bilan.manquantes, bilan.taux_recues) == (3, 1, 2, 33)


def test_region_of_another_campaign_year_uses_that_year(monde):
    campagne = Campagne.objects.create(annee=2024, **Campagne.calendrier_par_defaut(2024))

    assert {c.periode for c in attendus.cellules_region(campagne, monde.idf)} == {"2024"}


def test_counts_on_the_real_referential(referentiel_reel):
    campagne = Campagne.objects.create(annee=2023, **Campagne.calendrier_par_defaut(2023))
    hdf = Territoire.objects.get(code="REG-32")
    nb_deps_hdf = Territoire.objects.departements().filter(parent=hdf).count()
    ars = Indicateur.objects.actifs().filter(saisie_ars=True)
    regionaux = ars.filter(maille="regionale").count()
    departementaux = ars.filter(maille__in=["departementale", "infra_departementale"]).count()

    cellules = attendus.cellules_region(campagne, hdf)

    # The annex: 14 indicator codes filled by ARS, 12 regional and 2 departmental.
    assert (regionaux, departementaux, nb_deps_hdf) == (12, 2, 5)
    assert len(cellules) == 12 + 2 * 5
    toutes = attendus.cellules_toutes_regions(campagne)
    assert len(toutes) == 18
    assert sum(len(c) for c in toutes.values()) == 18 * 12 + 2 * 101

    dgos = Organisation.objects.get(code="DGOS")
    fournis = Indicateur.objects.actifs().filter(fournisseur=dgos, saisie_ars=False)
    attendu = (
        fournis.filter(maille="nationale").count()
        + 18 * fournis.filter(maille="regionale").count()
        + 101 * fournis.filter(maille__in=["departementale", "infra_departementale"]).count()
    )
    assert len(attendus.cellules_fournisseur(campagne, dgos)) == attendu == 4 + 18 * 21 + 101 * 21
    # ARS indicators are the regions' cells, not a national provider's.
    assert "ARS" not in set(attendus.fournisseurs().values_list("code", flat=True))
