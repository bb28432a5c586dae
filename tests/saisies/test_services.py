from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jalon.journal.models import EntreeJournal
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.services import (
    ConflitDeVersion,
    SaisieInvalide,
    enregistrer_valeur,
    renvoyer_valeur,
    soumettre_valeurs,
    valider_valeurs,
)

F = Valeur.Canal.FORMULAIRE
S = Valeur.Statut


def saisir(user, indicateur, territoire, valeur="12", periode="2023", **kwargs):
    return enregistrer_valeur(
        user, indicateur, territoire, periode, valeur, canal=kwargs.pop("canal", F), **kwargs
    )


# --- Maille -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicateur", "territoire", "accepte"),
    [
        ("dgos", "hdf", True),
        ("dgos", "fr", True),  # the national total of a regional indicator
        ("dgos", "nord", False),
        ("dgos", "ptsm", False),
        ("drees_dep", "nord", True),
        ("drees_dep", "hdf", False),
        ("drees_dep", "ptsm", False),
        ("dgos_infra", "nord", True),
        ("dgos_infra", "ptsm", True),
        ("dgos_infra", "hdf", False),
        ("national", "fr", True),
        ("national", "hdf", False),
    ],
)
def test_maille(monde, indicateur, territoire, accepte):
    ind, terr = getattr(monde.ind, indicateur), getattr(monde, territoire)
    if accepte:
        assert saisir(monde.u.admin, ind, terr).statut == S.BROUILLON
    else:
        with pytest.raises(SaisieInvalide, match=f"{terr.code}.*ne convient pas .*attendu"):
            saisir(monde.u.admin, ind, terr)
        assert not Valeur.objects.exists()


# --- Permissions of entry ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("compte", "indicateur", "territoire", "permis"),
    [
        ("admin", "ars", "idf", True),
        ("pilote", "dgos", "idf", True),  # DGOS provides it, any territory
        ("pilote", "drees_dep", "nord", False),  # provided by DREES
        ("pilote", "ars", "hdf", False),  # filled by the ARS
        ("ars", "ars", "hdf", True),
        ("ars", "ars_dep", "nord", True),  # a department of its region
        ("ars", "ars", "idf", False),  # another region
        ("ars", "ars_dep", "paris", False),
        ("ars", "dgos", "hdf", False),  # not an ARS indicator
        ("contributeur", "ars_dep", "nord", False),
        ("lecteur", "ars", "hdf", False),
    ],
)
def test_who_may_enter(monde, compte, indicateur, territoire, permis):
    user, ind, terr = (
        getattr(monde.u, compte),
        getattr(monde.ind, indicateur),
        getattr(monde, territoire),
    )
    if permis:
        assert saisir(user, ind, terr).saisie_par == user
    else:
        with pytest.raises(PermissionDenied, match="pas le droit de saisir"):
            saisir(user, ind, terr)
        assert not Valeur.objects.exists()
        assert not EntreeJournal.objects.exists()


def test_anonymous_is_refused(monde):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        saisir(AnonymousUser(), monde.ind.ars, monde.hdf)


def test_unreadable_number_or_period_changes_nothing(monde):
    with pytest.raises(SaisieInvalide, match="groupés par trois"):
        saisir(monde.u.ars, monde.ind.ars, monde.hdf, "1 3 3")
    with pytest.raises(SaisieInvalide, match="attendu : 2023, 2023-S1"):
        saisir(monde.u.ars, monde.ind.ars, monde.hdf, periode="23")
    assert not Valeur.objects.exists()


# --- Workflow ------------------------------------------------------------------------------


def test_full_workflow_with_history_and_journal(monde):
    ars, admin = monde.u.ars, monde.u.admin
    v = saisir(ars, monde.ind.ars, monde.hdf, "1 333")
    assert (v.valeur, v.statut, v.version) == (Decimal("1333"), S.BROUILLON, 1)
    v = saisir(ars, monde.ind.ars, monde.hdf, "1 400", version_lue=1)
    soumettre_valeurs(ars, [v])
    valider_valeurs(admin, [v], motif="Conforme")
    renvoyer_valeur(admin, v, "Chiffre 2022 ?")
    v.refresh_from_db()
    assert (v.statut, v.version) == (S.RENVOYEE, 5)
    v = saisir(ars, monde.ind.ars, monde.hdf, "1 410", version_lue=5, commentaire="Corrigé")
    assert v.statut == S.BROUILLON
    soumettre_valeurs(ars, [v])
    historique = list(
        HistoriqueValeur.objects.filter(valeur=v).values_list(
            "ancien_statut", "nouveau_statut", "ancienne_valeur", "nouvelle_valeur", "auteur"
        )
    )
    assert historique == [
        ("", S.BROUILLON, None, Decimal("1333"), ars.pk),
        (S.BROUILLON, S.BROUILLON, Decimal("1333"), Decimal("1400"), ars.pk),
        (S.BROUILLON, S.SOUMISE, Decimal("1400"), Decimal("1400"), ars.pk),
        (S.SOUMISE, S.VALIDEE, Decimal("1400"), Decimal("1400"), admin.pk),
        (S.VALIDEE, S.RENVOYEE, Decimal("1400"), Decimal("1400"), admin.pk),
        (S.RENVOYEE, S.BROUILLON, Decimal("1400"), Decimal("1410"), ars.pk),
        (S.BROUILLON, S.SOUMISE, Decimal("1410"), Decimal("1410"), ars.pk),
    ]
    actions = list(
        EntreeJournal.objects.filter(objet_type="saisies.valeur", objet_id=str(v.pk))
        .order_by("pk")
        .values_list("action", "canal", "utilisateur")
    )
    assert [a for a, _, _ in actions] == [
        "valeur_creation",
        "valeur_modification",
        "valeur_soumission",
        "valeur_validation",
        "valeur_renvoi",
        "valeur_modification",
        "valeur_soumission",
    ]
    assert {c for _, c, _ in actions} == {EntreeJournal.Canal.WEB}
    renvoi = EntreeJournal.objects.get(action="valeur_renvoi")
    assert renvoi.motif == "Chiffre 2022 ?"
    assert renvoi.avant["statut"] == S.VALIDEE and renvoi.apres["statut"] == S.RENVOYEE


