"""The national bilan of year N, built into a `document.Document` (structure of seed 001).

Cover and contents; reminder of the roadmap and its evolution; governance; then per axis
(with its pilot) and per action in roadmap order (17, 17 bis, 17 ter, 17 quater: the
`rang` sort key) its three texts, its indicators with their latest and previous values and
the evolution, the regional highlights drawn from the regional actions linked to it; then the
annexes (renumbering correspondence, links to other strategies, indicator catalogue).

A plan version without indicator rows or pilots of its own (the "bilan-2024" structure) takes
them from the current version for the same stable action: indicators are defined by the
annex of the instruction.
"""

import datetime
from collections import defaultdict

from django.db.models import Prefetch

from jalon.feuilles_regionales.models import LienActionNationale
from jalon.rapports import format as fr
from jalon.rapports.annexes import numeros_tries, section_annexes
from jalon.rapports.document import Document, ElementListe, Liste, Paragraphe, Run, Section
from jalon.rapports.indicateurs import Contexte, bloc_indicateur
from jalon.rapports.models import Partie
from jalon.rapports.narratifs import narratifs_annee
from jalon.rapports.texte_riche import en_blocs
from jalon.referentiel.models import (
    ActionVersion,
    Correspondance,
    LienActionIndicateur,
    Organisation,
)
from jalon.referentiel.queries import feuille_de_route, get_version, versions_feuille_de_route

AUTEUR = "Délégation ministérielle à la santé mentale et à la psychiatrie (DMSMP)"
ABSENT = "Texte non renseigné pour {annee}."


def _rien(progres, etape, pourcentage):
    if progres is not None:
        progres(etape, pourcentage)


class _Referentiel:
    """The version's actions with their indicators, pilots, other numberings and regional
    declinations, in a bounded number of queries."""

    def __init__(self, version):
        self.version = version
        self.axes = feuille_de_route(version)
        self.actions = [av for axe in self.axes for av in axe.actions_filtrees]
        courante = get_version()
        self.courante = courante
        self.liens = self._liens(version) or self._liens(courante)
        self.pilotes = self._pilotes(version, courante)
        self.assises = defaultdict(list)
        for corr in Correspondance.objects.filter(systeme=Correspondance.Systeme.ASSISES_2021):
            self.assises[corr.action_id].append(corr.numero)
        self.regionales = defaultdict(list)
        liens = LienActionNationale.objects.filter(
            action_regionale__version__est_courante=True
        ).select_related(
            "action_regionale__version__plan__territoire", "action_regionale__objectif"
        )
        for lien in liens.order_by(
            "action_regionale__version__plan__territoire__ordre", "action_regionale__rang"
        ):
            self.regionales[lien.action_id].append(lien)

    @staticmethod
    def _liens(version) -> dict:
        par_action = defaultdict(list)
        liens = LienActionIndicateur.objects.filter(action_version__version=version).select_related(
            "indicateur__fournisseur", "action_version"
        )
        for lien in liens:
            par_action[lien.action_version.action_id].append(lien.indicateur)
        return dict(par_action)

    @staticmethod
    def _pilotes(version, courante) -> dict:
        resultat = {}
        for cible in (courante, version):
            for av in ActionVersion.objects.filter(version=cible).prefetch_related(
                Prefetch("pilotes", queryset=Organisation.objects.order_by("code"))
            ):
                libelle = av.pilotes_libelle or "/".join(o.code for o in av.pilotes.all())
                if libelle:
                    resultat[av.action_id] = libelle
        return resultat

    def indicateurs(self, action_version):
        indicateurs = self.liens.get(action_version.action_id, [])
        # Results first, then means, as the bilan prints them; code order within a type.
        return sorted(indicateurs, key=lambda i: (i.type != "resultat", i.code))


def titre_action(av, assises: list[str]) -> str:
    titre = f"Action {av.numero} : {av.titre}"
    if assises:
        mesures = numeros_tries(assises)
        mot = "mesure" if len(assises) == 1 else "mesures"
        titre += f" ({mot} {mesures} des Assises de la santé mentale et de la psychiatrie)"
    return titre


