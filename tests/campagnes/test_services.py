import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jalon.campagnes import services, verrous
from jalon.campagnes.models import Campagne
from jalon.journal.models import EntreeJournal

pytestmark = pytest.mark.django_db


def test_admin_opens_a_campaign_with_the_instruction_calendar(monde):
    campagne = services.ouvrir_campagne(monde.u.admin, 2024)

    assert campagne.echeance_valeurs_regionales == datetime.date(2024, 12, 1)
    assert campagne.echeance_bilan_regional == datetime.date(2024, 12, 31)
    assert campagne.echeance_bilan_national == datetime.date(2025, 3, 31)
    entree = EntreeJournal.objects.get(action="ouverture")
    assert entree.utilisateur == monde.u.admin
    assert entree.apres["echeance_valeurs_regionales"] == "2024-12-01"


def test_dates_are_editable_per_campaign(monde):
    campagne = services.ouvrir_campagne(
        monde.u.admin, 2024, echeance_valeurs_regionales=datetime.date(2024, 9, 15)
    )
    services.modifier_calendrier(
        monde.u.admin, campagne, echeance_bilan_national=datetime.date(2025, 2, 28)
    )

    campagne.refresh_from_db()
    assert campagne.echeance_valeurs_regionales == datetime.date(2024, 9, 15)
    assert campagne.echeance_bilan_national == datetime.date(2025, 2, 28)


@pytest.mark.parametrize("qui", ["ars", "pilote", "lecteur"])
def test_only_the_national_admin_manages_campaigns(monde, qui):
    user = getattr(monde.u, qui)
    with pytest.raises(PermissionDenied):
        services.ouvrir_campagne(user, 2024)
    with pytest.raises(PermissionDenied):
        services.cloturer_campagne(user, monde.campagne)
    with pytest.raises(PermissionDenied):
        services.accorder_exception(
            user,
            monde.campagne,
            region=monde.hdf,
            jusqu_au=datetime.date.today(),
            motif="retard",
        )
    assert not Campagne.objects.filter(annee=2024).exists()


def test_a_year_has_one_campaign(monde):
    with pytest.raises(ValidationError):
        services.ouvrir_campagne(monde.u.admin, 2023)


def test_entry_locks_after_the_deadline(monde):
    c, u, ind = monde.campagne, monde.u, monde.ind

    assert verrous.motif_verrou(u.ars, c, ind.ars_reg, monde.hdf, monde.avant_echeance) == ""
    # The deadline day itself is still open.
    assert verrous.motif_verrou(u.ars, c, ind.ars_reg, monde.hdf, datetime.date(2023, 12, 1)) == ""
    motif = verrous.motif_verrou(u.ars, c, ind.ars_reg, monde.hdf, monde.apres_echeance)
    assert "01/12/2023" in motif
    # Providers have their own deadline (31 January N+1 by default).
    assert verrous.motif_verrou(u.pilote, c, ind.dgos_reg, monde.hdf, monde.apres_echeance) == ""
    # The national admin is never locked out.
    assert verrous.motif_verrou(u.admin, c, ind.ars_reg, monde.hdf, monde.apres_echeance) == ""


def test_closed_campaign_locks_everything_until_reopened(monde):
    services.cloturer_campagne(monde.u.admin, monde.campagne)

    motif = verrous.motif_verrou(
        monde.u.ars, monde.campagne, monde.ind.ars_reg, monde.hdf, monde.avant_echeance
    )
    assert "clôturée" in motif
    with pytest.raises(ValidationError):
        services.rouvrir_campagne(monde.u.admin, monde.campagne, motif=" ")
    services.rouvrir_campagne(monde.u.admin, monde.campagne, motif="Oubli de la Corse")
    assert monde.campagne.est_ouverte
    assert EntreeJournal.objects.filter(action__in=["cloture", "reouverture"]).count() == 2


def test_an_exception_reopens_one_region_and_is_audited(monde, settings):
    c, u, ind = monde.campagne, monde.u, monde.ind
    apres = datetime.date.today() + datetime.timedelta(days=1)
    c.echeance_valeurs_regionales = datetime.date.today() - datetime.timedelta(days=3)
    c.save()

    exception = services.accorder_exception(
        u.admin, c, region=monde.hdf, indicateur=ind.ars_dep, jusqu_au=apres, motif="Panne SI"
    )

    assert verrous.motif_verrou(u.ars, c, ind.ars_dep, monde.nord) == ""
    assert verrous.motif_verrou(u.ars, c, ind.ars_reg, monde.hdf) != ""  # other indicator
    assert verrous.motif_verrou(u.ars_idf, c, ind.ars_dep, monde.paris) != ""  # other region
    # The exception ends on its last day.
    assert verrous.motif_verrou(u.ars, c, ind.ars_dep, monde.nord, apres) == ""
    lendemain = apres + datetime.timedelta(days=1)
    assert verrous.motif_verrou(u.ars, c, ind.ars_dep, monde.nord, lendemain) != ""
    journal = EntreeJournal.objects.get(action="exception")
    assert (journal.motif, journal.apres["region"]) == ("Panne SI", "REG-32")

    services.revoquer_exception(u.admin, exception, motif="Saisie faite")
    assert verrous.motif_verrou(u.ars, c, ind.ars_dep, monde.nord) != ""


def test_exception_rules(monde):
    demain = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="région ou un fournisseur"):
        services.accorder_exception(monde.u.admin, monde.campagne, jusqu_au=demain, motif="x")
    with pytest.raises(ValidationError, match="n'est pas une région"):
        services.accorder_exception(
            monde.u.admin, monde.campagne, region=monde.nord, jusqu_au=demain, motif="x"
        )
    with pytest.raises(ValidationError, match="pas fourni par"):
        services.accorder_exception(
            monde.u.admin,
            monde.campagne,
            organisation=monde.drees,
            indicateur=monde.ind.dgos_reg,
            jusqu_au=demain,
            motif="x",
        )
    exception = services.accorder_exception(
        monde.u.admin, monde.campagne, organisation=monde.dgos, jusqu_au=demain, motif="SAE tardive"
    )
    assert verrous.exception_pour(monde.campagne, monde.ind.dgos_nat, monde.fr) == exception
