"""Public list of territories: regions with their departments and populations."""

from django.shortcuts import render

from jalon.territoires import queries


def territoires(request):
    regions = queries.regions_avec_departements()
    sources = {
        territoire.populations_recentes[0].source
        for region in regions
        for territoire in [region, *region.departements]
        if territoire.populations_recentes
    }
    # One shared source is stated once above the tables rather than on each of 119 rows.
    source_commune = sources.pop() if len(sources) == 1 else None
    return render(
        request,
        "www/territoires/liste.html",
        {
            "title": "Territoires",
            "regions_metropole": [r for r in regions if not r.outre_mer],
            "regions_outre_mer": [r for r in regions if r.outre_mer],
            "nombre_regions": len(regions),
            "source_commune": source_commune,
            "nombre_departements": sum(len(r.departements) for r in regions),
            "breadcrumb_data": {"links": [], "current": "Territoires"},
        },
    )