def construire_bilan_national(
    annee: int, version=None, *, progres=None, avec_figures: bool = True
) -> Document:
    """The document of the national bilan of `annee` on `version` (current by default)."""
    version = version or get_version()
    _rien(progres, "Lecture du référentiel", 5)
    ref = _Referentiel(version)
    textes = narratifs_annee(annee)
    tous = {i.pk: i for indicateurs in ref.liens.values() for i in indicateurs}
    _rien(progres, "Lecture des valeurs", 15)
    contexte = Contexte.charger(annee, tous.values(), avec_figures=avec_figures)
    document = Document(
        titre="Feuille de route santé mentale et psychiatrie",
        sous_titre=f"Bilan {annee} de l'état d'avancement des actions",
        auteur=AUTEUR,
        date=datetime.date.today(),
        nom_fichier=f"bilan-national-{annee}",
        mentions=[
            f"Structure : {version.libelle} ({len(ref.actions)} actions).",
            "Indicateurs : valeurs validées dans Jalon à la date du document.",
            f"Document produit par Jalon le {fr.date(datetime.date.today())}.",
        ],
    )
    document.sections.append(_section_rappel(annee, textes, ref))
    document.sections.append(_section_gouvernance(annee, textes))
    total = max(1, len(ref.actions))
    faites = 0
    for axe in ref.axes:
        section_axe = _section_axe(annee, axe, textes)
        for av in axe.actions_filtrees:
            section_axe.sections.append(_section_action(annee, av, ref, textes, contexte))
            faites += 1
            _rien(progres, f"Action {av.numero}", 20 + 60 * faites // total)
        document.sections.append(section_axe)
    _rien(progres, "Annexes", 82)
    document.sections.append(section_annexes(ref, annee))
    return document


def _texte(textes, partie, axe=0):
    narratif = textes["parties"].get((partie, axe))
    return en_blocs(narratif.texte) if narratif and narratif.texte else []


def _section_rappel(annee, textes, ref) -> Section:
    section = Section(
        "Rappel sur la feuille de route de la santé mentale et de la psychiatrie et son évolution",
        1,
        "rappel",
        saut_de_page=True,
    )
    section.ajouter(*_texte(textes, Partie.RAPPEL_FEUILLE_DE_ROUTE))
    evolution = section.sous_section("Les versions de la feuille de route", "rappel-versions")
    elements = []
    for version in versions_feuille_de_route().order_by("date", "code"):
        nombre = version.actions.count()
        courant = " — version courante" if version.est_courante else ""
        elements.append(ElementListe([Run(f"{version.libelle} : {nombre} actions{courant}")]))
    evolution.ajouter(Liste(elements))
    axes = section.sous_section(
        "Les trois axes de la feuille de route santé mentale et psychiatrie"
        if len(ref.axes) == 3
        else "Les axes de la feuille de route",
        "rappel-axes",
    )
    axes.ajouter(
        Liste(
            [
                ElementListe([Run(f"Axe {axe.numero} : {axe.libelle_bilan or axe.libelle}")])
                for axe in ref.axes
            ]
        )
    )
    return section


def _section_gouvernance(annee, textes) -> Section:
    section = Section(
        "Gouvernance générale de la feuille de route santé mentale et psychiatrie",
        1,
        "gouvernance",
        saut_de_page=True,
    )
    blocs = _texte(textes, Partie.GOUVERNANCE)
    section.ajouter(*(blocs or [Paragraphe.simple(ABSENT.format(annee=annee), "note")]))
    mot = _texte(textes, Partie.MOT_DELEGUE)
    if mot:
        section.sous_section(
            "Le mot du délégué ministériel à la santé mentale et à la psychiatrie",
            "mot-delegue",
        ).ajouter(*mot)
    return section


def _section_axe(annee, axe, textes) -> Section:
    titre = f"Axe {axe.numero} : {axe.libelle_bilan or axe.libelle}"
    if axe.pilote:
        titre += f" (pilote : {axe.pilote})"
    section = Section(titre, 1, f"axe-{axe.numero}", saut_de_page=True)
    gouvernance = _texte(textes, Partie.GOUVERNANCE_AXE, axe.numero)
    if gouvernance:
        section.sous_section("Gouvernance", f"axe-{axe.numero}-gouvernance").ajouter(*gouvernance)
    return section


SECTIONS_ACTION = [
    (Partie.ENJEUX, "Enjeux et objectifs", "enjeux"),
    (Partie.RAPPEL, "Actions déjà réalisées (rappel)", "rappel"),
    (Partie.ANNEE, "Actions réalisées ou en cours en {annee}", "annee"),
]


def _section_action(annee, av, ref, textes, contexte) -> Section:
    ancre = f"action-{av.slug}"
    section = Section(titre_action(av, ref.assises.get(av.action_id, [])), 2, ancre)
    pilotes = ref.pilotes.get(av.action_id)
    section.ajouter(
        Paragraphe.simple(f"Pilote : {pilotes}" if pilotes else "Pilote : non renseigné", "chapeau")
    )
    for partie, titre, suffixe in SECTIONS_ACTION:
        sous = section.sous_section(titre.format(annee=annee), f"{ancre}-{suffixe}")
        narratif = textes["actions"].get((av.action_id, partie))
        blocs = en_blocs(narratif.texte) if narratif and narratif.texte else []
        sous.ajouter(*(blocs or [Paragraphe.simple(ABSENT.format(annee=annee), "note")]))
    indicateurs = ref.indicateurs(av)
    sous = section.sous_section("Indicateurs", f"{ancre}-indicateurs")
    if indicateurs:
        sous.ajouter(*(bloc_indicateur(contexte, indicateur) for indicateur in indicateurs))
    else:
        sous.ajouter(Paragraphe.simple("Aucun indicateur n'est défini pour cette action.", "note"))
    liens = ref.regionales.get(av.action_id, [])
    if liens:
        section.sous_section("Déclinaisons régionales", f"{ancre}-regions").ajouter(
            _liste_regionale(liens)
        )
    return section


def _liste_regionale(liens) -> Liste:
    elements = []
    for lien in liens:
        action = lien.action_regionale
        region = action.version.plan.territoire
        etat = [action.get_statut_display() if action.statut else "statut non renseigné"]
        if action.meteo:
            etat.append(f"météo : {action.get_meteo_display().lower()}")
        if lien.etat == LienActionNationale.Etat.PROPOSE:
            etat.append("rattachement à confirmer par l'ARS")
        runs = [
            Run(f"{region.nom} — ", gras=True),
            Run(f"action n°{action.numero} : {action.titre} ({', '.join(etat)})"),
        ]
        if action.initiative_a_valoriser and action.initiative_note:
            runs.append(Run(f". Initiative à valoriser : {action.initiative_note}", italique=True))
        elements.append(ElementListe(runs))
    return Liste(elements)
