"""Ad-hoc requests: read the requests and answers one may read, and, for the ARS, write its
region's answers and transmit them.

Token or session only; every endpoint checks `jalon.territoires.perms` like the pages and
writes through `jalon.demandes.services` (history, version check, deadline lock). A request
one may not read answers 404, as if it did not exist. Requested values are written with
POST /valeurs (the values service), then counted here.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from jalon.api.pagination import Pagination
from jalon.api.schemas import Erreur
from jalon.comptes.api_auth import token_or_session
from jalon.demandes import services, suivi, verrous
from jalon.demandes.models import Demande
from jalon.journal.models import EntreeJournal
from jalon.territoires import perms

router = Router(tags=["Demandes ponctuelles"], auth=token_or_session)


def _iso(moment):
    return moment.isoformat() if moment else None


class QuestionSchema(Schema):
    id: int
    rang: int
    texte: str


class CibleSchema(Schema):
    region: str = Field(description="Code de la région destinataire (REG-xx).")
    statut: str = Field(description="a_faire, en_cours, repondue ou close.")
    repondue_le: str | None = Field(description="Date et heure de transmission (ISO 8601).")
    dans_les_delais: bool | None = Field(description="Transmise au plus tard à l'échéance.")


class DemandeSchema(Schema):
    id: int
    titre: str
    contexte: str
    echeance: str
    periode: str = Field(description="Période des valeurs demandées (vide sans indicateur).")
    statut: str = Field(description="brouillon, publiee ou cloturee.")
    exemple_demo: bool = Field(description="Exemple créé pour la démonstration, non réel.")
    questions: list[QuestionSchema]
    indicateurs: list[str]
    regions: list[CibleSchema] = Field(
        description="Régions destinataires dont l'utilisateur peut lire la réponse."
    )


class ReponseSchema(Schema):
    question: int
    rang: int
    texte: str
    version: int = Field(description="À renvoyer en `version_lue` pour la modifier.")
    modifiee_le: str | None
    modifiee_par: str | None


class ValeurDemandeeSchema(Schema):
    indicateur: str
    territoire: str
    periode: str
    etat: str = Field(description="vide, brouillon, soumise, validee ou renvoyee.")
    valeur: str | None
    version: int = Field(description="À renvoyer en `version_lue` à POST /valeurs.")


class ReponseRegionSchema(Schema):
    region: str
    statut: str
    verrou: str = Field(description="Vide si la réponse est modifiable, sinon pourquoi pas.")
    reponses: list[ReponseSchema] = Field(
        description="Une entrée par question (texte vide et version 0 sans réponse)."
    )
    valeurs: list[ValeurDemandeeSchema]


class EcritureReponse(Schema):
    texte: str = Field(description="Réponse en texte libre.")
    version_lue: int = Field(description="Version lue (0 s'il n'y avait pas de réponse).")


def _schema_demande(user, demande) -> dict:
    lisibles = set(perms.regions_lisibles_demande(user, demande).values_list("pk", flat=True))
    return {
        "id": demande.pk,
        "titre": demande.titre,
        "contexte": demande.contexte,
        "echeance": demande.echeance.isoformat(),
        "periode": demande.periode,
        "statut": demande.statut,
        "exemple_demo": demande.exemple_demo,
        "questions": list(demande.questions.values("id", "rang", "texte")),
        "indicateurs": sorted(i.code for i in demande.indicateurs.all()),
        "regions": [
            {
                "region": c.region.code,
                "statut": c.statut,
                "repondue_le": _iso(c.repondue_le),
                "dans_les_delais": c.a_l_heure,
            }
            for c in demande.cibles.select_related("region")
            if c.region_id in lisibles
        ],
    }


def _demande(request, pk) -> Demande:
    visibles = perms.demandes_visibles(request.user, Demande.objects.all())
    return get_object_or_404(visibles, pk=pk)


def _region(request, demande, code):
    region = perms.regions_lisibles_demande(request.user, demande).filter(code=code).first()
    if region is None:
        raise HttpError(404, f"{code} n'est pas une région destinataire lisible de la demande.")
    return region


@router.get(
    "/demandes",
    response=list[DemandeSchema],
    summary="Demandes ponctuelles",
    description="Les demandes que l'utilisateur peut lire : toutes pour l'administration "
    "nationale, les demandes publiées qui visent sa région pour un référent ARS, aucune sinon.",
)
@paginate(Pagination)
def lister(request: HttpRequest):
    demandes = perms.demandes_visibles(request.user, Demande.objects.all())
    return [
        _schema_demande(request.user, d)
        for d in demandes.prefetch_related("indicateurs").order_by("-creee_le", "-pk")
    ]


@router.get(
    "/demandes/{pk}",
    response={200: DemandeSchema, 404: Erreur},
    summary="Une demande ponctuelle",
)
def lire(request: HttpRequest, pk: int):
    return _schema_demande(request.user, _demande(request, pk))


def _schema_region(user, demande, region) -> dict:
    cible = services.cible_de(demande, region)
    etat = suivi.etat_region(cible)
    return {
        "region": region.code,
        "statut": cible.statut,
        "verrou": verrous.motif_verrou(user, cible),
        "reponses": [
            {
                "question": q.pk,
                "rang": q.rang,
                "texte": r.texte if r else "",
                "version": r.version if r else 0,
                "modifiee_le": _iso(r.modifiee_le) if r else None,
                "modifiee_par": r.modifiee_par.get_username() if r and r.modifiee_par else None,
            }
            for q, r in etat.lignes_questions
        ],
        "valeurs": [
            {
                "indicateur": c.indicateur.code,
                "territoire": c.territoire.code,
                "periode": c.periode,
                "etat": c.etat,
                "valeur": format(c.valeur.valeur.normalize(), "f")
                if c.valeur is not None and c.valeur.valeur is not None
                else None,
                "version": c.valeur.version if c.valeur else 0,
            }
            for c in etat.cellules
        ],
    }


@router.get(
    "/demandes/{pk}/regions/{code}",
    response={200: ReponseRegionSchema, 404: Erreur},
    summary="La réponse d'une région",
)
def lire_region(request: HttpRequest, pk: int, code: str):
    demande = _demande(request, pk)
    return _schema_region(request.user, demande, _region(request, demande, code))


@router.put(
    "/demandes/{pk}/regions/{code}/reponses/{question}",
    response={200: ReponseSchema, 400: Erreur, 403: Erreur, 404: Erreur, 409: Erreur},
    summary="Répondre à une question",
    description="Crée ou modifie la réponse de la région. 409 si la réponse a changé depuis "
    "sa lecture (`version_lue`) ou si la réponse est verrouillée (échéance passée, réponse "
    "transmise ou close), 403 sans droit de répondre pour cette région.",
)
def repondre(request: HttpRequest, pk: int, code: str, question: int, corps: EcritureReponse):
    demande = _demande(request, pk)
    region = _region(request, demande, code)
    objet = get_object_or_404(demande.questions, pk=question)
    try:
        reponse = services.enregistrer_reponse(
            request.user,
            demande,
            region,
            objet,
            corps.texte,
            version_lue=corps.version_lue,
            canal=EntreeJournal.Canal.API,
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Accès refusé.") from exc
    except (services.ConflitDeReponse, verrous.ReponseVerrouillee) as exc:
        raise HttpError(409, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    return {
        "question": objet.pk,
        "rang": objet.rang,
        "texte": reponse.texte,
        "version": reponse.version,
        "modifiee_le": _iso(reponse.modifiee_le),
        "modifiee_par": reponse.modifiee_par.get_username() if reponse.modifiee_par else None,
    }


@router.post(
    "/demandes/{pk}/regions/{code}/transmettre",
    response={200: ReponseRegionSchema, 400: Erreur, 403: Erreur, 404: Erreur, 409: Erreur},
    summary="Transmettre la réponse d'une région",
    description="Une fois chaque question répondue et chaque valeur demandée soumise. 400 s'il "
    "manque quelque chose (le message dit quoi), 409 si la réponse est verrouillée.",
)
def transmettre(request: HttpRequest, pk: int, code: str):
    demande = _demande(request, pk)
    region = _region(request, demande, code)
    try:
        services.transmettre_reponse(request.user, demande, region, canal=EntreeJournal.Canal.API)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Accès refusé.") from exc
    except verrous.ReponseVerrouillee as exc:
        raise HttpError(409, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    return _schema_region(request.user, demande, region)
