import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from jalon.campagnes.models import EnvoiRelance
from jalon.campagnes.relances import envoyer_relances
from jalon.saisies import services as saisies
from tests.factories import CompteFactory

pytestmark = pytest.mark.django_db

ECHEANCE_ARS = datetime.date(2023, 12, 1)
ECHEANCE_NAT = datetime.date(2024, 1, 31)


def _destinataires():
    return sorted(m.to[0] for m in mail.outbox)


@pytest.mark.parametrize("avant", [30, 15, 7, 1])
def test_ars_reminded_at_each_step_before_the_deadline(monde, avant):
    envoyer_relances(ECHEANCE_ARS - datetime.timedelta(days=avant))

    assert _destinataires() == ["ars11@example.org", "ars32@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ars32@example.org"])
    assert "Hauts-de-France" in message.subject and "3 valeur(s) manquante(s)" in message.subject
    assert "A015INDM01 — Pas-de-Calais (vide)" in message.body
    assert "/campagnes/2023/regions/REG-32/saisie/" in message.body


@pytest.mark.parametrize("avant", [29, 14, 8, 2, 0])
def test_no_reminder_on_other_days(monde, avant):
    assert envoyer_relances(ECHEANCE_ARS - datetime.timedelta(days=avant)) == []
    assert mail.outbox == []


def test_overdue_reminders_the_day_after_then_weekly(monde):
    jours = [ECHEANCE_ARS + datetime.timedelta(days=n) for n in (1, 2, 7, 8, 15)]
    envois = {jour: len(envoyer_relances(jour)) for jour in jours}

    assert [envois[j] for j in jours] == [2, 0, 0, 2, 2]
    assert "dépassée" in mail.outbox[0].subject


def test_only_those_with_something_missing_are_reminded(monde):
    jour = ECHEANCE_ARS - datetime.timedelta(days=7)
    valeurs = [
        saisies.enregistrer_valeur(monde.u.ars, i, t, "2023", "4", canal="formulaire")
        for i, t in [
            (monde.ind.ars_reg, monde.hdf),
            (monde.ind.ars_dep, monde.nord),
            (monde.ind.ars_dep, monde.pdc),
        ]
    ]
    # A draft is still missing: Hauts-de-France is reminded until it submits.
    assert "ars32@example.org" in {
        r.destinataire.email for r in envoyer_relances(jour, dry_run=True)
    }
    saisies.soumettre_valeurs(monde.u.ars, valeurs)
    # Someone without an e-mail, an inactive account and a reader get nothing either.
    CompteFactory(username="sans-mel", role="referent_ars", territoire=monde.idf, email="")
    CompteFactory(
        username="parti",
        role="referent_ars",
        territoire=monde.idf,
        email="x@ex.org",
        is_active=False,
    )

    envoyer_relances(jour)

    assert _destinataires() == ["ars11@example.org"]


def test_providers_get_their_own_deadline(monde):
    envoyer_relances(ECHEANCE_NAT - datetime.timedelta(days=15))

    assert _destinataires() == ["dgos@ex.org", "drees@ex.org"]
    dgos = next(m for m in mail.outbox if m.to == ["dgos@ex.org"])
    assert "A020INDM03 — France (vide)" in dgos.body
    assert "/campagnes/2023/fournisseurs/DGOS/" in dgos.body


def test_idempotent_per_day_and_dry_run_sends_nothing(monde):
    jour = ECHEANCE_ARS - datetime.timedelta(days=1)

    assert len(envoyer_relances(jour, dry_run=True)) == 2
    assert mail.outbox == [] and not EnvoiRelance.objects.exists()
    envoyer_relances(jour)
    envoyer_relances(jour)

    assert len(mail.outbox) == 2
    assert EnvoiRelance.objects.count() == 2


def test_closed_campaign_sends_nothing(monde):
    monde.campagne.statut = "cloturee"
    monde.campagne.save()

    assert envoyer_relances(ECHEANCE_ARS - datetime.timedelta(days=1)) == []


def test_command(monde, capsys):
    call_command("send_reminders", "--date", "2023-11-30", "--base-url", "https://jalon.example")

    sortie = capsys.readouterr().out
    assert "2 relance(s) envoyée(s)" in sortie
    assert "https://jalon.example/campagnes/2023/regions/REG-11/saisie/" in mail.outbox[0].body
    call_command("send_reminders", "--date", "2023-11-30")
    assert "0 relance(s) envoyée(s)" in capsys.readouterr().out
