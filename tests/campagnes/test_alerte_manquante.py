"""The national dashboard's "missing value" alert: each region or national provider that still
owes submitted values to the current campaign is listed with its count and a link to its
campaign page, and leaves the list once everything expected is submitted."""

import pytest
from django.urls import reverse

from jalon.saisies.models import Valeur
from jalon.tableaux.national import tableau_national

pytestmark = pytest.mark.django_db


def _manquantes():
    return {a.titre: a for a in tableau_national().alertes if a.genre == "manquante"}


def test_who_owes_values_to_the_campaign_is_alerted_until_it_submits(monde):
    alertes = _manquantes()
    hdf = alertes["Valeurs manquantes : Hauts-de-France"]
    assert hdf.message.startswith("3 valeur(s) sur 3 attendues de cette région ne sont pas")
    assert "campagne 2023" in hdf.message
    assert hdf.url == reverse("www:campagne_region", args=[2023, "REG-32"])
    assert "Valeurs manquantes : Île-de-France" in alertes
    dgos = next(a for a in alertes.values() if a.url.endswith("/DGOS/"))
    assert dgos.url == reverse("www:campagne_fournisseur", args=[2023, "DGOS"])
    assert "attendues de ce fournisseur" in dgos.message

    # A draft is not a submission: Hauts-de-France still owes it.
    Valeur.objects.create(
        indicateur=monde.ind.ars_reg, territoire=monde.hdf, periode="2023", valeur=7
    )
    assert _manquantes()["Valeurs manquantes : Hauts-de-France"].message.startswith("3 valeur")

    Valeur.objects.filter(territoire=monde.hdf).update(statut=Valeur.Statut.SOUMISE)
    for departement in (monde.nord, monde.pdc):
        Valeur.objects.create(
            indicateur=monde.ind.ars_dep,
            territoire=departement,
            periode="2023",
            valeur=2,
            statut=Valeur.Statut.VALIDEE,
        )
    alertes = _manquantes()
    assert "Valeurs manquantes : Hauts-de-France" not in alertes
    assert "Valeurs manquantes : Île-de-France" in alertes
