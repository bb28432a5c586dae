import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from jalon.feuilles_regionales import queries, services
from jalon.feuilles_regionales.models import ActionRegionale, LienActionNationale
from jalon.journal.models import EntreeJournal
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory


@pytest.fixture
def comptes(hdf):
    occitanie = Territoire.objects.get(code="REG-76")
    return {
        "ars32": CompteFactory(referent_ars=True, territoire=hdf),
        "ars76": CompteFactory(referent_ars=True, territoire=occitanie),
        "admin": CompteFactory(admin=True),
        "lecteur": CompteFactory(),
    }


def _action(hdf, numero):
    return queries.get_action(hdf, numero)


def test_ars_updates_status_meteo_and_milestones_with_journal(hdf, comptes):
    action = _action(hdf, "7")
    jalons = [(datetime.date(2025, 3, 31), "Plan régional de formation publié", True)]
    _, changes = services.mettre_a_jour_avancement(
        comptes["ars32"], action, "engagee", "vigilance", jalons=jalons
    )
    assert changes == ["statut", "meteo", "jalons"]
    action = _action(hdf, "7")
    assert (action.statut, action.meteo) == ("engagee", "vigilance")
    assert [(j.libelle, j.fait) for j in action.jalons.all()] == [
        ("Plan régional de formation publié", True)
    ]
    entree = EntreeJournal.objects.filter(objet_id=str(action.pk)).first()
    assert entree.utilisateur == comptes["ars32"]
    assert entree.avant["statut"] == "" and entree.apres["statut"] == "engagee"


@pytest.mark.parametrize("qui", ["ars76", "lecteur"])
def test_other_region_and_readers_are_refused_on_every_verb(hdf, comptes, qui):
    user = comptes[qui]
    action = _action(hdf, "7")
    lien = action.liens_nationaux.first()
    with pytest.raises(PermissionDenied):
        services.mettre_a_jour_avancement(user, action, "engagee", "")
    with pytest.raises(PermissionDenied):
        services.confirmer_lien(user, lien)
    with pytest.raises(PermissionDenied):
        services.rejeter_lien(user, lien)
    with pytest.raises(PermissionDenied):
        services.signaler_initiative(user, action, "Exemple")
    with pytest.raises(PermissionDenied):
        services.obtenir_feuille(user, hdf)
    assert _action(hdf, "7").statut == ""
    assert LienActionNationale.objects.filter(pk=lien.pk, etat="propose").exists()


def test_confirm_then_reject_a_link(hdf, comptes):
    lien = _action(hdf, "7").liens_nationaux.get()
    services.confirmer_lien(comptes["ars32"], lien)
    lien.refresh_from_db()
    assert lien.etat == LienActionNationale.Etat.CONFIRME
    assert lien.confirme_par == comptes["ars32"] and lien.confirme_le
    services.rejeter_lien(comptes["admin"], lien, motif="Doublon")
    assert not LienActionNationale.objects.filter(pk=lien.pk).exists()
    entree = EntreeJournal.objects.filter(action="rejet").get()
    assert entree.avant["etat"] == "confirme" and entree.motif == "Doublon"


def test_flag_and_unflag_an_initiative(hdf, comptes):
    action = _action(hdf, "26")
    services.signaler_initiative(comptes["ars32"], action, "QualityRights en région")
    assert [a.numero for a in queries.initiatives()] == ["26", "58"]
    services.signaler_initiative(comptes["ars32"], _action(hdf, "26"), "")
    assert [a.numero for a in queries.initiatives()] == ["58"]


def test_create_an_action_in_a_new_objective(hdf, comptes):
    version = queries.version_courante(hdf)
    valeurs = services.valeurs_de(_action(hdf, "62")) | {
        "numero": "62 bis",
        "objectif": "7",
        "objectif_intitule": "Nouvel objectif",
        "actions_nationales": (("26", "propose"),),
        "jalons": (),
    }
    action, _ = services.enregistrer_action(comptes["admin"], version, valeurs)
    assert action.rang > _action(hdf, "62").rang
    assert action.objectif.code == "7"
    assert ActionRegionale.objects.filter(version=version).count() == 63


@pytest.mark.parametrize(
    "champs",
    [
        {"statut": "en_cours"},
        {"date_debut": datetime.date(2026, 1, 1), "date_fin": datetime.date(2025, 1, 1)},
        {"initiative_a_valoriser": True, "initiative_note": ""},
    ],
)
def test_database_constraints_refuse_invalid_actions(hdf, champs):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionRegionale.objects.filter(numero="3").update(**champs)
