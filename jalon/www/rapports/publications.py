"""Published bilans: the public list and downloads (no login), the comparison of two versions,
and the admin's choice of the key figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from jalon.journal.models import EntreeJournal
from jalon.rapports.models import Format, Publication
from jalon.rapports.publication import (
    FichierAltere,
    comparer,
    lire_fichier,
    publications_publiques,
)
from jalon.rapports.rendu import TYPES_MIME
from jalon.rapports.synthese import choisir_chiffres_cles, selection
from jalon.territoires import perms
from jalon.www.rapports.bilans import _url_index, fil
from jalon.www.rapports.forms import ChiffresClesForm


def liste(request):
    return render(
        request,
        "www/rapports/publications.html",
        {
            "title": "Bilans publiés",
            "publications": publications_publiques(),
            "breadcrumb_data": fil("Bilans publiés"),
        },
    )


def detail(request, pk):
    publication = get_object_or_404(publications_publiques(), pk=pk)
    autres = Publication.objects.filter(
        genre=publication.genre, annee=publication.annee, region=publication.region
    ).exclude(pk=publication.pk)
    return render(
        request,
        "www/rapports/publication.html",
        {
            "title": str(publication),
            "publication": publication,
            "autres": autres,
            "breadcrumb_data": fil(
                f"Version {publication.numero}", (_liste_url(), "Bilans publiés")
            ),
        },
    )


def _liste_url():
    from django.urls import reverse

    return reverse("www:publications")


def fichier(request, pk, format):
    if format not in Format.values:
        raise Http404("Format inconnu.")
    publication = get_object_or_404(Publication, pk=pk)
    fichier = get_object_or_404(publication.fichiers, format=format)
    try:
        contenu = lire_fichier(fichier)
    except FileNotFoundError as exc:
        raise Http404("Fichier publié introuvable sur le serveur.") from exc
    except FichierAltere as exc:
        return HttpResponse(str(exc), status=500, content_type="text/plain; charset=utf-8")
    reponse = HttpResponse(contenu, content_type=TYPES_MIME[format])
    reponse["Content-Disposition"] = f'attachment; filename="{fichier.nom}"'
    reponse["X-Content-SHA256"] = fichier.sha256
    return reponse


def comparaison(request, pk, autre):
    nouvelle = get_object_or_404(Publication, pk=pk)
    ancienne = get_object_or_404(Publication, pk=autre)
    if (ancienne.genre, ancienne.annee, ancienne.region_id) != (
        nouvelle.genre,
        nouvelle.annee,
        nouvelle.region_id,
    ):
        raise Http404("On ne compare que deux versions du même bilan.")
    if ancienne.numero > nouvelle.numero:
        ancienne, nouvelle = nouvelle, ancienne
    return render(
        request,
        "www/rapports/comparaison.html",
        {
            "title": f"Versions {ancienne.numero} et {nouvelle.numero} — {nouvelle.titre}",
            "ancienne": ancienne,
            "nouvelle": nouvelle,
            "differences": comparer(ancienne, nouvelle),
            "breadcrumb_data": fil("Comparaison", (_liste_url(), "Bilans publiés")),
        },
    )


@login_required
def chiffres_cles(request):
    perms.require(perms.can_choose_key_figures(request.user))
    initial = "\n".join(f"{c.indicateur.code} ; {c.libelle}" for c in selection())
    form = ChiffresClesForm(request.POST or None, initial={"lignes": initial})
    if request.method == "POST" and form.is_valid():
        try:
            choisir_chiffres_cles(
                request.user, form.cleaned_data["lignes"], canal=EntreeJournal.Canal.WEB
            )
        except ValidationError as exc:
            form.add_error("lignes", " ".join(exc.messages))
        else:
            messages.success(request, "Chiffres clés enregistrés.")
            return redirect("www:chiffres_cles")
    return render(
        request,
        "www/rapports/chiffres_cles.html",
        {
            "title": "Chiffres clés de la synthèse",
            "form": form,
            "selection": selection(),
            "breadcrumb_data": fil("Chiffres clés", (_url_index(), "Bilans")),
        },
        status=400 if form.errors else 200,
    )
