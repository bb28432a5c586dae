"""Public list of territories: regions with their departments and populations."""

from django.shortcuts import render

from jalon.territoires import queries


def territoires(request):
    regions = queries.regions_avec_departements()
    return render(
        request,
        "www/territoires/liste.html",
        {
            "title": "Territoires",
            "regions_metropole": [r for r in regions if not r.outre_mer],
            "regions_outre_mer": [r for r in regions if r.outre_mer],
            "nombre_regions": len(regions),
            "nombre_departements": sum(len(r.departements) for r in regions),
            "breadcrumb_data": {"links": [], "current": "Territoires"},
        },
    )
