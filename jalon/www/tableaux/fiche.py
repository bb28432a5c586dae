"""The indicator page, shared by the public portal (validated values) and the dashboards."""

from django.http import Http404
from django.shortcuts import render

from jalon.referentiel.models import Indicateur
from jalon.tableaux import indicateurs
from jalon.tableaux.indicateurs import LIBELLES_NIVEAUX
from jalon.territoires.models import Territoire


def indicateur_ou_404(code: str) -> Indicateur:
    indicateur = Indicateur.objects.select_related("fournisseur").filter(code=code).first()
    if indicateur is None:
        raise Http404(f"L'indicateur « {code} » n'existe pas.")
    return indicateur


def page_indicateur(request, code, *, validees_seulement, fil, template):
    indicateur = indicateur_ou_404(code)
    regions = list(Territoire.objects.regions().only("code", "nom"))
    code_region = (request.GET.get("region") or "").strip().upper()
    region = next((r for r in regions if r.code == code_region), None)
    fiche = indicateurs.fiche(
        indicateur,
        validees_seulement=validees_seulement,
        niveau=request.GET.get("niveau") or None,
        periode=(request.GET.get("periode") or "").strip() or None,
        region=region,
    )
    return render(
        request,
        template,
        {
            "title": f"{indicateur.code} — données",
            "indicateur": indicateur,
            "fiche": fiche,
            "regions": regions,
            "niveaux": [(n, LIBELLES_NIVEAUX[n].capitalize()) for n in fiche.niveaux],
            "breadcrumb_data": fil,
        },
    )
