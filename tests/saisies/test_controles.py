import pytest

from jalon.saisies.models import Valeur
from jalon.saisies.services import (
    CommentaireRequis,
    enregistrer_valeur,
    soumettre_valeurs,
    verifier_valeur,
)
from jalon.territoires.models import Territoire
from tests.factories import PopulationFactory, TerritoireFactory

F = Valeur.Canal.FORMULAIRE


def saisir(user, indicateur, territoire, valeur, periode="2023", **kwargs):
    return enregistrer_valeur(user, indicateur, territoire, periode, valeur, canal=F, **kwargs)


def codes(avertissements):
    return [a.code for a in avertissements]


def test_percentage_out_of_range(monde):
    assert codes(verifier_valeur(monde.ind.dgos_infra, monde.nord, "2023", "130 %")) == [
        "hors_plage"
    ]
    assert verifier_valeur(monde.ind.dgos_infra, monde.nord, "2023", "-1") != []
    assert verifier_valeur(monde.ind.dgos_infra, monde.nord, "2023", "99,5 %") == []


def test_negative_count(monde):
    [avertissement] = verifier_valeur(monde.ind.ars, monde.hdf, "2023", "-2")
    assert avertissement.code == "hors_plage" and "négative" in avertissement.message


def test_jump_versus_previous_period(monde, settings):
    saisir(monde.u.ars, monde.ind.ars, monde.hdf, "100", periode="2022")
    assert verifier_valeur(monde.ind.ars, monde.hdf, "2023", "190") == []
    [saut] = verifier_valeur(monde.ind.ars, monde.hdf, "2023", "250")
    assert saut.code == "saut" and "2022" in saut.message
    assert codes(verifier_valeur(monde.ind.ars, monde.hdf, "2023", "40")) == ["saut"]
    settings.JALON_CONTROLE_SAUT = 3
    assert verifier_valeur(monde.ind.ars, monde.hdf, "2023", "250") == []
    # A monthly value is compared with months, not with the year.
    assert verifier_valeur(monde.ind.ars, monde.hdf, "2023-01", "500") == []


def _regions(n):
    fr = Territoire.objects.get(code="FR")
    return [TerritoireFactory(parent=fr) for _ in range(n)]


def test_robust_z_score_outlier(monde):
    autres = _regions(6)
    for region, valeur in zip(autres, ["100", "104", "98", "101", "97", "103"], strict=True):
        saisir(monde.u.admin, monde.ind.ars, region, valeur)
    assert verifier_valeur(monde.ind.ars, monde.hdf, "2023", "102") == []
    [atypique] = verifier_valeur(monde.ind.ars, monde.hdf, "2023", "400")
    assert atypique.code == "atypique" and "seuil 3,5" in atypique.message


def test_z_score_needs_enough_comparable_territories(monde):
    for region, valeur in zip(_regions(3), ["100", "104", "98"], strict=True):
        saisir(monde.u.admin, monde.ind.ars, region, valeur)
    assert verifier_valeur(monde.ind.ars, monde.hdf, "2023", "400") == []


def test_z_score_on_counts_is_per_inhabitant_when_populations_are_known(monde):
    autres = _regions(6)
    # About 100 per million inhabitants everywhere, in regions of 1 to 6 million.
    for i, (region, valeur) in enumerate(
        zip(autres, ["100", "205", "290", "410", "495", "610"], strict=True)
    ):
        PopulationFactory(territoire=region, annee=2021, valeur=1_000_000 * (i + 1))
        saisir(monde.u.admin, monde.ind.ars, region, valeur)
    PopulationFactory(territoire=monde.hdf, annee=2021, valeur=12_000_000)
    # 1 200 for 12 million inhabitants: large, but the same rate as the others.
    assert verifier_valeur(monde.ind.ars, monde.hdf, "2023", "1 200") == []
    [atypique] = verifier_valeur(monde.ind.ars, monde.hdf, "2023", "6 000")
    assert "rapportée à la population" in atypique.message


def test_submit_requires_a_comment_for_warnings(monde):
    saisir(monde.u.ars, monde.ind.ars, monde.hdf, "100", periode="2022")
    sage = saisir(monde.u.ars, monde.ind.ars_dep, monde.nord, "3")
    saut = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "500")
    with pytest.raises(CommentaireRequis) as refus:
        soumettre_valeurs(monde.u.ars, [sage, saut])
    assert refus.value.valeurs == [saut]
    assert "A017quaterINDM01 REG-32 2023" in str(refus.value)
    assert "A015INDR01" not in str(refus.value)
    assert set(Valeur.objects.values_list("statut", flat=True)) == {Valeur.Statut.BROUILLON}
    saut = saisir(
        monde.u.ars, monde.ind.ars, monde.hdf, "500", commentaire="Ouverture de 4 CMP en 2023"
    )
    soumises = soumettre_valeurs(monde.u.ars, [sage, saut])
    assert {v.statut for v in soumises} == {Valeur.Statut.SOUMISE}


def test_empty_value_needs_a_comment_to_be_submitted(monde):
    vide = saisir(monde.u.ars, monde.ind.ars, monde.hdf, None)
    assert vide.valeur is None
    with pytest.raises(CommentaireRequis, match="aucune valeur saisie"):
        soumettre_valeurs(monde.u.ars, [vide])
    vide = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "", commentaire="Donnée indisponible")
    assert soumettre_valeurs(monde.u.ars, [vide])[0].valeur is None
    assert Valeur.objects.get().valeur is None  # stored as NULL, never 0
