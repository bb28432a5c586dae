"""Public portal (no login): published data only.

Every page and file here reads validated values only (``validees_seulement=True``), whoever
asks — a signed-in user sees exactly what the public sees; drafts, submitted values and
comments never reach these pages.
"""

import io

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from jalon import agregats
from jalon.opendata.ecriture import (
    FORMATS,
    dictionnaire_colonnes,
    ecrire_xlsx,
    lignes_csv,
    lignes_json,
)
from jalon.opendata.jeux import JEUX
from jalon.rapports.publication import publications_publiques
from jalon.referentiel.models import Indicateur
from jalon.tableaux import indicateurs as fiches
from jalon.www.tableaux.fiche import page_indicateur


def _fil(*liens, courant):
    return {"links": [{"url": u, "title": t} for u, t in liens], "current": courant}


def _accueil_portail():
    return (reverse("www:portail"), "Données publiques")


def _indicateurs_publies() -> list[Indicateur]:
    """Indicators with at least one validated figure, with how many and the latest year
    (``nb_validees``, ``derniere_annee``), counted from the rollups."""
    comptes = agregats.comptes_par_indicateur(validees_seulement=True)
    indicateurs = list(Indicateur.objects.filter(pk__in=list(comptes)).order_by("code"))
    for indicateur in indicateurs:
        indicateur.nb_validees, indicateur.derniere_annee = comptes[indicateur.pk]
    return indicateurs


@require_GET
def portail(request):
    annee = agregats.derniere_annee_nationale(validees_seulement=True)
    chiffres = []
    if annee:
        chiffres = [
            e
            for e in agregats.evolutions_nationales(annee, validees_seulement=True)
            if e.valeur is not None
        ]
    return render(
        request,
        "www/portail/accueil.html",
        {
            "title": "Données publiques",
            "annee": annee,
            "chiffres": chiffres[:12],
            "nombre_chiffres": len(chiffres),
            "nombre_indicateurs": len(agregats.comptes_par_indicateur(validees_seulement=True)),
            "breadcrumb_data": _fil(courant="Données publiques"),
        },
    )


@require_GET
def indicateurs(request):
    return render(
        request,
        "www/portail/indicateurs.html",
        {
            "title": "Indicateurs publiés",
            "indicateurs": _indicateurs_publies(),
            "breadcrumb_data": _fil(_accueil_portail(), courant="Indicateurs publiés"),
        },
    )


@require_GET
def indicateur(request, code):
    return page_indicateur(
        request,
        code,
        validees_seulement=True,
        fil=_fil(
            _accueil_portail(),
            (reverse("www:portail_indicateurs"), "Indicateurs publiés"),
            courant=code,
        ),
        template="www/portail/indicateur.html",
    )


@require_GET
def cartes(request):
    # Only indicators with validated figures at a level the map draws: an indicator of
    # regional maille published at France level only would draw an empty map.
    presents = agregats.niveaux_par_indicateur(validees_seulement=True)
    cartographiables = {}
    for indicateur in Indicateur.objects.filter(pk__in=list(presents)).order_by("code"):
        niveaux = [
            n
            for n in fiches.niveaux_disponibles(indicateur)
            if n in presents.get(indicateur.pk, ())
        ]
        if niveaux:
            cartographiables[indicateur.code] = (indicateur, niveaux)
    publies = [indicateur for indicateur, _ in cartographiables.values()]
    code = (request.GET.get("indicateur") or "").strip()
    choisi, niveaux = cartographiables.get(code) or next(
        iter(cartographiables.values()), (None, [])
    )
    carte = None
    if choisi is not None:
        niveau = request.GET.get("niveau")
        niveau = niveau if niveau in niveaux else niveaux[0]
        carte = fiches.comparer(choisi, niveau, validees_seulement=True).carte
    return render(
        request,
        "www/portail/cartes.html",
        {
            "title": "Cartes",
            "indicateurs": publies,
            "choisi": choisi,
            "carte": carte,
            "breadcrumb_data": _fil(_accueil_portail(), courant="Cartes"),
        },
    )


def _derniers_bilans() -> list:
    """The latest published version of each bilan (kind, year, region), newest year first;
    earlier versions stay on the published-bilans page."""
    derniers = {}
    for publication in publications_publiques().order_by("-annee", "genre", "region", "-numero"):
        derniers.setdefault(
            (publication.genre, publication.annee, publication.region_id), publication
        )
    return list(derniers.values())


@require_GET
def telechargements(request):
    return render(
        request,
        "www/portail/telechargements.html",
        {
            "title": "Télécharger les données",
            "jeux": list(JEUX.values()),
            "colonnes": [(jeu, dictionnaire_colonnes(jeu)) for jeu in JEUX.values()],
            "formats": list(FORMATS),
            "bilans": _derniers_bilans(),
            "breadcrumb_data": _fil(_accueil_portail(), courant="Télécharger"),
        },
    )


def _jeu_ou_404(nom, format_=None):
    jeu = JEUX.get(nom)
    if jeu is None or (format_ is not None and format_ not in FORMATS):
        raise Http404(
            "Ce fichier n'existe pas (jeux : valeurs, actions, indicateurs, territoires ; "
            "formats : csv, xlsx, json)."
        )
    return jeu


@require_GET
def schema(request, jeu):
    donnees = _jeu_ou_404(jeu)
    reponse = JsonResponse(donnees.schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    reponse["Content-Disposition"] = f'inline; filename="{donnees.nom}.schema.json"'
    return reponse


@require_GET
def fichier(request, jeu, format_):
    """A published file: validated values only for the values dataset, always."""
    donnees = _jeu_ou_404(jeu, format_)
    filtres = {}
    if jeu == "valeurs":
        for cle in ("indicateur", "territoire"):
            if request.GET.get(cle):
                filtres[cle] = request.GET[cle].strip()
    lignes = donnees.lignes(True, filtres)
    nom = f"jalon-{donnees.nom}.{format_}"
    schema_url = request.build_absolute_uri(reverse("www:portail_schema", args=[donnees.nom]))
    if format_ == "xlsx":
        tampon = io.BytesIO()
        ecrire_xlsx(donnees, lignes, tampon)
        reponse = HttpResponse(tampon.getvalue(), content_type=FORMATS[format_])
    else:
        morceaux = (
            lignes_csv(donnees, lignes)
            if format_ == "csv"
            else lignes_json(donnees, lignes, schema_url=schema_url)
        )
        reponse = StreamingHttpResponse(
            (m.encode("utf-8") for m in morceaux), content_type=FORMATS[format_]
        )
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["Link"] = f'<{schema_url}>; rel="describedby"; type="application/schema+json"'
    return reponse
