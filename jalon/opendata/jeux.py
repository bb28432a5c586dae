"""The published datasets: values (long format) and the referential (actions, indicators,
territories). Each has one Table Schema, here, and one row reader; files and schemas are
generated from them, so they cannot disagree."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery

from jalon.referentiel.models import ActionVersion, Indicateur, LienActionIndicateur
from jalon.saisies.models import Valeur
from jalon.territoires.models import Population, Territoire

TABLE_SCHEMA = "https://specs.frictionlessdata.io/schemas/table-schema.json"
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
TAILLE_LOT = 5_000


def _champ(name, title, type_="string", description="", **constraints):
    champ = {"name": name, "title": title, "type": type_}
    if description:
        champ["description"] = description
    if type_ == "number":
        champ["decimalChar"] = "."
        champ["groupChar"] = ""
    if constraints:
        champ["constraints"] = constraints
    return champ


@dataclass(frozen=True)
class Jeu:
    nom: str
    titre: str
    description: str
    champs: list[dict]
    lignes: Callable  # (validees_seulement: bool, filtres: dict) -> iterator of dicts
    cle_primaire: list[str]

    def schema(self) -> dict:
        return {
            "$schema": TABLE_SCHEMA,
            "title": self.titre,
            "description": self.description,
            "licenses": [{"name": "etalab-2.0", "title": LICENCE}],
            "fields": self.champs,
            "primaryKey": self.cle_primaire,
            "missingValues": [""],
        }

    @property
    def noms(self) -> list[str]:
        return [c["name"] for c in self.champs]


# --- Values ----------------------------------------------------------------------------

STATUTS = [s.value for s in Valeur.Statut]


def _lignes_valeurs(validees_seulement: bool, filtres: dict):
    requete = Valeur.objects.order_by("indicateur__code", "territoire__ordre", "debut")
    if validees_seulement:
        requete = requete.filter(statut=Valeur.Statut.VALIDEE)
    if filtres.get("indicateur"):
        requete = requete.filter(indicateur__code=filtres["indicateur"])
    if filtres.get("territoire"):
        requete = requete.filter(territoire__code=filtres["territoire"])
    colonnes = (
        "indicateur__code",
        "indicateur__libelle",
        "indicateur__unite",
        "territoire__code",
        "territoire__nom",
        "territoire__niveau",
        "periode",
        "annee",
        "valeur",
        "statut",
        "source",
        "modifie_le",
    )
    for ligne in requete.values_list(*colonnes).iterator(chunk_size=TAILLE_LOT):
        yield dict(zip(VALEURS_NOMS, ligne, strict=True))


VALEURS_NOMS = [
    "indicateur",
    "indicateur_libelle",
    "unite",
    "territoire",
    "territoire_nom",
    "niveau",
    "periode",
    "annee",
    "valeur",
    "statut",
    "source",
    "modifie_le",
]
VALEURS = Jeu(
    "valeurs",
    "Valeurs des indicateurs de la feuille de route santé mentale et psychiatrie",
    "Format long : une ligne par indicateur, territoire et période. Les fichiers du portail "
    "public ne contiennent que des valeurs validées ; les commentaires ne sont jamais publiés.",
    [
        _champ(
            "indicateur",
            "Code de l'indicateur",
            description="Code de l'annexe de l'instruction n° 2023/179 (ex. A06INDM01).",
            required=True,
        ),
        _champ("indicateur_libelle", "Libellé de l'indicateur", required=True),
        _champ(
            "unite",
            "Unité",
            description="nombre, pourcentage, taux_evolution, euros, indice, duree ou vide.",
        ),
        _champ(
            "territoire",
            "Code du territoire",
            description="FR, REG-<COG>, DEP-<COG> ou PTSM-<identifiant>.",
            required=True,
            pattern=r"^(FR|REG-[0-9]{2}|DEP-([0-9]{2}|2[AB]|97[1-6])|PTSM-[A-Za-z0-9-]+)$",
        ),
        _champ("territoire_nom", "Nom du territoire", required=True),
        _champ(
            "niveau",
            "Niveau du territoire",
            required=True,
            enum=["pays", "region", "departement", "ptsm"],
        ),
        _champ(
            "periode",
            "Période",
            description="2023 (année), 2023-S1 (semestre), 2023-Q1 (trimestre) ou 2023-01 (mois).",
            required=True,
            pattern=r"^[0-9]{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$",
        ),
        _champ("annee", "Année", "integer", required=True),
        _champ(
            "valeur",
            "Valeur",
            "number",
            description="Point décimal ; vide si la valeur a été laissée sans nombre.",
        ),
        _champ("statut", "Statut", required=True, enum=STATUTS),
        _champ("source", "Source déclarée de la valeur"),
        _champ("modifie_le", "Dernière modification", "datetime", required=True),
    ],
    _lignes_valeurs,
    ["indicateur", "territoire", "periode"],
)


# --- Referential -----------------------------------------------------------------------


def _lignes_actions(validees_seulement: bool, filtres: dict):
    liens = Prefetch(
        "liens_indicateurs",
        queryset=LienActionIndicateur.objects.select_related("indicateur").order_by(
            "indicateur__code"
        ),
    )
    requete = (
        ActionVersion.objects.select_related("version", "axe", "action")
        .prefetch_related("pilotes", liens)
        .order_by("version__date", "version__code", "axe__numero", "rang")
    )
    for action in requete:
        yield {
            "version": action.version.code,
            "numero": action.numero,
            "cle": action.action.cle,
            "axe": action.axe.numero,
            "axe_libelle": action.axe.libelle,
            "titre": action.titre,
            "pilotes": " ".join(sorted(p.code for p in action.pilotes.all())),
            "declinaison_regionale": action.declinaison_regionale,
            "indicateurs": " ".join(
                lien.indicateur.code for lien in action.liens_indicateurs.all()
            ),
        }


ACTIONS = Jeu(
    "actions",
    "Actions de la feuille de route nationale santé mentale et psychiatrie",
    "Une ligne par action et par version de la feuille de route (numéro tel qu'écrit, axe, "
    "pilotes, indicateurs).",
    [
        _champ("version", "Version de la feuille de route", required=True),
        _champ("numero", "Numéro de l'action", required=True),
        _champ("cle", "Identifiant stable de l'action", required=True),
        _champ("axe", "Numéro de l'axe", "integer", required=True),
        _champ("axe_libelle", "Libellé de l'axe", required=True),
        _champ("titre", "Intitulé", required=True),
        _champ("pilotes", "Directions pilotes", description="Sigles séparés par des espaces."),
        _champ("declinaison_regionale", "Déclinaison régionale", enum=["oui", "non"]),
        _champ("indicateurs", "Indicateurs", description="Codes séparés par des espaces."),
    ],
    _lignes_actions,
    ["version", "numero"],
)


def _lignes_indicateurs(validees_seulement: bool, filtres: dict):
    requete = Indicateur.objects.select_related("fournisseur").order_by("code")
    for i in requete:
        yield {
            "code": i.code,
            "type": i.type,
            "libelle": i.libelle,
            "fournisseur": i.fournisseur.code if i.fournisseur else i.fournisseur_libelle,
            "source": i.source,
            "maille": i.maille,
            "frequence": i.frequence,
            "saisie_ars": i.saisie_ars,
            "unite": i.unite,
            "sens": i.sens,
            "retire": i.retire,
        }


INDICATEURS = Jeu(
    "indicateurs",
    "Indicateurs de la feuille de route santé mentale et psychiatrie",
    "Catalogue des indicateurs de l'annexe de l'instruction n° 2023/179 (une ligne par code).",
    [
        _champ("code", "Code", required=True, unique=True),
        _champ("type", "Type", required=True, enum=[t.value for t in Indicateur.Type]),
        _champ("libelle", "Libellé", required=True),
        _champ("fournisseur", "Fournisseur de la donnée"),
        _champ("source", "Source des données"),
        _champ("maille", "Maille", required=True, enum=[m.value for m in Indicateur.Maille]),
        _champ(
            "frequence", "Fréquence", required=True, enum=[f.value for f in Indicateur.Frequence]
        ),
        _champ("saisie_ars", "Renseigné par les ARS", "boolean", required=True),
        _champ("unite", "Unité"),
        _champ(
            "sens", "Sens d'amélioration", required=True, enum=[s.value for s in Indicateur.Sens]
        ),
        _champ("retire", "Retiré de la version courante", "boolean", required=True),
    ],
    _lignes_indicateurs,
    ["code"],
)


def _lignes_territoires(validees_seulement: bool, filtres: dict):
    recente = Population.objects.filter(territoire=OuterRef("pk")).order_by("-annee")
    requete = (
        Territoire.objects.select_related("parent")
        .annotate(
            pop=Subquery(recente.values("valeur")[:1]),
            pop_annee=Subquery(recente.values("annee")[:1]),
        )
        .order_by("ordre", "code")
    )
    for t in requete:
        yield {
            "code": t.code,
            "niveau": t.niveau,
            "cog": t.cog,
            "nom": t.nom,
            "parent": t.parent.code if t.parent_id else "",
            "outre_mer": t.outre_mer,
            "population": t.pop,
            "annee_population": t.pop_annee,
        }


TERRITOIRES = Jeu(
    "territoires",
    "Territoires : France, régions, départements, territoires de PTSM",
    "Code officiel géographique de l'Insee et population municipale la plus récente.",
    [
        _champ("code", "Code du territoire", required=True, unique=True),
        _champ("niveau", "Niveau", required=True, enum=["pays", "region", "departement", "ptsm"]),
        _champ("cog", "Code COG"),
        _champ("nom", "Nom", required=True),
        _champ("parent", "Code du territoire parent"),
        _champ("outre_mer", "Outre-mer", "boolean", required=True),
        _champ("population", "Population (la plus récente)", "integer", minimum=0),
        _champ("annee_population", "Année de la population", "integer"),
    ],
    _lignes_territoires,
    ["code"],
)

JEUX = {jeu.nom: jeu for jeu in (VALEURS, ACTIONS, INDICATEURS, TERRITOIRES)}
