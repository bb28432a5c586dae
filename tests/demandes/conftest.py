"""Request fixtures: the campaign tests' small world (two regions, ARS and national
indicators, one account per role) and a published request to Hauts-de-France and
Île-de-France with two questions and two ARS indicators."""

import datetime

import pytest
from django.utils import timezone

from jalon.demandes import services
from tests.campagnes.monde import construire_monde


@pytest.fixture
def monde(db):
    return construire_monde()


def nouvelle_demande(monde, *, publier=True, regions=None, **champs):
    valeurs = {
        "titre": "Dispositifs de prévention du suicide",
        "contexte": "Point d'étape demandé par le comité de pilotage.",
        "echeance": timezone.localdate() + datetime.timedelta(days=10),
        "regions": regions if regions is not None else [monde.hdf, monde.idf],
        "questions": ["Où en est le déploiement de VigilanS ?", "Quelles difficultés ?"],
        "indicateurs": [monde.ind.ars_reg, monde.ind.ars_dep],
        "periode": "2024-S1",
    } | champs
    demande = services.creer_demande(monde.u.admin, **valeurs)
    if publier:
        services.publier_demande(monde.u.admin, demande)
        demande.refresh_from_db()
    return demande


@pytest.fixture
def demande(monde):
    return nouvelle_demande(monde)


def echeance_passee(demande, jours=3):
    """Move the deadline into the past (publication refuses a past deadline)."""
    demande.echeance = timezone.localdate() - datetime.timedelta(days=jours)
    demande.save(update_fields=["echeance"])
