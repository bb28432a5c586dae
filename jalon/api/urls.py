from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError

from jalon.api import (
    campagnes,
    demandes,
    feuilles_regionales,
    ptsm,
    referentiel,
    territoires,
    valeurs,
)


class JalonAPI(NinjaAPI):
    """The API, whose OpenAPI document also declares what authentication answers: every
    operation that needs a session or a token says it may answer 401 (tested with
    schemathesis, tests/api/test_openapi.py)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("security"):
                    operation["responses"].setdefault(
                        "401",
                        {
                            "description": "Non authentifié : session ou jeton "
                            "« Authorization: Bearer … » requis.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Erreur"}
                                }
                            },
                        },
                    )
        return schema


api = JalonAPI(
    title="API Jalon",
    version="1",
    description=(
        "Référentiel et données de la feuille de route santé mentale et psychiatrie : "
        "actions, indicateurs et territoires. Lecture publique, réponses en JSON, noms de "
        "champs en français. Les listes sont paginées (`limit`, `offset`) et renvoient "
        "`count` et `items`."
    ),
    urls_namespace="api",
)
api.add_router("/", referentiel.router)
api.add_router("/", territoires.router)
api.add_router("/", ptsm.router)
api.add_router("/", valeurs.router)
api.add_router("/", campagnes.router)
api.add_router("/", demandes.router)
api.add_router("/", feuilles_regionales.router)


@api.exception_handler(Http404)
def introuvable(request: HttpRequest, exc: Http404):
    message = str(exc) or "Ressource introuvable."
    return api.create_response(request, {"detail": message}, status=404)


@api.exception_handler(ValidationError)
def requete_invalide(request: HttpRequest, exc: ValidationError):
    return api.create_response(
        request, {"detail": "Paramètres invalides.", "erreurs": exc.errors}, status=422
    )
