"""The regional bilan workflow: rights, locks, history, versions, year-by-year follow-ups."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jalon.campagnes import services as campagnes
from jalon.campagnes.models import Campagne
from jalon.feuilles_regionales import bilan as svc
from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.models import (
    BilanRegional,
    HistoriqueBilanRegional,
    SuiviActionRegionale,
)

SYNTHESE = {
    "actions_prioritaires": "<p>Prévention du suicide</p><script>alert(1)</script>",
    "principales_avancees": "- VigilanS étendu\n- 3114 relayé",
    "limites_difficultes": "<p>Démographie <strong>médicale</strong></p>",
}


@pytest.fixture
def monde(mb):
    return {
        "hdf": mb.hdf,
        "occitanie": mb.occitanie,
        "campagne": mb.campagne,
        "ars32": mb.ars32,
        "ars76": mb.ars76,
        "admin": mb.admin,
        "lecteur": mb.lecteur,
        "mb": mb,
    }


def _action(hdf, numero="2"):
    return queries.get_action(hdf, numero)


def _suivre(user, action, annee=2025, version=0, **champs):
    valeurs = {"statut": "engagee", "meteo": "vigilance", "avancement": "Formation lancée."}
    return svc.update_action_followup(
        user, action, annee, version_lue=version, **(valeurs | champs)
    )


def _synthese(user, region, annee=2025, version=0, **textes):
    return svc.save_synthesis(user, region, annee, version_lue=version, **(SYNTHESE | textes))


def test_followup_writes_year_state_history_and_current_state(monde):
    action = _action(monde["hdf"])
    suivi = _suivre(monde["ars32"], action)
    assert (suivi.statut, suivi.meteo, suivi.version) == ("engagee", "vigilance", 1)
    action.refresh_from_db()
    assert (action.statut, action.meteo) == ("engagee", "vigilance")
    lignes = HistoriqueBilanRegional.objects.filter(suivi=suivi)
    assert {h.champ for h in lignes} == {"statut", "meteo", "avancement"}
    assert lignes.get(champ="statut").nouvelle == "Engagée"
    assert all(h.auteur == monde["ars32"] for h in lignes)
    # Saving the same thing again writes nothing.
    again = _suivre(monde["ars32"], action, version=1)
    assert again.modifie is False and again.version == 1
    assert HistoriqueBilanRegional.objects.filter(suivi=suivi).count() == lignes.count()


def test_year_n_does_not_overwrite_year_n_minus_1(monde):
    hdf, ars = monde["hdf"], monde["ars32"]
    Campagne.objects.create(annee=2024, **Campagne.calendrier_par_defaut(2024))
    action = _action(hdf)
    # 2024 is past its deadline: the admin (never locked out) records it.
    _suivre(monde["admin"], action, annee=2024, statut="programmee", meteo="")
    _suivre(ars, action, annee=2025, statut="realisee", meteo="dans_les_temps")
    par_annee = {
        s.bilan.campagne.annee: s.statut for s in SuiviActionRegionale.objects.filter(action=action)
    }
    assert par_annee == {2024: "programmee", 2025: "realisee"}
    # Correcting 2024 afterwards keeps the action's current state (2025's).
    _suivre(monde["admin"], action, annee=2024, version=1, statut="engagee", meteo="")
    action.refresh_from_db()
    assert action.statut == "realisee"


def test_milestones_reached_follow_the_latest_year(monde):
    action = _action(monde["hdf"])
    jalon = monde["mb"].jalon
    suivi = _suivre(monde["ars32"], action, jalons_atteints=[jalon.pk])
    jalon.refresh_from_db()
    assert jalon.fait and list(suivi.jalons_atteints.all()) == [jalon]
    assert HistoriqueBilanRegional.objects.get(suivi=suivi, champ="jalons").nouvelle == (
        "Convention signée"
    )
    autre = _action(monde["hdf"], "10")
    with pytest.raises(ValidationError):
        _suivre(monde["ars32"], autre, jalons_atteints=[jalon.pk])


@pytest.mark.parametrize("qui", ["ars76", "lecteur"])
def test_other_region_and_readers_cannot_write_or_submit(monde, qui):
    user, hdf = monde[qui], monde["hdf"]
    with pytest.raises(PermissionDenied):
        _suivre(user, _action(hdf))
    with pytest.raises(PermissionDenied):
        _synthese(user, hdf)
    with pytest.raises(PermissionDenied):
        svc.submit_regional_bilan(user, hdf, 2025)
    with pytest.raises(PermissionDenied):
        svc.validate_regional_bilan(user, hdf, 2025)
    with pytest.raises(PermissionDenied):
        svc.return_regional_bilan(user, hdf, 2025, "À reprendre")
    assert not BilanRegional.objects.exists()


def test_ars_cannot_validate_its_own_bilan(monde):
    _synthese(monde["ars32"], monde["hdf"])
    svc.submit_regional_bilan(monde["ars32"], monde["hdf"], 2025)
    with pytest.raises(PermissionDenied):
        svc.validate_regional_bilan(monde["ars32"], monde["hdf"], 2025)


def test_synthesis_is_sanitised_and_required_to_submit(monde):
    hdf, ars = monde["hdf"], monde["ars32"]
    with pytest.raises(ValidationError, match="Synthèse incomplète"):
        svc.submit_regional_bilan(ars, hdf, 2025)
    bilan = _synthese(ars, hdf, limites_difficultes="")
    assert "<script>" not in bilan.actions_prioritaires
    assert bilan.principales_avancees == "<ul><li>VigilanS étendu</li><li>3114 relayé</li></ul>"
    with pytest.raises(ValidationError, match="Limites et difficultés"):
        svc.submit_regional_bilan(ars, hdf, 2025)
    manque = svc.manques(hdf, bilan)
    assert manque.parties == ["Limites et difficultés"]
    assert [a.numero for a in manque.actions] == ["1", "2", "2 bis", "10"]


def test_submit_locks_return_reopens_resubmit_validate(monde):
    hdf, ars, admin = monde["hdf"], monde["ars32"], monde["admin"]
    action = _action(hdf)
    _suivre(ars, action)
    bilan = _synthese(ars, hdf)
    bilan = svc.submit_regional_bilan(ars, hdf, 2025)
    assert bilan.statut == "soumis" and bilan.soumis_par == ars
    with pytest.raises(svc.BilanVerrouille, match="soumis"):
        _suivre(ars, action, version=1, statut="realisee")
    with pytest.raises(svc.BilanVerrouille):
        _synthese(ars, hdf, version=1, actions_prioritaires="Autre")
    with pytest.raises(ValidationError, match="motif du renvoi"):
        svc.return_regional_bilan(admin, hdf, 2025, "  ")
    bilan = svc.return_regional_bilan(admin, hdf, 2025, "Précisez les limites.")
    assert bilan.statut == "renvoye" and bilan.commentaire_renvoi == "Précisez les limites."
    _synthese(ars, hdf, version=1, limites_difficultes="<p>Démographie et financement</p>")
    _suivre(ars, action, version=1, statut="realisee")
    svc.submit_regional_bilan(ars, hdf, 2025)
    bilan = svc.validate_regional_bilan(admin, hdf, 2025)
    assert bilan.statut == "valide" and bilan.valide_par == admin
    with pytest.raises(svc.BilanVerrouille, match="validé"):
        _suivre(ars, action, version=2, statut="engagee")
    statuts = list(
        HistoriqueBilanRegional.objects.filter(champ="statut_bilan")
        .order_by("pk")
        .values_list("nouvelle", "motif")
    )
    assert statuts == [
        ("Soumis", ""),
        ("Renvoyé pour correction", "Précisez les limites."),
        ("Soumis", ""),
        ("Validé", ""),
    ]


def test_deadline_locks_unless_exception_or_return(monde):
    hdf, ars, admin, campagne = monde["hdf"], monde["ars32"], monde["admin"], monde["campagne"]
    action = _action(hdf)
    campagne.echeance_bilan_regional = timezone.localdate() - datetime.timedelta(days=1)
    campagne.save()
    with pytest.raises(svc.BilanVerrouille, match="échéance"):
        _suivre(ars, action)
    assert not SuiviActionRegionale.objects.exists()
    # An exception for one indicator does not reopen the bilan; one for all the region does.
    campagnes.accorder_exception(
        admin,
        campagne,
        region=hdf,
        jusqu_au=timezone.localdate() + datetime.timedelta(days=5),
        motif="Retard de l'ARS",
    )
    _suivre(ars, action)
    _synthese(ars, hdf)
    svc.submit_regional_bilan(ars, hdf, 2025)


def test_admin_is_never_locked_and_is_traced(monde):
    hdf, ars, admin = monde["hdf"], monde["ars32"], monde["admin"]
    _synthese(ars, hdf)
    svc.submit_regional_bilan(ars, hdf, 2025)
    bilan = _synthese(admin, hdf, version=1, actions_prioritaires="<p>Corrigé</p>")
    assert bilan.statut == "soumis"
    assert HistoriqueBilanRegional.objects.filter(auteur=admin, champ="actions_prioritaires")


def test_stale_versions_are_refused(monde):
    hdf, ars, admin = monde["hdf"], monde["ars32"], monde["admin"]
    action = _action(hdf)
    _suivre(ars, action)
    _suivre(admin, action, version=1, statut="realisee")
    with pytest.raises(svc.ConflitBilan, match="quelqu'un d'autre") as erreur:
        _suivre(ars, action, version=1, statut="reportee")
    assert (erreur.value.lue, erreur.value.stockee) == (1, 2)
    assert SuiviActionRegionale.objects.get(action=action).statut == "realisee"
    _synthese(ars, hdf)
    with pytest.raises(svc.ConflitBilan):
        _synthese(admin, hdf, version=0)


def test_unknown_year_and_bad_choices(monde):
    action = _action(monde["hdf"])
    with pytest.raises(ValidationError, match="Aucune campagne 2031"):
        _suivre(monde["ars32"], action, annee=2031)
    with pytest.raises(ValidationError, match="Statut « finie »"):
        _suivre(monde["ars32"], action, statut="finie")


def test_history_cannot_be_rewritten_and_constraints_hold(monde):
    _synthese(monde["ars32"], monde["hdf"])
    ligne = HistoriqueBilanRegional.objects.first()
    with pytest.raises(PermissionError):
        ligne.save()
    with pytest.raises(PermissionError):
        HistoriqueBilanRegional.objects.all().delete()
    bilan = BilanRegional.objects.get()
    with transaction.atomic(), pytest.raises(IntegrityError):
        BilanRegional.objects.filter(pk=bilan.pk).update(statut="renvoye")


def test_permission_functions_by_role(mb):
    from jalon.territoires import perms

    assert perms.can_edit_regional_bilan(mb.ars32, mb.hdf)
    assert perms.can_edit_regional_bilan(mb.admin, mb.hdf)
    for user in (mb.ars76, mb.pilote, mb.lecteur):
        assert not perms.can_edit_regional_bilan(user, mb.hdf)
    assert perms.can_validate_regional_bilan(mb.admin)
    for user in (mb.ars32, mb.pilote, mb.lecteur):
        assert not perms.can_validate_regional_bilan(user)
