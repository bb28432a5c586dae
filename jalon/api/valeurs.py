"""Indicator values: public read of validated figures, batch entry with a token.

Reads: anonymous callers see validated values only; a signed-in session or a token also sees
what `perms.can_read_drafts` allows. Writes go through `jalon.saisies.services`, the same
functions as the entry pages, with the same checks and permissions; a batch is all or nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from jalon.api.pagination import PaginationBornee
from jalon.api.schemas import Erreur
from jalon.campagnes import verrous
from jalon.comptes.api_auth import authenticate_key, token_or_session
from jalon.referentiel.models import Indicateur
from jalon.saisies import services
from jalon.saisies.models import Valeur
from jalon.saisies.periodes import PeriodeInvalide, parse_periode
from jalon.territoires import perms
from jalon.territoires.models import Territoire

router = Router(tags=["Valeurs"])

TAILLE_LOT_MAX = 1000


class ValeurSchema(Schema):
    indicateur: str = Field(description="Code de l'indicateur (ex. A06INDM01).")
    territoire: str = Field(description="FR, REG-xx, DEP-xx ou PTSM-….")
    periode: str = Field(description="2023, 2023-S1, 2023-Q1 ou 2023-01.")
    annee: int
    valeur: str | None = Field(
        description="Nombre en texte, point décimal (ex. « 268254 », « 1.16 ») pour ne rien "
        "perdre en précision ; null si aucune valeur."
    )
    statut: str = Field(description="brouillon, soumise, validee ou renvoyee.")
    source: str
    commentaire: str = Field(
        description="Vide sans connexion : les commentaires ne sont pas publiés."
    )
    canal: str = Field(description="formulaire, import, api ou chargement.")
    version: int = Field(description="À renvoyer en `version_lue` pour modifier la valeur.")
    modifie_le: str

    @staticmethod
    def resolve_indicateur(obj) -> str:
        return obj.indicateur.code

    @staticmethod
    def resolve_territoire(obj) -> str:
        return obj.territoire.code

    @staticmethod
    def resolve_valeur(obj) -> str | None:
        return None if obj.valeur is None else _texte_decimal(obj.valeur)

    @staticmethod
    def resolve_modifie_le(obj) -> str:
        return obj.modifie_le.isoformat()

    @staticmethod
    def resolve_commentaire(obj, context) -> str:
        # Comments are internal work: published (validated) values go out without them.
        request = (context or {}).get("request")
        return obj.commentaire if getattr(request, "jalon_lit_brouillons", True) else ""


class FiltresValeurs(Schema):
    indicateur: str | None = Field(None, description="Code de l'indicateur.")
    territoire: str | None = Field(None, description="Code du territoire (ex. REG-32).")
    periode: str | None = Field(None, description="Période (ex. 2023).")
    statut: Valeur.Statut | None = Field(
        None, description="Statut ; sans connexion, seules les valeurs validées sont visibles."
    )


class SaisieSchema(Schema):
    indicateur: str
    territoire: str
    periode: str
    valeur: str | int | float | None = Field(
        description="Nombre : texte à la française (« 1 333 », « 13,5 % ») ou nombre JSON ; "
        "null pour « pas de valeur » (expliquer en commentaire)."
    )
    version_lue: int | None = Field(
        None, description="Version lue (0 si la case était vide) ; un écart donne un conflit 409."
    )
    source: str = ""
    commentaire: str = ""


class LotSchema(Schema):
    valeurs: list[SaisieSchema] = Field(description=f"De 1 à {TAILLE_LOT_MAX} valeurs.")


class ErreurElement(Schema):
    index: int = Field(description="Position de l'élément dans `valeurs` (à partir de 0).")
    code: str = Field(description="permission, invalide, conflit ou introuvable.")
    message: str


class AvertissementElement(Schema):
    index: int
    code: str = Field(description="hors_plage, saut ou atypique.")
    message: str


class ReponseLot(Schema):
    enregistrees: int
    modifiees: int
    valeurs: list[ValeurSchema]
    avertissements: list[AvertissementElement]


class ReponseLotRefuse(Schema):
    detail: str
    erreurs: list[ErreurElement]


def _texte_decimal(nombre) -> str:
    texte = format(nombre, "f")
    return texte.rstrip("0").rstrip(".") if "." in texte else texte


def _utilisateur(request: HttpRequest):
    """The session user, or the token's user when an Authorization header is sent."""
    entete = request.headers.get("Authorization", "")
    if entete.startswith("Bearer "):
        return authenticate_key(entete.removeprefix("Bearer ").strip())
    return request.user


