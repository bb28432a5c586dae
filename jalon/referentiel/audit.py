"""Audit of a referential version: what a steering team must see before relying on it.

The annex of instruction 2023/179 was assembled by hand; codes copied from one action to
another, labels repeated under two codes and placeholders are facts of the source that the
import keeps as written. The audit lists them so that they get fixed at the source.
"""

import re
from collections import defaultdict
from dataclasses import asdict, dataclass

from jalon.referentiel.importation.textes import cle, est_a_fixer
from jalon.referentiel.models import ActionVersion, Indicateur, PlanVersion
from jalon.referentiel.numeros import SUFFIXES, normalise_numero

# What the text of each version announces, to compare with what its table holds.
# 2023: instruction 2023/179, §1 ("un total de 50 actions") and §2 ("113 indicateurs").
ANNONCES = {("fdr-smp", "2023"): {"actions": 50, "lignes": 113}}

# The usual code: "A", the action number on at least two digits, its Latin suffix,
# INDM (means) or INDR (results), two digits: A01INDM01, A017bisINDR01, A031quaterINDM01.
_SUFFIXES = "|".join(s for s in SUFFIXES if s)
CODE_USUEL = re.compile(rf"^A0(\d{{1,2}})({_SUFFIXES})?IND([MR])(\d{{2}})$")
_CODE_LARGE = re.compile(r"^A0*(\d+)([a-z]*)IND([MR])\d+$")
_PROVISOIRES = ("afixerulterieurement", "adefinir")
_LETTRE_TYPE = {"M": Indicateur.Type.MOYENS, "R": Indicateur.Type.RESULTAT}


class Genre:
    CODE_AUTRE_ACTION = "code_autre_action"
    LIBELLE_EN_DOUBLE = "libelle_en_double"
    CODE_HORS_MOTIF = "code_hors_motif"
    VALEUR_PROVISOIRE = "valeur_provisoire"
    ACTION_SANS_MOYENS = "action_sans_moyens"
    ACTION_SANS_RESULTAT = "action_sans_resultat"
    ATTRIBUT_A_FIXER = "attribut_a_fixer"
    NOMBRE_ANNONCE = "nombre_annonce"


TITRES = {
    Genre.CODE_AUTRE_ACTION: "Codes rattachés à une action dont ils ne portent pas le numéro",
    Genre.LIBELLE_EN_DOUBLE: "Même libellé sous plusieurs codes",
    Genre.CODE_HORS_MOTIF: "Codes hors du motif habituel",
    Genre.VALEUR_PROVISOIRE: "Valeurs provisoires",
    Genre.ACTION_SANS_MOYENS: "Actions sans indicateur de moyens",
    Genre.ACTION_SANS_RESULTAT: "Actions sans indicateur de résultat",
    Genre.ATTRIBUT_A_FIXER: "Attributs à fixer",
    Genre.NOMBRE_ANNONCE: "Écarts avec les nombres annoncés",
}


@dataclass(frozen=True)
class Anomalie:
    genre: str
    gravite: str  # "attention" or "info"
    objets: tuple[str, ...]
    message: str

    def as_dict(self):
        return asdict(self) | {"objets": list(self.objets)}


def auditer_referentiel(version: PlanVersion) -> list[Anomalie]:
    """Every anomaly of the version, grouped by kind in the order of TITRES."""
    actions = list(
        ActionVersion.objects.filter(version=version)
        .prefetch_related("liens_indicateurs__indicateur")
        .order_by("axe__numero", "rang")
    )
    liens = [(av, lien.indicateur) for av in actions for lien in av.liens_indicateurs.all()]
    indicateurs = {indicateur.code: indicateur for _av, indicateur in liens}
    anomalies = [
        *_codes_autre_action(liens),
        *_libelles_en_double(indicateurs.values()),
        *_codes_hors_motif(indicateurs.values()),
        *_valeurs_provisoires(indicateurs.values()),
        *_actions_sans_type(actions),
        *_attributs_a_fixer(indicateurs.values()),
        *_nombres_annonces(version, actions, liens),
    ]
    ordre = list(TITRES)
    return sorted(anomalies, key=lambda a: ordre.index(a.genre))


def _codes_autre_action(liens):
    for action_version, indicateur in liens:
        match = _CODE_LARGE.match(indicateur.code)
        if not match or match.group(2) not in SUFFIXES:
            continue  # unreadable number: reported as a code out of pattern
        numero_code = normalise_numero(f"{match.group(1)} {match.group(2)}")
        if numero_code != normalise_numero(action_version.numero):
            yield Anomalie(
                Genre.CODE_AUTRE_ACTION,
                "attention",
                (indicateur.code, f"action {action_version.numero}"),
                f"{indicateur.code} porte le numéro de l'action {numero_code} mais décrit "
                f"l'action {action_version.numero}.",
            )


