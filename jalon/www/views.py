from django.shortcuts import render

from jalon.referentiel.queries import chiffres_cles
from jalon.territoires import perms
from jalon.territoires.queries import region_de


def accueil(request):
    """The landing page leads each kind of reader to its figures: everyone to the public
    portal (validated values), signed-in accounts to the dashboards and, when the account is
    attached to a territory, straight to its region's page."""
    tableaux = perms.can_see_dashboards(request.user)
    return render(
        request,
        "www/accueil.html",
        {
            "title": "Accueil",
            "chiffres": chiffres_cles(),
            "tableaux": tableaux,
            "region_suivie": region_de(request.user.territoire) if tableaux else None,
        },
    )