@router.get(
    "/valeurs",
    response={200: list[ValeurSchema], 401: Erreur},
    summary="Lister les valeurs d'indicateurs",
    description="Sans connexion : valeurs validées seulement. Avec une session ou un jeton "
    "(`Authorization: Bearer …`) : aussi les brouillons, valeurs soumises et renvoyées. "
    "Pagination : `next` et `previous` donnent les pages voisines ; `count` est exact "
    "jusqu'à 10\u202f000 valeurs et sur la dernière page, null au-delà.",
)
@paginate(PaginationBornee)
def lister_valeurs(request: HttpRequest, filtres: Query[FiltresValeurs]):
    user = _utilisateur(request)
    if user is None:
        # A wrong token must not silently read as anonymous: the caller would miss drafts.
        raise HttpError(401, "Jeton d'API invalide ou révoqué.")
    request.jalon_lit_brouillons = perms.can_read_drafts(user)
    valeurs = Valeur.objects.visibles_par(user).select_related("indicateur", "territoire")
    if filtres.indicateur:
        valeurs = valeurs.filter(indicateur__code=filtres.indicateur)
    if filtres.territoire:
        valeurs = valeurs.filter(territoire__code=filtres.territoire)
    if filtres.periode:
        try:
            valeurs = valeurs.filter(periode=parse_periode(filtres.periode).code)
        except PeriodeInvalide:
            return Valeur.objects.none()
    if filtres.statut:
        valeurs = valeurs.filter(statut=filtres.statut)
    # The period breaks the ties of periods starting the same day (2023, 2023-S1, 2023-01):
    # a total order, so that no value is skipped or repeated from one page to the next.
    return valeurs.order_by(
        "indicateur__code", "territoire__ordre", "territoire__code", "debut", "periode"
    )


@router.post(
    "/valeurs",
    auth=token_or_session,
    response={200: ReponseLot, 400: ReponseLotRefuse, 403: ReponseLotRefuse, 409: ReponseLotRefuse},
    summary="Saisir un lot de valeurs",
    description="Enregistre des brouillons avec les mêmes contrôles et droits que les pages de "
    "saisie. Tout ou rien : si un élément est refusé, aucun n'est enregistré et la réponse "
    "liste chaque erreur avec son index. 409 si une valeur a changé depuis sa lecture "
    "(`version_lue`), 403 si seuls des droits manquent, 400 sinon. Les avertissements "
    "(valeur hors plage, saut, valeur atypique) n'empêchent rien mais demanderont un "
    "commentaire à la soumission.",
)
def saisir_valeurs(request: HttpRequest, lot: LotSchema):
    user = request.auth
    if not 1 <= len(lot.valeurs) <= TAILLE_LOT_MAX:
        return Status(
            400, {"detail": f"Le lot doit contenir de 1 à {TAILLE_LOT_MAX} valeurs.", "erreurs": []}
        )
    indicateurs = Indicateur.objects.in_bulk({e.indicateur for e in lot.valeurs}, field_name="code")
    territoires = Territoire.objects.select_related("parent__parent").in_bulk(
        {e.territoire for e in lot.valeurs}, field_name="code"
    )
    erreurs, enregistrees, avertissements = [], [], []
    with transaction.atomic():
        for index, element in enumerate(lot.valeurs):
            try:
                valeur = _enregistrer(user, element, indicateurs, territoires)
            except PermissionDenied as exc:
                erreurs.append({"index": index, "code": "permission", "message": str(exc)})
                continue
            except services.ConflitDeVersion as exc:
                erreurs.append({"index": index, "code": "conflit", "message": str(exc)})
                continue
            except (services.SaisieInvalide, LookupError) as exc:
                code = "introuvable" if isinstance(exc, LookupError) else "invalide"
                erreurs.append({"index": index, "code": code, "message": exc.args[0]})
                continue
            enregistrees.append(valeur)
            for avertissement in services.verifier_valeur(
                valeur.indicateur, valeur.territoire, valeur.periode, valeur.valeur
            ):
                avertissements.append(
                    {"index": index, "code": avertissement.code, "message": avertissement.message}
                )
        if erreurs:
            transaction.set_rollback(True)
    if erreurs:
        codes = {e["code"] for e in erreurs}
        statut = 409 if "conflit" in codes else 403 if codes == {"permission"} else 400
        detail = f"Lot refusé : {len(erreurs)} élément(s) en erreur, rien n'a été enregistré."
        return Status(statut, {"detail": detail, "erreurs": erreurs})
    return Status(
        200,
        {
            "enregistrees": len(enregistrees),
            "modifiees": sum(1 for v in enregistrees if v.modifiee),
            "valeurs": enregistrees,
            "avertissements": avertissements,
        },
    )


def _enregistrer(user, element, indicateurs, territoires):
    indicateur = indicateurs.get(element.indicateur)
    if indicateur is None:
        raise LookupError(f"Indicateur « {element.indicateur} » inconnu.")
    territoire = territoires.get(element.territoire)
    if territoire is None:
        raise LookupError(
            f"Territoire « {element.territoire} » inconnu (attendu : FR, REG-xx, DEP-xx, PTSM-…)."
        )
    if not perms.can_edit_values(user, indicateur, territoire):
        raise PermissionDenied(
            f"Vous n'avez pas le droit de saisir {indicateur.code} pour {territoire.code}."
        )
    # The same campaign lock as the entry grid and the file import: after the deadline only
    # an exception granted by the national admin reopens entry.
    campagne = verrous.campagne_de_periode(element.periode.strip())
    if campagne is not None and (
        motif := verrous.motif_verrou(user, campagne, indicateur, territoire)
    ):
        raise services.SaisieInvalide(motif)
    valeur = element.valeur
    if isinstance(valeur, float):
        # JSON numbers arrive as floats: go through their shortest text form, never binary.
        valeur = repr(valeur).replace(".", ",") if "e" not in repr(valeur) else repr(valeur)
    return services.enregistrer_valeur(
        user,
        indicateur,
        territoire,
        element.periode,
        valeur,
        version_lue=element.version_lue,
        source=element.source,
        commentaire=element.commentaire,
        canal=Valeur.Canal.API,
    )
