"""Dashboards for signed-in users: national, indicator, region (every status, marked)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from jalon.tableaux.national import tableau_national
from jalon.tableaux.region import page_region
from jalon.territoires import perms
from jalon.territoires.models import Territoire
from jalon.www.tableaux.fiche import page_indicateur


def _fil(*liens, courant):
    return {"links": [{"url": u, "title": t} for u, t in liens], "current": courant}


@login_required
def national(request):
    perms.require(perms.can_see_dashboards(request.user))
    return render(
        request,
        "www/tableaux/national.html",
        {
            "title": "Tableau de bord national",
            "tableau": tableau_national(),
            "breadcrumb_data": _fil(courant="Tableau de bord"),
        },
    )


@login_required
def indicateur(request, code):
    perms.require(perms.can_see_dashboards(request.user))
    return page_indicateur(
        request,
        code,
        validees_seulement=False,
        fil=_fil((reverse("www:tableau_national"), "Tableau de bord"), courant=code),
        template="www/tableaux/indicateur.html",
    )


@login_required
def region(request, code):
    perms.require(perms.can_see_dashboards(request.user))
    territoire = get_object_or_404(Territoire.objects.regions(), code=code.upper())
    return render(
        request,
        "www/tableaux/region.html",
        {
            "title": f"Tableau de bord — {territoire.nom}",
            "page": page_region(request.user, territoire),
            "breadcrumb_data": _fil(
                (reverse("www:tableau_national"), "Tableau de bord"), courant=territoire.nom
            ),
        },
    )
