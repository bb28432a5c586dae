from django.shortcuts import render

from jalon.referentiel.queries import chiffres_cles


def accueil(request):
    return render(request, "www/accueil.html", {"title": "Accueil", "chiffres": chiffres_cles()})
