"""A small world for account and permission tests: two regions, their departments, a PTSM,
one account per role, and three indicators (filled by ARS, provided by DGOS, by DREES)."""

from types import SimpleNamespace

from jalon.comptes.models import Utilisateur
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory, IndicateurFactory, OrganisationFactory

Role = Utilisateur.Role
N = Territoire.Niveau


def build_world():
    fr = Territoire.objects.create(code="FR", niveau=N.PAYS, nom="France")
    hdf = Territoire.objects.create(
        code="REG-32", cog="32", niveau=N.REGION, nom="Hauts-de-France", parent=fr
    )
    nord = Territoire.objects.create(
        code="DEP-59", cog="59", niveau=N.DEPARTEMENT, nom="Nord", parent=hdf
    )
    ptsm = Territoire.objects.create(
        code="PTSM-59-lille", niveau=N.PTSM, nom="PTSM de Lille", parent=nord
    )
    pas_de_calais = Territoire.objects.create(
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
    users = {
        "admin": CompteFactory(username="admin", role=Role.ADMIN_NATIONAL),
        "superuser": CompteFactory(username="root", is_superuser=True),
        "pilote": CompteFactory(username="dgos", role=Role.PILOTE_NATIONAL, organisation=dgos),
        "ars": CompteFactory(username="ars-32", role=Role.REFERENT_ARS, territoire=hdf),
        "ars_idf": CompteFactory(username="ars-11", role=Role.REFERENT_ARS, territoire=idf),
        "contributeur": CompteFactory(username="ptsm", role=Role.CONTRIBUTEUR, territoire=nord),
        "lecteur": CompteFactory(username="lecteur", role=Role.LECTEUR),
        "inactif": CompteFactory(
            username="ancien", role=Role.REFERENT_ARS, territoire=hdf, is_active=False
        ),
    }
    return SimpleNamespace(
        fr=fr,
        hdf=hdf,
        nord=nord,
        ptsm=ptsm,
        pas_de_calais=pas_de_calais,
        idf=idf,
        paris=paris,
        dgos=dgos,
        drees=drees,
        ind_ars=IndicateurFactory(code="IND-ARS", ars=True),
        ind_dgos=IndicateurFactory(code="IND-DGOS", fournisseur=dgos),
        ind_drees=IndicateurFactory(code="IND-DREES", fournisseur=drees),
        **users,
    )
