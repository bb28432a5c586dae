"""The values a request expects from a region, entered in the campaign's entry grid.

The grid, its HTMX cell saves and its submission are `jalon.www.campagnes.saisie`'s, so the
values go through the values service (`jalon.saisies.services`: permissions, versions,
history, checks, the rule for submitted values) exactly as in a campaign; this module gives
the grid the request's cells, the request's deadline lock (`jalon.demandes.verrous`) and marks
the region's answer as under way after each write.
"""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_POST

from jalon.campagnes.suivi import Echeance
from jalon.campagnes.verrous import aujourd_hui
from jalon.demandes import services, suivi, verrous
from jalon.territoires import perms
from jalon.www.campagnes import saisie as grille_campagne
from jalon.www.demandes.acces import demande_lisible_or_404, region_lisible_or_404


def perimetre(user, pk, code) -> grille_campagne.Perimetre:
    demande = demande_lisible_or_404(user, pk)
    region = region_lisible_or_404(user, demande, code)
    perms.require(perms.can_answer_demande(user, demande, region))
    cible = services.cible_de(demande, region)
    args = [demande.pk, region.code]
    return grille_campagne.Perimetre(
        # The grid reads `.periode` from its "campaign": the request has one too.
        campagne=demande,
        titre=f"{demande.titre} — {region.nom}",
        legende=f"Valeurs {demande.periode} demandées à {region.nom}",
        bouton_soumettre="Soumettre les valeurs demandées",
        url_grille=reverse("www:demande_grille", args=args),
        url_soumettre=reverse("www:demande_soumettre", args=args),
        url_a_faire=reverse("www:demande_region", args=args),
        libelle_a_faire=f"{demande.titre} — {region.nom}",
        vue_cellule="www:demande_cellule",
        args_cellule=args,
        cellules=suivi.cellules(demande, region),
        echeances=[Echeance("Réponse attendue", demande.echeance, aujourd_hui())],
        exception=verrous.exception_active(demande, region),
        regle_verrou=lambda u, _cellule: verrous.motif_verrou(u, cible),
        apres_ecriture=lambda u: services.noter_saisie_valeur(u, demande, region),
    )


@login_required
def grille(request, pk, code):
    return grille_campagne._grille(request, perimetre(request.user, pk, code))


@login_required
@require_POST
def cellule(request, pk, code, indicateur, territoire):
    return grille_campagne._cellule(
        request, perimetre(request.user, pk, code), indicateur, territoire
    )


@login_required
@require_POST
def soumettre(request, pk, code):
    return grille_campagne._soumettre(request, perimetre(request.user, pk, code))
