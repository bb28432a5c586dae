"""The aggregate questions (see the package docstring for the contract of each function)."""

import datetime

from django.db.models import Max, OuterRef, Subquery, Sum

from jalon.agregats import regles
from jalon.agregats.models import Cumul, Derniere
from jalon.agregats.resultats import (
    AgregatRegionAnnee,
    EvolutionNationale,
    Point,
    ValeurTerritoire,
)
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import Valeur
from jalon.territoires import perms
from jalon.territoires.models import Territoire

Niveau = Territoire.Niveau
VALIDEE = Valeur.Statut.VALIDEE


def validees_seulement_pour(user) -> bool:
    """True when ``user`` may only see validated values (anonymous visitors: public pages)."""
    return not perms.can_read_drafts(user)


def _indicateur(indicateur) -> Indicateur:
    if isinstance(indicateur, Indicateur):
        return indicateur
    return Indicateur.objects.get(code=indicateur)


def _territoire(territoire) -> Territoire:
    if isinstance(territoire, Territoire):
        return territoire
    return Territoire.objects.get(code=territoire)


def serie(indicateur, territoire, *, validees_seulement=False, genre=None) -> list[Point]:
    indicateur = _indicateur(indicateur)
    return series_par_indicateur(
        territoire, indicateurs=[indicateur], validees_seulement=validees_seulement, genre=genre
    ).get(indicateur.pk, [])


def valeurs_par_territoire(
    indicateur, *, niveau, periode=None, validees_seulement=False
) -> list[ValeurTerritoire]:
    indicateur = _indicateur(indicateur)
    if periode is not None:
        periode = str(periode).strip().upper()
        return valeurs_par_territoire_par_indicateur(
            niveau=niveau,
            periodes=[periode],
            indicateurs=[indicateur],
            validees_seulement=validees_seulement,
        ).get((indicateur.pk, periode), [])
    requete = Derniere.objects.filter(
        indicateur=indicateur, validees=validees_seulement, niveau=niveau
    )
    return [
        ValeurTerritoire(*ligne)
        for ligne in requete.order_by("territoire__ordre", "territoire__code").values_list(
            "territoire__code", "territoire__nom", "periode", "valeur", "statut"
        )
    ]


def somme_moyenne_par_region_annee(
    indicateur, *, niveau=None, genre=None, annees=None, validees_seulement=False
) -> list[AgregatRegionAnnee]:
    indicateur = _indicateur(indicateur)
    niveau = niveau or regles.niveau_par_defaut(indicateur)
    genre = genre or regles.genre_par_defaut(indicateur)
    requete = Cumul.objects.filter(
        indicateur=indicateur,
        validees=validees_seulement,
        niveau=niveau,
        genre=genre,
        zone__niveau=Niveau.REGION,
        nombre__gt=0,
    )
    if annees is not None:
        requete = requete.filter(annee__in=[int(a) for a in annees])
    return [
        AgregatRegionAnnee(code, nom, annee, nombre, total)
        for code, nom, annee, nombre, total in requete.order_by(
            "zone__ordre", "zone__code", "annee"
        ).values_list("zone__code", "zone__nom", "annee", "nombre", "somme")
    ]


def evolutions_nationales(
    annee, *, validees_seulement=False, indicateurs=None
) -> list[EvolutionNationale]:
    annee = int(annee)
    par_annee = {}
    for indicateur_id, annee_, genre, nombre, total in Cumul.objects.filter(
        validees=validees_seulement,
        zone__niveau=Niveau.PAYS,
        niveau=Niveau.PAYS,
        annee__in=[annee, annee - 1],
        nombre__gt=0,
    ).values_list("indicateur_id", "annee", "genre", "nombre", "somme"):
        par_annee.setdefault((indicateur_id, annee_), {})[genre] = (nombre, total)
    if indicateurs is None:
        indicateurs = Indicateur.objects.actifs().order_by("code")
    return [_evolution(i, annee, par_annee) for i in indicateurs]


def _evolution(indicateur, annee, par_annee) -> EvolutionNationale:
    valeur, origine = regles.chiffre_annuel(indicateur, par_annee.get((indicateur.pk, annee), {}))
    precedente, origine_precedente = regles.chiffre_annuel(
        indicateur, par_annee.get((indicateur.pk, annee - 1), {})
    )
    return EvolutionNationale(
        indicateur.code,
        indicateur.libelle,
        indicateur.unite,
        indicateur.sens,
        annee,
        valeur,
        precedente,
        origine,
        origine_precedente,
    )


# --- Questions over every indicator at once (dashboards, portal): one query each --------


def dernieres_par_indicateur(
    *, niveau=None, territoire=None, indicateurs=None, validees_seulement=False
) -> dict[int, list[ValeurTerritoire]]:
    requete = Derniere.objects.filter(validees=validees_seulement)
    if niveau is not None:
        requete = requete.filter(niveau=niveau)
    if territoire is not None:
        requete = requete.filter(territoire=_territoire(territoire))
    if indicateurs is not None:
        requete = requete.filter(indicateur__in=[_indicateur(i).pk for i in indicateurs])
    resultat: dict[int, list[ValeurTerritoire]] = {}
    for indicateur_id, *ligne in requete.order_by(
        "indicateur_id", "territoire__ordre", "territoire__code"
    ).values_list(
        "indicateur_id", "territoire__code", "territoire__nom", "periode", "valeur", "statut"
    ):
        resultat.setdefault(indicateur_id, []).append(ValeurTerritoire(*ligne))
    return resultat


