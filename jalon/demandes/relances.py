"""E-mail reminders of ad-hoc requests, to the ARS référents of the regions that still have
something missing (a question without an answer, a requested value not submitted).

Same schedule as the campaign reminders (`jalon.campagnes.relances.jour_de_relance`: 30, 15,
7 and 1 days before the deadline, then the day after and every 7 days while the request stays
published and the region's answer is neither transmitted nor closed); `jalon send-reminders`
sends both. Idempotent per day through `EnvoiRelanceDemande`, recorded after the mail is
handed to the backend so that a failed send is retried by the next run.
"""

from dataclasses import dataclass

from django.urls import reverse

from jalon.campagnes.relances import LIGNES_MAX, envoyer_et_noter, jour_de_relance
from jalon.campagnes.verrous import aujourd_hui
from jalon.comptes.models import Utilisateur
from jalon.demandes import suivi
from jalon.demandes.models import Cible, Demande, EnvoiRelanceDemande


@dataclass
class RelanceDemande:
    demande: Demande
    destinataire: Utilisateur
    etat: suivi.EtatRegion
    lien: str
    jour: object
    deja_envoyee: bool = False

    @property
    def perimetre(self) -> str:
        return f"l'ARS {self.etat.region.nom}"

    @property
    def manquantes(self) -> list:
        return self.etat.questions_sans_reponse + self.etat.cellules_manquantes

    @property
    def sujet(self) -> str:
        jours = (self.demande.echeance - self.jour).days
        quand = (
            f"échéance dans {jours} jour{'s' if jours > 1 else ''}"
            if jours > 0
            else "échéance dépassée"
        )
        return (
            f"[Jalon] Demande « {self.demande.titre} » — {self.etat.region.nom} : "
            f"{len(self.manquantes)} élément(s) manquant(s), {quand}"
        )

    def corps(self) -> str:
        lignes = [
            "Bonjour,",
            "",
            f"L'administration nationale attend la réponse de {self.perimetre} à la demande "
            f"« {self.demande.titre} » pour le {self.demande.echeance:%d/%m/%Y}. "
            f"Il manque encore {len(self.manquantes)} élément(s) :",
            "",
        ]
        elements = [
            f"- question {q.rang} : {q.texte[:120]}" for q in self.etat.questions_sans_reponse
        ]
        elements += [
            f"- {c.indicateur.code} — {c.territoire.nom} ({c.libelle_etat.lower()})"
            for c in self.etat.cellules_manquantes
        ]
        lignes += elements[:LIGNES_MAX]
        if len(elements) > LIGNES_MAX:
            lignes.append(f"- … et {len(elements) - LIGNES_MAX} autre(s).")
        lignes += [
            "",
            f"Pour répondre puis transmettre votre réponse : {self.lien}",
            "",
            "Ce message est envoyé automatiquement par Jalon tant que la réponse n'est pas "
            "transmise.",
        ]
        return "\n".join(lignes)


def relances_du_jour(jour=None, base_url="") -> list[RelanceDemande]:
    """What `send-reminders` would send on ``jour`` for the requests (sent ones flagged)."""
    jour = jour or aujourd_hui()
    relances = []
    for demande in Demande.objects.filter(statut=Demande.Statut.PUBLIEE):
        if not jour_de_relance(demande.echeance, jour):
            continue
        for etat in suivi.etats_regions(demande):
            if etat.cible.statut not in {Cible.Statut.A_FAIRE, Cible.Statut.EN_COURS}:
                continue
            if etat.complete:
                continue  # all filled in, only the transmission is left: no reminder
            lien = base_url + reverse("www:demande_region", args=[demande.pk, etat.region.code])
            for user in (
                Utilisateur.objects.filter(
                    is_active=True, role=Utilisateur.Role.REFERENT_ARS, territoire=etat.region
                )
                .exclude(email="")
                .order_by("username")
            ):
                relances.append(RelanceDemande(demande, user, etat, lien, jour))
    deja = set(
        EnvoiRelanceDemande.objects.filter(jour=jour).values_list("demande_id", "destinataire_id")
    )
    for relance in relances:
        relance.deja_envoyee = (relance.demande.pk, relance.destinataire.pk) in deja
    return relances


def envoyer_relances(jour=None, *, base_url="", dry_run=False) -> list[RelanceDemande]:
    """Send the day's request reminders not sent yet; returns those sent (or to send)."""
    return envoyer_et_noter(
        relances_du_jour,
        lambda relance: EnvoiRelanceDemande.objects.create(
            demande=relance.demande,
            destinataire=relance.destinataire,
            jour=relance.jour,
            nombre_manquants=len(relance.manquantes),
        ),
        jour,
        base_url=base_url,
        dry_run=dry_run,
    )
