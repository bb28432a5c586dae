"""Public read of the registered PTSM and of their counts per region.

Synthetic territories (`jalon generate-synthetic`, code ``PTSM-SYN-…``) are never listed. The
coordinator's contact is given to signed-in sessions only (as on the page); anonymous calls
get null.
"""

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jalon.api.pagination import Pagination
from jalon.territoires import perms, ptsm

router = Router(tags=["PTSM"])


class PTSMSchema(Schema):
    code: str = Field(description="PTSM-<identifiant>, casse conservée.")
    nom: str
    region: str | None = Field(description="Code de la région (REG-xx).")
    departements: list[str] = Field(description="Codes des départements couverts (DEP-xx).")
    ctsm_signe: bool
    ctsm_signe_le: str | None = Field(description="Date de signature du CTSM (AAAA-MM-JJ).")
    coordinateur_nom: str | None = Field(description="Réservé aux comptes connectés.")
    coordinateur_email: str | None = Field(description="Réservé aux comptes connectés.")
    coordinateur_telephone: str | None = Field(description="Réservé aux comptes connectés.")


class CompteRegionSchema(Schema):
    region: str
    nom: str
    ptsm: int = Field(description="PTSM enregistrés dans Jalon.")
    ctsm_signes: int


class ComptesSchema(Schema):
    ptsm: int = Field(description="PTSM enregistrés dans Jalon, toutes régions.")
    ctsm_signes: int
    regions: list[CompteRegionSchema]


def _schema(fiche, contacts: bool) -> dict:
    region = ptsm.region_de_fiche(fiche)
    return {
        "code": fiche.territoire.code,
        "nom": fiche.territoire.nom,
        "region": region.code if region else None,
        "departements": sorted(d.code for d in fiche.departements.all()),
        "ctsm_signe": fiche.ctsm_signe,
        "ctsm_signe_le": fiche.ctsm_signe_le.isoformat() if fiche.ctsm_signe_le else None,
        "coordinateur_nom": fiche.coordinateur_nom if contacts else None,
        "coordinateur_email": fiche.coordinateur_email if contacts else None,
        "coordinateur_telephone": fiche.coordinateur_telephone if contacts else None,
    }


@router.get(
    "/ptsm",
    response=list[PTSMSchema],
    summary="Lister les PTSM enregistrés",
    description="Les projets territoriaux de santé mentale importés par l'administration "
    "nationale, avec leurs départements et l'état de leur CTSM.",
)
@paginate(Pagination)
def lister(request: HttpRequest):
    contacts = perms.can_read_ptsm_contacts(request.user)
    return [_schema(fiche, contacts) for fiche in ptsm.fiches_reelles()]


@router.get(
    "/ptsm/comptes",
    response=ComptesSchema,
    summary="Nombre de PTSM et de CTSM signés par région",
)
def comptes(request: HttpRequest):
    tableau = ptsm.tableau(request.user)
    return {
        "ptsm": tableau.nombre,
        "ctsm_signes": tableau.ctsm_signes,
        "regions": [
            {
                "region": ligne.region.code,
                "nom": ligne.region.nom,
                "ptsm": ligne.nombre,
                "ctsm_signes": ligne.ctsm_signes,
            }
            for ligne in tableau.regions
        ],
    }
