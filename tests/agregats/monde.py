"""A small world for the aggregate tests: France, two regions, three departments, three PTSM,
an admin, and indicators of each maille and frequency. Values are written through the values
services (as the application does), so the tests hold whatever the implementation behind
`jalon.agregats`."""

from types import SimpleNamespace

from jalon.comptes.models import Utilisateur
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import Valeur
from jalon.saisies.services import enregistrer_valeur, soumettre_valeurs, valider_valeurs
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory, IndicateurFactory

N = Territoire.Niveau
M = Indicateur.Maille
F = Indicateur.Frequence


def construire_monde():
    def territoire(code, niveau, nom, parent=None, ordre=0):
        return Territoire.objects.create(
            code=code, niveau=niveau, nom=nom, parent=parent, ordre=ordre
        )

    fr = territoire("FR", N.PAYS, "France")
    hdf = territoire("REG-32", N.REGION, "Hauts-de-France", fr, ordre=2)
    idf = territoire("REG-11", N.REGION, "Île-de-France", fr, ordre=1)
    nord = territoire("DEP-59", N.DEPARTEMENT, "Nord", hdf)
    pas = territoire("DEP-62", N.DEPARTEMENT, "Pas-de-Calais", hdf)
    paris = territoire("DEP-75", N.DEPARTEMENT, "Paris", idf)
    lille = territoire("PTSM-59-A", N.PTSM, "PTSM A", nord)
    dunkerque = territoire("PTSM-59-B", N.PTSM, "PTSM B", nord)
    ptsm_paris = territoire("PTSM-75-A", N.PTSM, "PTSM C", paris)
    ind = SimpleNamespace(
        mensuel=IndicateurFactory(
            code="A016INDR01", maille=M.INFRA_DEPARTEMENTALE, frequence=F.MENSUELLE
        ),
        taux=IndicateurFactory(
            code="A016INDM01",
            maille=M.INFRA_DEPARTEMENTALE,
            frequence=F.MENSUELLE,
            unite="pourcentage",
        ),
        regional=IndicateurFactory(code="A017quaterINDR01", maille=M.REGIONALE),
        national=IndicateurFactory(
            code="A033INDM01", maille=M.NATIONALE, unite="pourcentage", sens="baisse"
        ),
        semestriel=IndicateurFactory(
            code="A01INDR01", maille=M.NATIONALE, frequence=F.BISANNUELLE, unite="indice"
        ),
    )
    admin = CompteFactory(username="admin", role=Utilisateur.Role.ADMIN_NATIONAL)
    return SimpleNamespace(
        fr=fr,
        hdf=hdf,
        idf=idf,
        nord=nord,
        pas=pas,
        paris=paris,
        lille=lille,
        dunkerque=dunkerque,
        ptsm_paris=ptsm_paris,
        ind=ind,
        admin=admin,
    )


def ecrire(monde, indicateur, territoire, periode, valeur, *, valider=False, **kwargs) -> Valeur:
    """Enter a value as the national admin; with ``valider``, submit and validate it too."""
    stockee = enregistrer_valeur(
        monde.admin,
        indicateur,
        territoire,
        periode,
        valeur,
        canal=Valeur.Canal.FORMULAIRE,
        commentaire=kwargs.pop("commentaire", "saisie de test"),
        **kwargs,
    )
    if valider:
        soumettre_valeurs(monde.admin, [stockee])
        valider_valeurs(monde.admin, [stockee])
        stockee.refresh_from_db()
    return stockee
