from django.shortcuts import render


def accueil(request):
    return render(request, "www/accueil.html", {"title": "Accueil"})
