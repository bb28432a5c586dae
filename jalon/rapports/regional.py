"""The regional bilan of one region and year, built into a `document.Document`.

Cover (with the bilan's workflow state), the ARS's synthesis in three parts, then each
objective of the regional roadmap and its actions in roadmap order (the `rang` sort key:
2, 2 bis, 10) with their state for the year (statut, météo, progress note, milestones) and
the national actions they decline, then the region's indicator values compared with the
previous year and with the national value, phrased as the national bilan phrases them
(`format.phrase_evolution`). What is missing is said plainly ("Suivi 2025 non renseigné",
"donnée non disponible pour 2025"); nothing is estimated.

Only validated values enter the document (like the national bilan). The texts and the
follow-ups are the bilan's as they stand: the cover says whether it is a draft, submitted
or validated.
"""

import datetime

from django.db.models import Q

from jalon.campagnes.models import Campagne
from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.bilan import PARTIES_SYNTHESE, actions_du_bilan, suivis_par_action
from jalon.feuilles_regionales.models import BilanRegional, LienActionNationale
from jalon.rapports import format as fr
from jalon.rapports.document import Document, ElementListe, Liste, Paragraphe, Run, Section
from jalon.rapports.donnees import derniere_et_precedente, series
from jalon.rapports.texte_riche import en_blocs, nettoyer
from jalon.referentiel.models import ActionVersion, Indicateur
from jalon.saisies.models import Valeur
from jalon.territoires.models import Territoire


def _rien(progres, etape, pourcentage):
    if progres is not None:
        progres(etape, pourcentage)


def _etat_bilan(bilan, annee) -> str:
    if bilan is None:
        return f"État du bilan : rien n'a encore été saisi pour {annee}."
    if bilan.statut == BilanRegional.Statut.VALIDE:
        return (
            f"État du bilan : validé par l'administration nationale le {fr.date(bilan.valide_le)}."
        )
    if bilan.statut == BilanRegional.Statut.SOUMIS:
        return (
            f"État du bilan : soumis le {fr.date(bilan.soumis_le)}, en attente de validation "
            "par l'administration nationale."
        )
    if bilan.statut == BilanRegional.Statut.RENVOYE:
        return f"État du bilan : renvoyé à l'ARS pour correction le {fr.date(bilan.renvoye_le)}."
    return "État du bilan : brouillon, non soumis à l'administration nationale."


def construire_bilan_regional(region, annee: int, *, progres=None) -> Document:
    """The document of the regional bilan of `region` for campaign year `annee`."""
    _rien(progres, "Lecture du bilan", 5)
    campagne = Campagne.objects.filter(annee=annee).first()
    bilan = (
        BilanRegional.objects.filter(region=region, campagne=campagne).first() if campagne else None
    )
    version = queries.version_courante(region)
    actions = list(
        actions_du_bilan(region).prefetch_related("liens_nationaux__action") if version else []
    )
    suivis = suivis_par_action(bilan)
    aujourd_hui = datetime.date.today()
    document = Document(
        titre=f"Feuille de route santé mentale et psychiatrie — {region.nom}",
        sous_titre=f"Bilan régional {annee}",
        auteur=f"Agence régionale de santé — {region.nom}",
        date=aujourd_hui,
        nom_fichier=f"bilan-regional-{region.code.lower()}-{annee}",
        mentions=[
            _etat_bilan(bilan, annee),
            (
                f"Feuille de route : {version.plan.nom} ({version.libelle}, "
                f"{len(actions)} actions)."
                if version
                else "Aucune feuille de route régionale n'est enregistrée dans Jalon."
            ),
            "Indicateurs : valeurs validées dans Jalon à la date du document.",
            f"Document produit par Jalon le {fr.date(aujourd_hui)}.",
        ],
    )
    if campagne is None:
        document.mentions.insert(0, f"Aucune campagne {annee} n'est ouverte dans Jalon.")
    document.sections.append(_section_synthese(bilan, annee, en_blocs))
    _rien(progres, "Actions", 20)
    numeros = _actions_nationales()
    section_actions = Section(f"Avancement des actions en {annee}", 1, "actions", saut_de_page=True)
    if not actions:
        section_actions.ajouter(Paragraphe.simple("Aucune action régionale à suivre.", "note"))
    objectif_courant, section_objectif = None, None
    for action in actions:
        if action.objectif_id != objectif_courant:
            objectif_courant = action.objectif_id
            section_objectif = section_actions.sous_section(
                action.objectif.intitule,
                f"objectif-{action.objectif.code}",
            )
        section_objectif.sections.append(
            _section_action(action, suivis.get(action.pk), annee, numeros, en_blocs, nettoyer)
        )
    document.sections.append(section_actions)
    _rien(progres, "Indicateurs", 60)
    document.sections.append(_section_indicateurs(region, annee))
    return document


def _section_synthese(bilan, annee, en_blocs) -> Section:
    section = Section("Synthèse", 1, "synthese", saut_de_page=True)
    for champ, titre in PARTIES_SYNTHESE:
        texte = getattr(bilan, champ) if bilan else ""
        blocs = en_blocs(texte) if texte else []
        section.sous_section(titre, f"synthese-{champ.replace('_', '-')}").ajouter(
            *(blocs or [Paragraphe.simple(f"Non renseigné pour {annee}.", "note")])
        )
    return section


