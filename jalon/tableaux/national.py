"""The national dashboard: where the roadmap stands, in one page.

National actions carry no status of their own in Jalon: their progress is read from the
regional actions that decline them (status and météo set by each ARS), counted once per
regional action and national axis, with proposed and confirmed links alike.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from jalon import agregats
from jalon.campagnes import completude as comptes_campagne
from jalon.campagnes.models import Campagne
from jalon.campagnes.verrous import aujourd_hui
from jalon.feuilles_regionales.models import ActionRegionale, LienActionNationale
from jalon.graphiques import Graphique, barres_empilees, barres_par_territoire
from jalon.referentiel.models import ActionVersion, Indicateur, PlanVersion
from jalon.tableaux import alertes as regles_alertes
from jalon.tableaux import populations
from jalon.territoires.models import Territoire

Statut = ActionRegionale.Statut
Meteo = ActionRegionale.Meteo
SANS = "Non renseigné"
COULEURS_STATUTS = {
    Statut.PROGRAMMEE.label: "#6a6af4",
    Statut.ENGAGEE.label: "#000091",
    Statut.REALISEE.label: "#18753c",
    Statut.REPORTEE.label: "#b34000",
    Statut.ABANDONNEE.label: "#3a3a3a",
    SANS: "#cecece",
}
COULEURS_METEO = {
    Meteo.DANS_LES_TEMPS.label: "#18753c",
    Meteo.VIGILANCE.label: "#b34000",
    Meteo.EN_RETARD.label: "#c9191e",
    Meteo.COMPROMISE.label: "#3a3a3a",
    SANS: "#cecece",
}


@dataclass
class LigneAxe:
    numero: int
    libelle: str
    actions: int
    declinees: int  # national actions calling for a regional declination
    actions_regionales: int


@dataclass
class TableauNational:
    version: PlanVersion | None
    axes: list[LigneAxe]
    statuts: Graphique | None
    meteo: Graphique | None
    campagne: Campagne | None
    completude: dict | None
    completude_graphique: Graphique | None
    annee: int | None
    evolutions: list
    alertes: list = field(default_factory=list)
    regions: list = field(default_factory=list)  # `populations.TerritoirePeuple`s
    liens: dict = field(default_factory=regles_alertes.LiensIndicateurs)

    @property
    def evolutions_avec_liens(self) -> list[tuple]:
        return [(e, self.liens[e.indicateur]) for e in self.evolutions]

    def alertes_par_genre(self) -> list[tuple[str, list]]:
        titres = {
            "manquante": "Valeurs manquantes pour la campagne",
            "tendance": "Tendances défavorables",
            "ecart_mediane": "Régions éloignées de la médiane nationale",
            "perimee": "Données anciennes",
        }
        return [
            (titre, [a for a in self.alertes if a.genre == genre])
            for genre, titre in titres.items()
        ]


def campagne_courante() -> Campagne | None:
    return (
        Campagne.objects.filter(statut=Campagne.Statut.OUVERTE).order_by("-annee").first()
        or Campagne.objects.order_by("-annee").first()
    )


def _axes(version) -> tuple[list[LigneAxe], list, list]:
    actions = list(
        ActionVersion.objects.filter(version=version)
        .select_related("axe")
        .values_list("action_id", "axe__numero", "axe__libelle", "declinaison_regionale")
    )
    axe_de = {action_id: numero for action_id, numero, _, _ in actions}
    lignes = {}
    for _, numero, libelle, declinaison in actions:
        ligne = lignes.setdefault(numero, LigneAxe(numero, libelle, 0, 0, 0))
        ligne.actions += 1
        ligne.declinees += declinaison == ActionVersion.Declinaison.OUI
    liens = LienActionNationale.objects.filter(
        action_regionale__version__est_courante=True, action_id__in=list(axe_de)
    ).values_list(
        "action_regionale_id", "action_id", "action_regionale__statut", "action_regionale__meteo"
    )
    vues = {}
    for regionale, action, statut, meteo in liens:
        vues[(regionale, axe_de[action])] = (statut, meteo)
    statuts, meteos = {}, {}
    libelles_statut, libelles_meteo = dict(Statut.choices), dict(Meteo.choices)
    for (_, numero), (statut, meteo) in vues.items():
        lignes[numero].actions_regionales += 1
        cle_s = (numero, libelles_statut.get(statut, SANS))
        statuts[cle_s] = statuts.get(cle_s, 0) + 1
        cle_m = (numero, libelles_meteo.get(meteo, SANS))
        meteos[cle_m] = meteos.get(cle_m, 0) + 1
    return sorted(lignes.values(), key=lambda ligne: ligne.numero), statuts, meteos


def _empilees(titre, comptes, couleurs, libelle_groupe, axes):
    ordre = list(couleurs)
    lignes = [
        (f"Axe {axe.numero}", groupe, comptes[(axe.numero, groupe)])
        for axe in axes
        for groupe in ordre
        if comptes.get((axe.numero, groupe))
    ]
    if not lignes:
        return None
    return barres_empilees(
        titre,
        lignes,
        libelle_categorie="Axe",
        libelle_groupe=libelle_groupe,
        ordre_groupes=ordre,
        couleurs=couleurs,
        source="Feuilles de route régionales (statut et météo saisis par les ARS)",
    )


def _completude_graphique(completude, campagne) -> Graphique:
    return barres_par_territoire(
        f"Campagne {campagne.annee} : part des valeurs reçues par région",
        [
            {"code": region.code, "territoire": region.nom, "valeur": bilan.taux_recues}
            for region, bilan in completude["par_region"]
        ],
        unite="pourcentage",
        libelle_valeur="Valeurs reçues",
        source="Campagne de collecte Jalon (valeurs soumises ou validées)",
    )


def tableau_national(*, jour=None) -> TableauNational:
    """Everything the national dashboard shows (signed-in users: every status).

    The referential is read once for the whole page (the active indicators, the regions with
    their population) and handed to each part, as are the indicators' links."""
    jour = jour or aujourd_hui()
    version = PlanVersion.objects.filter(est_courante=True, plan__nature="fdr_nationale").first()
    axes, statuts, meteos = _axes(version) if version else ([], {}, {})
    indicateurs = list(Indicateur.objects.actifs().select_related("fournisseur").order_by("code"))
    regions = populations.territoires(Territoire.Niveau.REGION)
    liens = regles_alertes.LiensIndicateurs()
    campagne = campagne_courante()
    completude = (
        comptes_campagne.completude(campagne, indicateurs=indicateurs) if campagne else None
    )
    annee = agregats.derniere_annee_nationale()
    evolutions = []
    if annee:
        evolutions = [
            e
            for e in agregats.evolutions_nationales(annee, indicateurs=indicateurs)
            if e.valeur is not None
        ]
    alertes = []
    if completude:
        alertes += regles_alertes.valeurs_manquantes(completude, campagne)
    alertes += regles_alertes.tendances_defavorables(evolutions, liens)
    alertes += regles_alertes.ecarts_mediane(
        [i for i in indicateurs if i.maille == Indicateur.Maille.REGIONALE],
        regions=regions,
        liens=liens,
    )
    alertes += regles_alertes.donnees_perimees(indicateurs, jour, liens=liens)
    return TableauNational(
        version=version,
        axes=axes,
        statuts=_empilees(
            "Actions régionales par axe national et statut",
            statuts,
            COULEURS_STATUTS,
            "Statut",
            axes,
        ),
        meteo=_empilees(
            "Actions régionales par axe national et météo", meteos, COULEURS_METEO, "Météo", axes
        ),
        campagne=campagne,
        completude=completude,
        completude_graphique=_completude_graphique(completude, campagne) if completude else None,
        annee=annee,
        evolutions=evolutions,
        alertes=alertes,
        regions=regions,
        liens=liens,
    )


def compter_actions_regionales(version) -> dict:
    """{status: count} of one regional roadmap version (for the region page)."""
    return dict(
        ActionRegionale.objects.filter(version=version)
        .values("statut")
        .annotate(n=Count("pk"))
        .values_list("statut", "n")
    )