def test_same_value_again_changes_nothing(monde):
    v = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "12", source="SAE")
    again = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "12,0", source="SAE")
    assert again.modifiee is False and again.version == v.version == 1
    assert HistoriqueValeur.objects.count() == 1
    assert EntreeJournal.objects.count() == 1


def test_submitted_or_validated_value_only_changed_by_admin(monde):
    v = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "10")
    soumettre_valeurs(monde.u.ars, [v])
    with pytest.raises(SaisieInvalide, match="soumise : seule l'administration nationale"):
        saisir(monde.u.ars, monde.ind.ars, monde.hdf, "11")
    valider_valeurs(monde.u.admin, [v])
    with pytest.raises(SaisieInvalide, match="validée"):
        saisir(monde.u.ars, monde.ind.ars, monde.hdf, "11")
    v = saisir(monde.u.admin, monde.ind.ars, monde.hdf, "11", motif="Erratum ARS")
    assert (v.valeur, v.statut) == (Decimal("11"), S.VALIDEE)
    dernier = HistoriqueValeur.objects.filter(valeur=v).last()
    assert (dernier.ancienne_valeur, dernier.nouvelle_valeur, dernier.motif) == (
        Decimal("10"),
        Decimal("11"),
        "Erratum ARS",
    )


@pytest.mark.parametrize("compte", ["pilote", "ars", "ars_idf", "contributeur", "lecteur"])
def test_only_admin_validates_and_returns(monde, compte):
    v = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "10")
    soumettre_valeurs(monde.u.ars, [v])
    user = getattr(monde.u, compte)
    with pytest.raises(PermissionDenied, match="administration nationale valide"):
        valider_valeurs(user, [v])
    with pytest.raises(PermissionDenied, match="administration nationale renvoie"):
        renvoyer_valeur(user, v, "motif")
    v.refresh_from_db()
    assert v.statut == S.SOUMISE


@pytest.mark.parametrize("compte", ["ars_idf", "contributeur", "lecteur", "pilote"])
def test_others_may_not_submit(monde, compte):
    v = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "10")
    with pytest.raises(PermissionDenied, match="pas le droit de soumettre"):
        soumettre_valeurs(getattr(monde.u, compte), [v])
    v.refresh_from_db()
    assert v.statut == S.BROUILLON


def test_pilote_submits_its_indicators(monde):
    v = saisir(monde.u.pilote, monde.ind.dgos, monde.idf, "1 975 498")
    assert soumettre_valeurs(monde.u.pilote, [v])[0].statut == S.SOUMISE


def test_return_needs_a_motive_and_a_submitted_value(monde):
    v = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "10")
    with pytest.raises(SaisieInvalide, match="seule une valeur soumise ou validée"):
        renvoyer_valeur(monde.u.admin, v, "motif")
    soumettre_valeurs(monde.u.ars, [v])
    with pytest.raises(SaisieInvalide, match="motif du renvoi est obligatoire"):
        renvoyer_valeur(monde.u.admin, v, "  ")
    v.refresh_from_db()
    assert v.statut == S.SOUMISE


def test_validating_a_draft_is_refused_and_batch_is_all_or_nothing(monde):
    a = saisir(monde.u.ars, monde.ind.ars, monde.hdf, "10")
    b = saisir(monde.u.ars, monde.ind.ars_dep, monde.nord, "3")
    soumettre_valeurs(monde.u.ars, [a])
    with pytest.raises(SaisieInvalide, match="A015INDR01 DEP-59 2023 est brouillon"):
        valider_valeurs(monde.u.admin, [a, b])
    a.refresh_from_db()
    assert a.statut == S.SOUMISE


# --- Conflicts -----------------------------------------------------------------------------


def test_second_writer_gets_a_conflict_and_nothing_is_lost(monde):
    premier = saisir(monde.u.admin, monde.ind.ars, monde.hdf, "100")
    lu_par_les_deux = premier.version
    saisir(monde.u.admin, monde.ind.ars, monde.hdf, "120", version_lue=lu_par_les_deux)
    with pytest.raises(ConflitDeVersion) as conflit:
        saisir(monde.u.ars, monde.ind.ars, monde.hdf, "130", version_lue=lu_par_les_deux)
    message = str(conflit.value)
    assert "modifiée par admin" in message
    assert "valeur enregistrée 120 (version 2)" in message
    assert "votre valeur 130 (lue en version 1) n'a pas été enregistrée" in message
    assert conflit.value.proposee == Decimal("130")
    assert conflit.value.actuelle.valeur == Decimal("120")
    v = Valeur.objects.get()
    assert (v.valeur, v.version) == (Decimal("120"), 2)
    assert HistoriqueValeur.objects.filter(valeur=v).count() == 2


def test_creating_over_a_cell_read_empty_is_a_conflict(monde):
    saisir(monde.u.admin, monde.ind.ars, monde.hdf, "100", version_lue=0)
    with pytest.raises(ConflitDeVersion, match="valeur enregistrée 100"):
        saisir(monde.u.ars, monde.ind.ars, monde.hdf, "90", version_lue=0)
    assert Valeur.objects.get().valeur == Decimal("100")
