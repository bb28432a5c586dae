"""A small world for campaign tests (two regions, five indicators, one account per
role, the 2023 campaign) shared by tests/campagnes and tests/www/test_campagnes*."""

import datetime
from types import SimpleNamespace

from jalon.campagnes.models import Campagne
from jalon.comptes.models import Utilisateur
from jalon.referentiel.models import Indicateur
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory, IndicateurFactory, OrganisationFactory

Role = Utilisateur.Role
N = Territoire.Niveau
M = Indicateur.Maille


def construire_monde():
    fr = Territoire.objects.create(code="FR", niveau=N.PAYS, nom="France")
    hdf = Territoire.objects.create(
        code="REG-32", cog="32", niveau=N.REGION, nom="Hauts-de-France", parent=fr
    )
    nord = Territoire.objects.create(
        code="DEP-59", cog="59", niveau=N.DEPARTEMENT, nom="Nord", parent=hdf
    )
    pdc = Territoire.objects.create(
        code="DEP-62", cog="62", niveau=N.DEPARTEMENT, nom="Pas-de-Calais", parent=hdf
    )
    idf = Territoire.objects.create(
        code="REG-11", cog="11", niveau=N.REGION, nom="Île-de-France", parent=fr
    )
    paris = Territoire.objects.create(
        code="DEP-75", cog="75", niveau=N.DEPARTEMENT, nom="Paris", parent=idf
    )
    dgos = OrganisationFactory(code="DGOS")
    drees = OrganisationFactory(code="DREES")
    ars_org = OrganisationFactory(code="ARS")
    ind = SimpleNamespace(
        ars_reg=IndicateurFactory(
            code="A010INDM01", ars=True, fournisseur=ars_org, maille=M.REGIONALE
        ),
        ars_dep=IndicateurFactory(
            code="A015INDM01", ars=True, fournisseur=ars_org, maille=M.DEPARTEMENTALE
        ),
        dgos_reg=IndicateurFactory(code="A020INDM02", fournisseur=dgos, maille=M.REGIONALE),
        dgos_nat=IndicateurFactory(
            code="A020INDM03",
            fournisseur=dgos,
            maille=M.NATIONALE,
            frequence=Indicateur.Frequence.BISANNUELLE,
        ),
        drees_infra=IndicateurFactory(
            code="A030INDR01",
            fournisseur=drees,
            maille=M.INFRA_DEPARTEMENTALE,
            frequence=Indicateur.Frequence.MENSUELLE,
        ),
        a_fixer=IndicateurFactory(code="A099INDM01", fournisseur=None, maille=M.A_FIXER),
        retire=IndicateurFactory(code="A098INDM01", fournisseur=dgos, retire=True),
    )
    users = SimpleNamespace(
        admin=CompteFactory(username="admin", role=Role.ADMIN_NATIONAL),
        ars=CompteFactory(
            username="ars-32", role=Role.REFERENT_ARS, territoire=hdf, email="ars32@example.org"
        ),
        ars_idf=CompteFactory(
            username="ars-11", role=Role.REFERENT_ARS, territoire=idf, email="ars11@example.org"
        ),
        pilote=CompteFactory(
            username="dgos", role=Role.PILOTE_NATIONAL, organisation=dgos, email="dgos@ex.org"
        ),
        pilote_drees=CompteFactory(
            username="drees", role=Role.PILOTE_NATIONAL, organisation=drees, email="drees@ex.org"
        ),
        lecteur=CompteFactory(username="lecteur", role=Role.LECTEUR),
    )
    campagne = Campagne.objects.create(
        annee=2023, ouverte_par=users.admin, **Campagne.calendrier_par_defaut(2023)
    )
    return SimpleNamespace(
        fr=fr,
        hdf=hdf,
        nord=nord,
        pdc=pdc,
        idf=idf,
        paris=paris,
        dgos=dgos,
        drees=drees,
        ind=ind,
        u=users,
        campagne=campagne,
        avant_echeance=datetime.date(2023, 11, 20),
        apres_echeance=datetime.date(2023, 12, 5),
    )