def _libelles_en_double(indicateurs):
    par_libelle = defaultdict(list)
    for indicateur in indicateurs:
        # Several "A fixer ultérieurement" labels are one placeholder, not a duplicate.
        if not est_a_fixer(indicateur.libelle):
            par_libelle[cle(indicateur.libelle)].append(indicateur)
    for groupe in par_libelle.values():
        if len(groupe) > 1:
            codes = tuple(sorted(i.code for i in groupe))
            yield Anomalie(
                Genre.LIBELLE_EN_DOUBLE,
                "attention",
                codes,
                f"« {groupe[0].libelle} » est le libellé de {', '.join(codes)}.",
            )


def _codes_hors_motif(indicateurs):
    for indicateur in sorted(indicateurs, key=lambda i: i.code):
        match = CODE_USUEL.match(indicateur.code)
        if not match:
            yield Anomalie(
                Genre.CODE_HORS_MOTIF,
                "attention",
                (indicateur.code,),
                f"{indicateur.code} ne suit pas le motif habituel "
                "(A0 + numéro + bis/ter/quater… + INDM ou INDR + deux chiffres).",
            )
        elif _LETTRE_TYPE[match.group(3)] != indicateur.type:
            yield Anomalie(
                Genre.CODE_HORS_MOTIF,
                "attention",
                (indicateur.code,),
                f"{indicateur.code} est un {indicateur.get_type_display().lower()} mais son "
                f"code porte IND{match.group(3)}.",
            )


def _valeurs_provisoires(indicateurs):
    champs = {"libelle": "libellé", "fournisseur_libelle": "fournisseur", "source": "source"}
    for indicateur in sorted(indicateurs, key=lambda i: i.code):
        provisoires = [
            nom
            for champ, nom in champs.items()
            if any(p in cle(getattr(indicateur, champ)) for p in _PROVISOIRES)
        ]
        if provisoires:
            yield Anomalie(
                Genre.VALEUR_PROVISOIRE,
                "attention",
                (indicateur.code,),
                f"{indicateur.code} : valeur provisoire pour {', '.join(provisoires)} "
                f"(« {indicateur.libelle} »).",
            )


def _actions_sans_type(actions):
    for action_version in actions:
        types = {lien.indicateur.type for lien in action_version.liens_indicateurs.all()}
        for type_, genre, nom in (
            (Indicateur.Type.MOYENS, Genre.ACTION_SANS_MOYENS, "de moyens"),
            (Indicateur.Type.RESULTAT, Genre.ACTION_SANS_RESULTAT, "de résultat"),
        ):
            if type_ not in types:
                yield Anomalie(
                    genre,
                    "attention",
                    (f"action {action_version.numero}",),
                    f"L'action {action_version.numero} (« {action_version.titre} ») n'a "
                    f"aucun indicateur {nom}.",
                )


def _attributs_a_fixer(indicateurs):
    for indicateur in sorted(indicateurs, key=lambda i: i.code):
        a_fixer = [
            nom
            for champ, nom in (("maille", "maille"), ("frequence", "fréquence"))
            if getattr(indicateur, champ) == "a_fixer"
        ]
        if a_fixer:
            yield Anomalie(
                Genre.ATTRIBUT_A_FIXER,
                "info",
                (indicateur.code,),
                f"{indicateur.code} : {' et '.join(a_fixer)} à fixer.",
            )


def _nombres_annonces(version, actions, liens):
    annonces = ANNONCES.get((version.plan.code, version.code), {})
    trouves = {"actions": len(actions), "lignes": len(liens)}
    noms = {"actions": "actions", "lignes": "lignes action–indicateur"}
    for cle_nombre, annonce in annonces.items():
        if trouves[cle_nombre] != annonce:
            yield Anomalie(
                Genre.NOMBRE_ANNONCE,
                "info",
                (f"version {version.code}",),
                f"Le texte annonce {annonce} {noms[cle_nombre]}, le tableau en contient "
                f"{trouves[cle_nombre]}.",
            )


def texte_audit(version: PlanVersion, anomalies: list[Anomalie]) -> list[str]:
    lignes = [f"Audit de « {version} » : {len(anomalies)} anomalie(s)."]
    par_genre = defaultdict(list)
    for anomalie in anomalies:
        par_genre[anomalie.genre].append(anomalie)
    for genre, titre in TITRES.items():
        if par_genre[genre]:
            lignes.append(f"\n{titre} ({len(par_genre[genre])}) :")
            lignes.extend(f"  [{a.gravite}] {a.message}" for a in par_genre[genre])
    return lignes
