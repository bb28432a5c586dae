"""A small world for the values import tests: France, two regions with departments and a
PTSM, one account per role, indicators at each maille, and helpers to write files."""

import csv
import io
from types import SimpleNamespace

import openpyxl

from jalon.comptes.models import Utilisateur
from jalon.referentiel.models import Indicateur
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory, IndicateurFactory, OrganisationFactory

Role = Utilisateur.Role
N = Territoire.Niveau
M = Indicateur.Maille
EN_TETE = ["indicateur", "territoire", "periode", "valeur", "source", "commentaire"]


def construire_monde():
    fr = Territoire.objects.create(code="FR", niveau=N.PAYS, nom="France")
    hdf = Territoire.objects.create(
        code="REG-32", cog="32", niveau=N.REGION, nom="Hauts-de-France", parent=fr
    )
    nord = Territoire.objects.create(
        code="DEP-59", cog="59", niveau=N.DEPARTEMENT, nom="Nord", parent=hdf
    )
    pas = Territoire.objects.create(
        code="DEP-62", cog="62", niveau=N.DEPARTEMENT, nom="Pas-de-Calais", parent=hdf
    )
    ptsm = Territoire.objects.create(
        code="PTSM-59-1", niveau=N.PTSM, nom="PTSM de Lille", parent=nord
    )
    idf = Territoire.objects.create(
        code="REG-11", cog="11", niveau=N.REGION, nom="Île-de-France", parent=fr
    )
    paris = Territoire.objects.create(
        code="DEP-75", cog="75", niveau=N.DEPARTEMENT, nom="Paris", parent=idf
    )
    dgos = OrganisationFactory(code="DGOS")
    drees = OrganisationFactory(code="DREES")
    ind = SimpleNamespace(
        ars=IndicateurFactory(code="A017quaterINDM01", ars=True, maille=M.REGIONALE),
        ars_dep=IndicateurFactory(code="A015INDR01", ars=True, maille=M.DEPARTEMENTALE),
        dgos=IndicateurFactory(code="A017quaterINDR01", fournisseur=dgos, maille=M.REGIONALE),
        dgos_mois=IndicateurFactory(
            code="A020INDM01",
            fournisseur=dgos,
            maille=M.NATIONALE,
            frequence=Indicateur.Frequence.MENSUELLE,
        ),
        drees_dep=IndicateurFactory(code="A06INDR01", fournisseur=drees, maille=M.DEPARTEMENTALE),
        taux=IndicateurFactory(
            code="A033INDM01", fournisseur=dgos, maille=M.NATIONALE, unite="pourcentage"
        ),
    )
    u = SimpleNamespace(
        admin=CompteFactory(username="admin", role=Role.ADMIN_NATIONAL),
        pilote=CompteFactory(username="dgos", role=Role.PILOTE_NATIONAL, organisation=dgos),
        ars=CompteFactory(username="ars-32", role=Role.REFERENT_ARS, territoire=hdf),
        ars_idf=CompteFactory(username="ars-11", role=Role.REFERENT_ARS, territoire=idf),
        contributeur=CompteFactory(username="ptsm", role=Role.CONTRIBUTEUR, territoire=nord),
        lecteur=CompteFactory(username="lecteur", role=Role.LECTEUR),
    )
    return SimpleNamespace(
        fr=fr, hdf=hdf, nord=nord, pas=pas, ptsm=ptsm, idf=idf, paris=paris, ind=ind, u=u
    )


def texte_csv(lignes, *, separateur=",", en_tete=EN_TETE) -> str:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=separateur, lineterminator="\n")
    ecrivain.writerow(en_tete)
    ecrivain.writerows(lignes)
    return tampon.getvalue()


def ecrire_csv(dossier, lignes, nom="valeurs.csv", *, separateur=",", bom=False, **kwargs):
    chemin = dossier / nom
    texte = texte_csv(lignes, separateur=separateur, **kwargs)
    chemin.write_text(texte, encoding="utf-8-sig" if bom else "utf-8")
    return chemin


def ecrire_xlsx(dossier, lignes, nom="valeurs.xlsx", en_tete=EN_TETE):
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(en_tete)
    for ligne in lignes:
        feuille.append(list(ligne))
    chemin = dossier / nom
    classeur.save(chemin)
    return chemin
