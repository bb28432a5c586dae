"""E-mail reminders before the campaign deadlines, only to those with something missing.

Schedule (`PALIERS`): 30, 15, 7 and 1 days before a deadline; once the deadline has passed, the
day after and then every 7 days while the campaign stays open, so a late region is reminded
without being flooded. Recipients: the active ARS référents of a region for the regional
values, the active pilots of a direction for the national values, and only when at least one
of their cells is empty, draft or returned.

Idempotent per day: each sent mail is recorded in `EnvoiRelance` (unique per campaign,
recipient, deadline and day), so running the command twice the same day sends nothing more.
The record is written after the mail is handed to the backend: a failed send is retried by the
next run.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from jalon.campagnes import attendus
from jalon.campagnes.models import Campagne, EnvoiRelance
from jalon.campagnes.verrous import aujourd_hui
from jalon.comptes.models import Utilisateur
from jalon.saisies.nombres import format_nombre_fr
from jalon.territoires.models import Territoire

PALIERS = (30, 15, 7, 1)
RELANCE_RETARD_TOUS_LES = 7
LIGNES_MAX = 60  # beyond, the mail points to the page instead of listing every cell


@dataclass
class Relance:
    campagne: Campagne
    destinataire: Utilisateur
    echeance: str  # field name of the deadline
    date_echeance: object
    perimetre: str
    lien: str
    manquantes: list
    deja_envoyee: bool = False
    jour: object = None

    @property
    def sujet(self) -> str:
        jours = (self.date_echeance - self.jour).days
        quand = (
            f"échéance dans {jours} jour{'s' if jours > 1 else ''}"
            if jours > 0
            else "échéance dépassée"
        )
        return (
            f"[Jalon] Campagne {self.campagne.annee} — {self.perimetre} : "
            f"{len(self.manquantes)} valeur(s) manquante(s), {quand}"
        )

    def corps(self) -> str:
        lignes = [
            "Bonjour,",
            "",
            f"Pour la campagne {self.campagne.annee} de la feuille de route santé mentale et "
            f"psychiatrie, {len(self.manquantes)} valeur(s) attendue(s) de {self.perimetre} "
            f"ne sont pas encore soumises (échéance : {self.date_echeance:%d/%m/%Y}) :",
            "",
        ]
        for cellule in self.manquantes[:LIGNES_MAX]:
            valeur = ""
            if cellule.valeur is not None and cellule.valeur.valeur is not None:
                valeur = f", {format_nombre_fr(cellule.valeur.valeur, cellule.indicateur.unite)}"
            lignes.append(
                f"- {cellule.indicateur.code} — {cellule.territoire.nom} "
                f"({cellule.libelle_etat.lower()}{valeur})"
            )
        if len(self.manquantes) > LIGNES_MAX:
            lignes.append(f"- … et {len(self.manquantes) - LIGNES_MAX} autre(s).")
        lignes += [
            "",
            f"Pour les saisir et les soumettre : {self.lien}",
            "",
            "Ce message est envoyé automatiquement par Jalon tant que des valeurs manquent.",
        ]
        return "\n".join(lignes)


def jour_de_relance(echeance, jour) -> bool:
    """The schedule rule (`PALIERS`, then every `RELANCE_RETARD_TOUS_LES` days once late),
    shared with the reminders of ad-hoc requests (`jalon.demandes.relances`)."""
    ecart = (echeance - jour).days
    if ecart in PALIERS:
        return True
    return ecart < 0 and (-ecart - 1) % RELANCE_RETARD_TOUS_LES == 0


def _destinataires(**filtre):
    return (
        Utilisateur.objects.filter(is_active=True, **filtre).exclude(email="").order_by("username")
    )


def relances_du_jour(jour=None, base_url="") -> list[Relance]:
    """What `send-reminders` would send on ``jour`` (already sent ones flagged)."""
    jour = jour or aujourd_hui()
    relances = []
    for campagne in Campagne.objects.filter(statut=Campagne.Statut.OUVERTE):
        if jour_de_relance(campagne.echeance_valeurs_regionales, jour):
            for region in Territoire.objects.regions():
                manquantes = [c for c in attendus.cellules_region(campagne, region) if c.manquante]
                if not manquantes:
                    continue
                lien = base_url + reverse("www:campagne_grille", args=[campagne.annee, region.code])
                for user in _destinataires(role=Utilisateur.Role.REFERENT_ARS, territoire=region):
                    relances.append(
                        Relance(
                            campagne,
                            user,
                            "echeance_valeurs_regionales",
                            campagne.echeance_valeurs_regionales,
                            f"l'ARS {region.nom}",
                            lien,
                            manquantes,
                        )
                    )
        if jour_de_relance(campagne.echeance_valeurs_nationales, jour):
            for organisation in attendus.fournisseurs():
                manquantes = [
                    c for c in attendus.cellules_fournisseur(campagne, organisation) if c.manquante
                ]
                if not manquantes:
                    continue
                lien = base_url + reverse(
                    "www:campagne_fournisseur", args=[campagne.annee, organisation.code]
                )
                for user in _destinataires(
                    role=Utilisateur.Role.PILOTE_NATIONAL, organisation=organisation
                ):
                    relances.append(
                        Relance(
                            campagne,
                            user,
                            "echeance_valeurs_nationales",
                            campagne.echeance_valeurs_nationales,
                            organisation.code,
                            lien,
                            manquantes,
                        )
                    )
    deja = set(
        EnvoiRelance.objects.filter(jour=jour).values_list(
            "campagne_id", "destinataire_id", "echeance"
        )
    )
    for relance in relances:
        relance.jour = jour
        relance.deja_envoyee = (
            relance.campagne.pk,
            relance.destinataire.pk,
            relance.echeance,
        ) in deja
    return relances


def envoyer_et_noter(lister, noter, jour=None, *, base_url="", dry_run=False) -> list:
    """Send the reminders of ``jour`` that ``lister(jour, base_url)`` (a ``relances_du_jour``)
    has not flagged as already sent, recording each with ``noter(relance)`` (a reminder
    carries its ``jour``); returns those recorded, or in dry run those it would send, sending
    and recording nothing.

    The record comes after the mail is handed to the backend, so a failed send is retried by
    the next run; a unique-record clash means a concurrent run recorded it first. Shared by
    the campaign and the ad-hoc request reminders."""
    jour = jour or aujourd_hui()
    a_envoyer = [r for r in lister(jour, base_url) if not r.deja_envoyee]
    if dry_run:
        return a_envoyer
    envoyees = []
    for relance in a_envoyer:
        send_mail(
            relance.sujet,
            relance.corps(),
            settings.DEFAULT_FROM_EMAIL,
            [relance.destinataire.email],
        )
        try:
            with transaction.atomic():
                noter(relance)
        except IntegrityError:
            continue  # a concurrent run recorded it first
        envoyees.append(relance)
    return envoyees


def envoyer_relances(jour=None, *, base_url="", dry_run=False) -> list[Relance]:
    """Send the day's reminders not sent yet; returns those sent (or to send, in dry run)."""
    return envoyer_et_noter(
        relances_du_jour,
        lambda relance: EnvoiRelance.objects.create(
            campagne=relance.campagne,
            destinataire=relance.destinataire,
            echeance=relance.echeance,
            jour=relance.jour,
            nombre_manquantes=len(relance.manquantes),
        ),
        jour,
        base_url=base_url,
        dry_run=dry_run,
    )
