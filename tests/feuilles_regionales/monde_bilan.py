"""A small world for the regional bilan tests: two regions, the minimal national referential,
a Hauts-de-France roadmap of four actions (numbered out of order), an open 2025 campaign and
one account per role. Built with factories in well under a second (the shipped roadmap takes
several)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from jalon.campagnes.models import Campagne
from jalon.feuilles_regionales.models import (
    ActionRegionale,
    Jalon,
    LienActionNationale,
    ObjectifRegional,
)
from jalon.referentiel.models import Plan, PlanVersion
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory, TerritoireFactory, referentiel_minimal


def construire_monde_bilan():
    ref = referentiel_minimal()
    hdf = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France", ordre=32)
    occitanie = TerritoireFactory(code="REG-76", cog="76", nom="Occitanie", ordre=76)
    plan = Plan.objects.create(
        code="fdr-reg-32",
        nom="Feuille de route santé mentale — Hauts-de-France",
        nature=Plan.Nature.FEUILLE_ROUTE_REGIONALE,
        territoire=hdf,
    )
    version = PlanVersion.objects.create(
        plan=plan, code="2024", libelle="Feuille de route régionale", est_courante=True
    )
    gouvernance = ObjectifRegional.objects.create(
        version=version, code="G", libelle="Gouvernance", ordre=0
    )
    objectif = ObjectifRegional.objects.create(
        version=version, code="1", libelle="Prévenir le suicide", ordre=1
    )
    actions = {}
    for numero, obj, titre in [
        ("10", objectif, "Former les sentinelles"),
        ("2", objectif, "Étendre VigilanS"),
        ("1", gouvernance, "Installer le comité régional"),
        ("2 bis", objectif, "Relayer le 3114"),
    ]:
        actions[numero] = ActionRegionale.objects.create(
            version=version, objectif=obj, numero=numero, titre=titre
        )
    LienActionNationale.objects.create(
        action_regionale=actions["2"],
        action=ref.actions["6"].action,
        etat=LienActionNationale.Etat.CONFIRME,
        confirme_le=timezone.now(),
    )
    jalon = Jalon.objects.create(action=actions["2"], libelle="Convention signée")
    aujourd_hui = timezone.localdate()
    campagne = Campagne.objects.create(
        annee=2025,
        **Campagne.calendrier_par_defaut(2025)
        | {"echeance_bilan_regional": aujourd_hui + datetime.timedelta(days=30)},
    )
    return SimpleNamespace(
        ref=ref,
        hdf=hdf,
        occitanie=occitanie,
        france=Territoire.objects.get(code="FR"),
        version=version,
        actions=actions,
        jalon=jalon,
        campagne=campagne,
        ars32=CompteFactory(referent_ars=True, territoire=hdf, username="ars32"),
        ars76=CompteFactory(referent_ars=True, territoire=occitanie, username="ars76"),
        admin=CompteFactory(admin=True, username="admin-bilan"),
        pilote=CompteFactory(pilote=True, organisation=ref.organisations["DGOS"], username="dgos"),
        lecteur=CompteFactory(username="lecteur-bilan"),
    )
