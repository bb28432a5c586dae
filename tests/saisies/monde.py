"""A small world for the values tests: France, two regions with departments and a PTSM, one
account per role, and indicators at each maille (filled by ARS, provided by DGOS or DREES)."""

from types import SimpleNamespace

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
    ptsm = Territoire.objects.create(
        code="PTSM-59-lille", niveau=N.PTSM, nom="PTSM de Lille", parent=nord
    )
    idf = Territoire.objects.create(
        code="REG-11", cog="11", niveau=N.REGION, nom="Île-de-France", parent=fr
    )
    paris = Territoire.objects.create(
        code="DEP-75", cog="75", niveau=N.DEPARTEMENT, nom="Paris", parent=idf
    )
    dgos = OrganisationFactory(code="DGOS")
    drees = OrganisationFactory(code="DREES")
    indicateurs = {
        "ars": IndicateurFactory(
            code="A017quaterINDM01", ars=True, maille=M.REGIONALE, unite="nombre"
        ),
        "ars_dep": IndicateurFactory(
            code="A015INDR01", ars=True, maille=M.DEPARTEMENTALE, unite="nombre"
        ),
        "dgos": IndicateurFactory(
            code="A017quaterINDR01", fournisseur=dgos, maille=M.REGIONALE, unite="nombre"
        ),
        "dgos_infra": IndicateurFactory(
            code="A017INDM01", fournisseur=dgos, maille=M.INFRA_DEPARTEMENTALE, unite="pourcentage"
        ),
        "drees_dep": IndicateurFactory(
            code="A06INDR01", fournisseur=drees, maille=M.DEPARTEMENTALE, unite="nombre"
        ),
        "national": IndicateurFactory(
            code="A033INDM01", fournisseur=dgos, maille=M.NATIONALE, unite="pourcentage"
        ),
    }
    comptes = {
        "admin": CompteFactory(username="admin", role=Role.ADMIN_NATIONAL),
        "pilote": CompteFactory(username="dgos", role=Role.PILOTE_NATIONAL, organisation=dgos),
        "ars": CompteFactory(username="ars-32", role=Role.REFERENT_ARS, territoire=hdf),
        "ars_idf": CompteFactory(username="ars-11", role=Role.REFERENT_ARS, territoire=idf),
        "contributeur": CompteFactory(username="ptsm", role=Role.CONTRIBUTEUR, territoire=nord),
        "lecteur": CompteFactory(username="lecteur", role=Role.LECTEUR),
    }
    return SimpleNamespace(
        fr=fr,
        hdf=hdf,
        nord=nord,
        ptsm=ptsm,
        idf=idf,
        paris=paris,
        dgos=dgos,
        drees=drees,
        ind=SimpleNamespace(**indicateurs),
        u=SimpleNamespace(**comptes),
    )