def series_par_indicateur(
    territoire, *, indicateurs, validees_seulement=False, genre=None
) -> dict[int, list[Point]]:
    territoire = _territoire(territoire)
    ids = [_indicateur(i).pk for i in indicateurs]
    resultat: dict[int, list[Point]] = {}
    if not ids:
        return resultat
    # The status is filtered here, not in SQL: a series is at most a few hundred rows per
    # indicator, read through the unique (indicator, territory, period) index, and a status
    # condition tempts the planner to the (poorly selective) status index once most values
    # are validated.
    lignes = (
        Valeur.objects.filter(indicateur__in=ids, territoire=territoire)
        .order_by("indicateur_id", "debut", "periode")
        .values_list("indicateur_id", "periode", "annee", "debut", "valeur", "statut")
    )
    for indicateur_id, periode, annee, debut, valeur, statut in lignes:
        if validees_seulement and statut != VALIDEE:
            continue
        if genre is not None and regles.genre_de(periode) != genre:
            continue
        resultat.setdefault(indicateur_id, []).append(Point(periode, annee, debut, valeur, statut))
    return resultat


def valeurs_par_territoire_par_indicateur(
    *, niveau, periodes, indicateurs, validees_seulement=False
) -> dict[tuple[int, str], list[ValeurTerritoire]]:
    periodes = {str(p).strip().upper() for p in periodes}
    ids = [_indicateur(i).pk for i in indicateurs]
    resultat: dict[tuple[int, str], list[ValeurTerritoire]] = {}
    if not ids or not periodes:
        return resultat
    requete = Valeur.objects.filter(
        indicateur__in=ids,
        periode__in=periodes,
        territoire__niveau=niveau,
        valeur__isnull=False,
    )
    if validees_seulement:
        requete = requete.filter(statut=VALIDEE)
    for indicateur_id, *ligne in requete.order_by(
        "indicateur_id", "periode", "territoire__ordre", "territoire__code"
    ).values_list(
        "indicateur_id", "territoire__code", "territoire__nom", "periode", "valeur", "statut"
    ):
        resultat.setdefault((indicateur_id, ligne[2]), []).append(ValeurTerritoire(*ligne))
    return resultat


def derniere_periode_par_indicateur(*, validees_seulement=False) -> dict[int, str]:
    # The greatest (start, code) over the territories' latest periods is the latest period
    # of the indicator anywhere: the rule of `valeurs_par_territoire`, one level up, read
    # through the `derniere_recente` index (one probe per indicator).
    recente = Derniere.objects.filter(
        indicateur=OuterRef("pk"), validees=validees_seulement
    ).order_by("-debut", "-periode")
    return {
        pk: periode
        for pk, periode in Indicateur.objects.annotate(
            derniere=Subquery(recente.values("periode")[:1])
        )
        .filter(derniere__isnull=False)
        .order_by()
        .values_list("pk", "derniere")
    }


def derniere_annee_nationale(*, validees_seulement=False) -> int | None:
    return (
        Cumul.objects.filter(
            validees=validees_seulement,
            zone__niveau=Niveau.PAYS,
            niveau=Niveau.PAYS,
            nombre__gt=0,
        )
        .aggregate(annee=Max("annee"))
        .get("annee")
    )


def comptes_par_indicateur(*, validees_seulement=False) -> dict[int, tuple[int, int]]:
    # Every value counts once in its France zone (its own level), so the France rows of all
    # levels add up to the indicator's values with a number.
    return {
        indicateur_id: (nombre, annee)
        for indicateur_id, nombre, annee in Cumul.objects.filter(
            validees=validees_seulement, zone__niveau=Niveau.PAYS, nombre__gt=0
        )
        .values("indicateur_id")
        .annotate(n=Sum("nombre"), derniere=Max("annee"))
        .values_list("indicateur_id", "n", "derniere")
    }


def niveaux_par_indicateur(*, validees_seulement=False) -> dict[int, set[str]]:
    """The levels (``region``, ``departement``…) at which each indicator has a value with a
    number, from the rollups' France rows: one query."""
    niveaux = {}
    for indicateur_id, niveau in (
        Cumul.objects.filter(validees=validees_seulement, zone__niveau=Niveau.PAYS, nombre__gt=0)
        .order_by()
        .values_list("indicateur_id", "niveau")
        .distinct()
    ):
        niveaux.setdefault(indicateur_id, set()).add(niveau)
    return niveaux


def periodes(indicateur, *, niveau, validees_seulement=False) -> list[str]:
    indicateur = _indicateur(indicateur)
    # The rollups say which years have values of each kind at this level (France zone):
    # a yearly period is its year, no value needs reading; only years with sub-annual
    # values are listed from the values (their months, semesters, quarters).
    annees = {}
    for genre, annee in Cumul.objects.filter(
        indicateur=indicateur,
        validees=validees_seulement,
        niveau=niveau,
        zone__niveau=Niveau.PAYS,
        nombre__gt=0,
    ).values_list("genre", "annee"):
        annees.setdefault(genre, set()).add(annee)
    trouvees = {(datetime.date(annee, 1, 1), str(annee)) for annee in annees.pop("annee", ())}
    infra_annuelles = set().union(*annees.values())
    if infra_annuelles:
        # The status is filtered in Python, as in `serie`, to keep the planner on the
        # (indicator, year) index.
        for debut, periode, statut in (
            Valeur.objects.filter(
                indicateur=indicateur,
                annee__in=sorted(infra_annuelles),
                territoire__niveau=niveau,
                valeur__isnull=False,
            )
            .order_by()
            .values_list("debut", "periode", "statut")
            .distinct()
        ):
            if len(periode) > 4 and (not validees_seulement or statut == VALIDEE):
                trouvees.add((debut, periode))
    return [periode for _, periode in sorted(trouvees, reverse=True)]
