"""Request reminders: same schedule as the campaign's, only to the ARS with something
missing, once a day; `send-reminders` sends both kinds."""

import datetime

from django.core import mail
from django.core.management import call_command

from jalon.demandes import relances, services
from jalon.demandes.models import EnvoiRelanceDemande
from tests.demandes.conftest import nouvelle_demande


def test_reminders_follow_the_schedule_and_skip_complete_regions(monde):
    demande = nouvelle_demande(monde, indicateurs=[], periode="", questions=["Q"])
    question = demande.questions.get()
    services.enregistrer_reponse(monde.u.ars_idf, demande, monde.idf, question, "Réponse")
    veille = demande.echeance - datetime.timedelta(days=1)

    a_envoyer = relances.relances_du_jour(veille)
    assert [r.destinataire.username for r in a_envoyer] == ["ars-32"]
    assert relances.relances_du_jour(demande.echeance - datetime.timedelta(days=2)) == []
    assert [
        r.destinataire.username
        for r in relances.relances_du_jour(demande.echeance + datetime.timedelta(days=1))
    ] == ["ars-32"]
    assert relances.relances_du_jour(demande.echeance + datetime.timedelta(days=2)) == []


def test_send_is_idempotent_and_names_what_is_missing(monde):
    demande = nouvelle_demande(monde)
    veille = demande.echeance - datetime.timedelta(days=1)

    envoyees = relances.envoyer_relances(veille, base_url="https://jalon.example")

    assert {r.destinataire.username for r in envoyees} == {"ars-32", "ars-11"}
    corps = next(m.body for m in mail.outbox if m.to == ["ars32@example.org"])
    assert "question 1" in corps and "A015INDM01 — Nord (vide)" in corps
    assert f"https://jalon.example/demandes/{demande.pk}/regions/REG-32/" in corps
    assert relances.envoyer_relances(veille) == []
    assert EnvoiRelanceDemande.objects.count() == 2


def test_transmitted_closed_or_closed_request_are_not_reminded(monde):
    demande = nouvelle_demande(monde)
    veille = demande.echeance - datetime.timedelta(days=1)
    services.clore_reponse(monde.u.admin, demande, monde.hdf)

    assert [r.destinataire.username for r in relances.relances_du_jour(veille)] == ["ars-11"]
    services.cloturer_demande(monde.u.admin, demande)
    assert relances.relances_du_jour(veille) == []


def test_the_command_sends_request_reminders_too(monde, capsys):
    demande = nouvelle_demande(monde, regions=[monde.hdf])
    jour = (demande.echeance - datetime.timedelta(days=7)).isoformat()

    call_command("send_reminders", "--date", jour)

    assert "1 relance(s) de demande ponctuelle envoyée(s)" in capsys.readouterr().out
