"""The key-figure synthesis of year N (two pages, like the press release of seed 000): the
headline indicators the national admin chose, with their values and evolutions.

`choisir_chiffres_cles(user, lignes)` replaces the selection (national admin only, journaled).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jalon.journal.services import journaliser
from jalon.rapports import format as fr
from jalon.rapports.document import Document, ElementListe, Liste, Paragraphe, Run, Section
from jalon.rapports.indicateurs import Contexte, bloc_indicateur
from jalon.rapports.models import ChiffreCle
from jalon.rapports.national import AUTEUR
from jalon.referentiel.models import Indicateur
from jalon.referentiel.queries import chiffres_cles as compteurs_referentiel
from jalon.territoires import perms


def selection():
    return list(ChiffreCle.objects.select_related("indicateur__fournisseur").order_by("ordre"))


@transaction.atomic
def choisir_chiffres_cles(user, lignes: list[tuple[str, str]], *, canal: str) -> list[ChiffreCle]:
    """`lignes`: (indicator code, short wording) in the order of the synthesis."""
    if not perms.can_choose_key_figures(user):
        raise PermissionDenied("Seule l'administration nationale choisit les chiffres clés.")
    codes = [code.strip() for code, _ in lignes]
    if len(set(codes)) != len(codes):
        raise ValidationError("Un indicateur ne peut figurer qu'une fois parmi les chiffres clés.")
    connus = Indicateur.objects.in_bulk(codes, field_name="code")
    inconnus = [code for code in codes if code not in connus]
    if inconnus:
        raise ValidationError(f"Indicateur(s) inconnu(s) : {', '.join(inconnus)}.")
    avant = [(c.indicateur.code, c.libelle) for c in selection()]
    ChiffreCle.objects.all().delete()
    nouveaux = [
        ChiffreCle.objects.create(
            indicateur=connus[code], ordre=rang, libelle=libelle.strip()[:255]
        )
        for rang, (code, libelle) in enumerate(lignes, start=1)
    ]
    apres = [(c.indicateur.code, c.libelle) for c in nouveaux]
    if avant != apres:
        journaliser(
            user,
            canal,
            "chiffres_cles",
            ("rapports.chiffrecle", "", "Chiffres clés"),
            {"selection": avant},
            {"selection": apres},
        )
    return nouveaux


def construire_synthese(annee: int) -> Document:
    choisis = selection()
    contexte = Contexte.charger(annee, [c.indicateur for c in choisis], avec_figures=False)
    compteurs = compteurs_referentiel()
    document = Document(
        titre=f"Bilan {annee} de la feuille de route santé mentale et psychiatrie",
        sous_titre="Synthèse des chiffres clés",
        auteur=AUTEUR,
        date=datetime.date.today(),
        nom_fichier=f"synthese-chiffres-cles-{annee}",
        table_des_matieres=False,
        mentions=[
            "Valeurs validées dans Jalon à la date du document.",
            f"Document produit par Jalon le {fr.date(datetime.date.today())}.",
        ],
    )
    feuille = Section("La feuille de route en bref", 1, "feuille")
    feuille.ajouter(
        Paragraphe.simple(
            f"La feuille de route santé mentale et psychiatrie compte {compteurs['actions']} "
            f"actions réparties en {compteurs['axes']} axes, suivies par "
            f"{compteurs['indicateurs']} indicateurs ({compteurs['indicateurs_moyens']} de "
            f"moyens, {compteurs['indicateurs_resultat']} de résultat) ; "
            f"{compteurs['actions_declinees']} actions appellent une déclinaison régionale."
        )
    )
    document.sections.append(feuille)
    chiffres = Section(f"Les chiffres clés de {annee}", 1, "chiffres")
    if not choisis:
        chiffres.ajouter(
            Paragraphe.simple(
                "Aucun chiffre clé n'a été choisi : l'administration nationale les choisit dans "
                "Jalon (page « Chiffres clés »).",
                "note",
            )
        )
    elements = []
    for choix in choisis:
        bloc = bloc_indicateur(contexte, choix.indicateur)
        elements.append(
            ElementListe(
                [
                    Run(f"{choix.libelle or choix.indicateur.libelle} : ", gras=True),
                    Run(bloc.phrase),
                    Run(
                        f" ({choix.indicateur.code} ; {bloc.source or 'source non précisée'})",
                        italique=True,
                    ),
                ]
            )
        )
    if elements:
        chiffres.ajouter(Liste(elements))
    document.sections.append(chiffres)
    return document