def _section_action(action, suivi, annee, numeros, en_blocs, nettoyer) -> Section:
    section = Section(f"Action n°{action.numero} : {action.titre}", 3, f"action-{action.slug}")
    if suivi is None or not suivi.statut:
        etat = f"Suivi {annee} non renseigné par l'ARS"
        if suivi is not None and suivi.meteo:
            etat += f" (météo : {suivi.get_meteo_display().lower()})"
    else:
        etat = f"Statut en {annee} : {suivi.get_statut_display()}"
        etat += (
            f" — météo : {suivi.get_meteo_display().lower()}"
            if suivi.meteo
            else " — météo non renseignée"
        )
    section.ajouter(Paragraphe.simple(etat, "chapeau"))
    if action.pilote:
        section.ajouter(Paragraphe.simple(f"Pilote : {action.pilote}"))
    avancement = suivi.avancement if suivi else ""
    if avancement:
        section.ajouter(*en_blocs(nettoyer(avancement)))
    else:
        section.ajouter(Paragraphe.simple(f"Aucune note d'avancement pour {annee}.", "note"))
    jalons = list(action.jalons.all())
    if jalons:
        atteints = {j.pk for j in suivi.jalons_atteints.all()} if suivi else set()
        elements = []
        for jalon in jalons:
            echeance = f" (échéance : {fr.date(jalon.date)})" if jalon.date else ""
            etat_jalon = "atteint" if jalon.pk in atteints else f"non atteint fin {annee}"
            elements.append(ElementListe([Run(f"{jalon.libelle}{echeance} — {etat_jalon}")]))
        section.ajouter(Paragraphe([Run("Jalons", gras=True)]), Liste(elements))
    liens = list(action.liens_nationaux.all())
    if liens:
        elements = []
        for lien in liens:
            numero, titre = numeros.get(lien.action_id, (lien.action.cle, ""))
            etat_lien = (
                "" if lien.etat == LienActionNationale.Etat.CONFIRME else " (lien à confirmer)"
            )
            texte = f"Action nationale {numero}" + (f" : {titre}" if titre else "")
            elements.append(ElementListe([Run(texte + etat_lien)]))
        section.ajouter(
            Paragraphe([Run("Actions nationales déclinées", gras=True)]), Liste(elements)
        )
    else:
        section.ajouter(Paragraphe.simple("Aucune action nationale rattachée.", "note"))
    return section


def _actions_nationales() -> dict:
    """referentiel.Action id -> (number, title) in the current national version."""
    return {
        action_id: (numero, titre)
        for action_id, numero, titre in ActionVersion.objects.courantes()
        .filter(version__plan__code=queries.CODE_PLAN_NATIONAL)
        .values_list("action_id", "numero", "titre")
    }


def _indicateurs_de(region, annee):
    """Indicators the ARS provides, and any other with a validated value for the region up
    to `annee`, by code."""
    avec_valeurs = Valeur.objects.filter(
        territoire=region, statut=Valeur.Statut.VALIDEE, annee__lte=annee, valeur__isnull=False
    ).values("indicateur_id")
    return (
        Indicateur.objects.actifs()
        .filter(Q(saisie_ars=True) | Q(pk__in=avec_valeurs))
        .order_by("code")
        .distinct()
    )


def _section_indicateurs(region, annee) -> Section:
    section = Section(f"Indicateurs de la région en {annee}", 1, "indicateurs", saut_de_page=True)
    france = Territoire.objects.filter(code="FR").first()
    indicateurs = list(_indicateurs_de(region, annee))
    if not indicateurs:
        section.ajouter(Paragraphe.simple("Aucun indicateur régional n'est défini.", "note"))
        return section
    section.ajouter(
        Paragraphe.simple(
            f"Valeur de la région pour {annee} comparée à l'année précédente, puis valeur "
            "nationale de la même période. Seules les valeurs validées sont reprises.",
            "note",
        )
    )
    # Two reads for all the indicators: the region's series and the national ones.
    regionales = series(indicateurs, region)
    nationales = series(indicateurs, france) if france else {}
    manquantes = 0
    for indicateur in indicateurs:
        points = regionales.get(indicateur.pk, [])
        derniere, precedente = derniere_et_precedente(points, annee)
        evolution = fr.phrase_evolution(annee, derniere, precedente, indicateur.unite)
        if not evolution.disponible:
            manquantes += 1
        nationaux = {p.periode: p.valeur for p in nationales.get(indicateur.pk, [])}
        periode = derniere.periode if derniere else str(annee)
        nationale = nationaux.get(periode)
        texte_national = (
            f"{fr.nombre(nationale, indicateur.unite)} en {fr.periode(periode)}"
            if nationale is not None
            else f"donnée non disponible pour {fr.periode(periode)}"
        )
        sous = section.sous_section(
            f"{indicateur.code} — {indicateur.libelle}", f"indicateur-{indicateur.code}"
        )
        sous.ajouter(
            Liste(
                [
                    ElementListe([Run(f"{region.nom} : ", gras=True), Run(evolution.texte)]),
                    ElementListe([Run("France : ", gras=True), Run(texte_national)]),
                ]
            )
        )
    if manquantes:
        section.blocs.insert(
            1,
            Paragraphe.simple(
                f"{manquantes} indicateur{'s' if manquantes > 1 else ''} sur {len(indicateurs)} "
                f"sans valeur validée de la région pour {annee}.",
                "note",
            ),
        )
    return section
