"""The aggregate questions (see the package docstring for the contract of each function)."""

from jalon.agregats import recalcul, regles
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
    indicateur, territoire = _indicateur(indicateur), _territoire(territoire)
    requete = Valeur.objects.filter(indicateur=indicateur, territoire=territoire)
    if validees_seulement:
        requete = requete.filter(statut=VALIDEE)
    points = [
        Point(periode, annee, debut, valeur, statut)
        for periode, annee, debut, valeur, statut in requete.order_by(
            "debut", "periode"
        ).values_list("periode", "annee", "debut", "valeur", "statut")
    ]
    if genre is not None:
        points = [p for p in points if regles.genre_de(p.periode) == genre]
    return points


def valeurs_par_territoire(
    indicateur, *, niveau, periode=None, validees_seulement=False
) -> list[ValeurTerritoire]:
    indicateur = _indicateur(indicateur)
    territoires = {
        t.pk: t for t in Territoire.objects.filter(niveau=niveau).only("code", "nom", "ordre")
    }
    if periode is not None:
        requete = Valeur.objects.filter(
            indicateur=indicateur,
            periode=str(periode).strip().upper(),
            territoire__niveau=niveau,
            valeur__isnull=False,
        )
        if validees_seulement:
            requete = requete.filter(statut=VALIDEE)
        lignes = {
            territoire_id: (code, valeur, statut)
            for territoire_id, code, valeur, statut in requete.values_list(
                "territoire_id", "periode", "valeur", "statut"
            )
        }
    else:
        lignes = {
            territoire_id: (code, valeur, statut)
            for (_, territoire_id), (code, _, valeur, statut) in recalcul.dernieres(
                [indicateur.pk], validees=validees_seulement
            ).items()
            if territoire_id in territoires
        }
    return _par_territoire(territoires, lignes)


def _par_territoire(territoires, lignes) -> list[ValeurTerritoire]:
    resultat = [
        (territoires[pk], ValeurTerritoire(territoires[pk].code, territoires[pk].nom, *ligne))
        for pk, ligne in lignes.items()
    ]
    resultat.sort(key=lambda paire: (paire[0].ordre, paire[0].code))
    return [item for _, item in resultat]


def somme_moyenne_par_region_annee(
    indicateur, *, niveau=None, genre=None, annees=None, validees_seulement=False
) -> list[AgregatRegionAnnee]:
    indicateur = _indicateur(indicateur)
    niveau = niveau or regles.niveau_par_defaut(indicateur)
    genre = genre or regles.genre_par_defaut(indicateur)
    regions = {t.pk: t for t in Territoire.objects.regions()}
    annees = set(annees) if annees is not None else None
    cumuls = recalcul.cumuls([indicateur.pk], validees=validees_seulement)
    resultat = [
        AgregatRegionAnnee(regions[zone].code, regions[zone].nom, annee, nombre, total)
        for (_, zone, niveau_, annee, genre_), (nombre, total) in cumuls.items()
        if zone in regions
        and niveau_ == niveau
        and genre_ == genre
        and (annees is None or annee in annees)
    ]
    ordre = {t.code: (t.ordre, t.code) for t in regions.values()}
    return sorted(resultat, key=lambda a: (ordre[a.region], a.annee))


def evolutions_nationales(annee, *, validees_seulement=False) -> list[EvolutionNationale]:
    annee = int(annee)
    france = Territoire.objects.filter(code="FR").values_list("pk", flat=True).first()
    indicateurs = list(Indicateur.objects.actifs().order_by("code"))
    par_annee = {}
    for (indicateur_id, zone, niveau, annee_, genre), chiffres in recalcul.cumuls(
        validees=validees_seulement
    ).items():
        if zone == france and niveau == Niveau.PAYS and annee_ in (annee, annee - 1):
            par_annee.setdefault((indicateur_id, annee_), {})[genre] = chiffres
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
