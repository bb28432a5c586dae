"""Annexes of the national bilan: renumbering (annex 1), other strategies (annex 1bis) and the
indicator catalogue, from the referential's correspondences and links."""

from collections import defaultdict

from jalon.rapports.document import Paragraphe, Section, Tableau
from jalon.referentiel.models import Correspondance, RattachementStrategie


def numeros_tries(valeurs) -> str:
    """ "1, 7 bis, 24" — numbers sorted by their integer part, whatever their suffix."""

    def cle(numero):
        tete = numero.split()[0]
        return (int(tete) if tete.isdigit() else 0, numero)

    return ", ".join(sorted(set(valeurs), key=cle))


def section_annexes(ref, annee: int) -> Section:
    section = Section("Annexes", 1, "annexes", saut_de_page=True)
    section.sections.append(annexe_correspondances(ref))
    section.sections.append(annexe_strategies(ref))
    section.sections.append(annexe_indicateurs(ref))
    return section


def _titre_court(av) -> str:
    return av.titre_court or av.titre


def annexe_correspondances(ref) -> Section:
    par_action = defaultdict(lambda: defaultdict(list))
    for corr in Correspondance.objects.all():
        par_action[corr.action_id][corr.systeme].append(corr.numero)
    lignes = []
    for axe in ref.axes:
        for av in axe.actions_filtrees:
            numeros = par_action.get(av.action_id, {})
            lignes.append(
                [
                    f"Axe {axe.numero}",
                    av.numero,
                    _titre_court(av),
                    numeros_tries(numeros.get(Correspondance.Systeme.FDR_2019, [])) or "—",
                    numeros_tries(numeros.get(Correspondance.Systeme.ASSISES_2021, [])) or "—",
                ]
            )
    section = Section(
        "Annexe 1 — Tableau de correspondance des numérotations des mesures", 2, "annexe-1"
    )
    section.ajouter(
        Paragraphe.simple(
            f"Numérotation de la structure « {ref.version.libelle} » et numéros des mêmes actions "
            "dans la feuille de route initiale de 2018-2019 et parmi les mesures des Assises de "
            "la santé mentale et de la psychiatrie (septembre 2021)."
        ),
        Tableau(
            titre="Correspondance des numérotations",
            entetes=[
                "Axe",
                "Numéro",
                "Intitulé de l'action",
                "Feuille de route initiale 2019",
                "Mesures des Assises",
            ],
            lignes=lignes,
        ),
    )
    return section


def annexe_strategies(ref) -> Section:
    par_action = defaultdict(list)
    for rattachement in RattachementStrategie.objects.select_related("strategie").order_by(
        "strategie__nom"
    ):
        texte = rattachement.strategie.nom
        if rattachement.precision:
            texte += f" ({rattachement.precision})"
        par_action[rattachement.action_id].append(texte)
    lignes = [
        [f"Axe {axe.numero}", av.numero, _titre_court(av), " ; ".join(par_action[av.action_id])]
        for axe in ref.axes
        for av in axe.actions_filtrees
        if par_action.get(av.action_id)
    ]
    section = Section(
        "Annexe 1bis — Rattachement des actions de la feuille de route à d'autres stratégies "
        "et plans nationaux",
        2,
        "annexe-1bis",
    )
    sans = sum(1 for av in ref.actions if not par_action.get(av.action_id))
    section.ajouter(
        Tableau(
            titre="Autres stratégies et plans de rattachement",
            entetes=["Axe", "Numéro", "Intitulé de l'action", "Stratégies et plans"],
            lignes=lignes,
            note=f"{sans} action(s) sans rattachement à une autre stratégie." if sans else "",
        )
    )
    return section


def annexe_indicateurs(ref) -> Section:
    vus, lignes = {}, []
    for av in ref.actions:
        for indicateur in ref.indicateurs(av):
            if indicateur.pk in vus:
                vus[indicateur.pk][1].append(av.numero)
                continue
            ligne = [
                indicateur.code,
                indicateur.get_type_display().replace("Indicateur de ", ""),
                indicateur.libelle,
                [av.numero],
                indicateur.fournisseur_libelle or "—",
                indicateur.get_maille_display(),
                indicateur.get_frequence_display(),
            ]
            vus[indicateur.pk] = (ligne, ligne[3])
            lignes.append(ligne)
    for ligne in lignes:
        ligne[3] = ", ".join(ligne[3])
    section = Section("Annexe 2 — Catalogue des indicateurs", 2, "annexe-indicateurs")
    section.ajouter(
        Paragraphe.simple(
            f"{len(lignes)} indicateurs de l'annexe de l'instruction n° 2023/179, dans l'ordre "
            "des actions qu'ils décrivent."
        ),
        Tableau(
            titre="Catalogue des indicateurs",
            entetes=[
                "Code",
                "Type",
                "Libellé",
                "Action(s)",
                "Fournisseur",
                "Maille",
                "Fréquence",
            ],
            lignes=lignes,
        ),
    )
    return section
