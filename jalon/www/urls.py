"""Public site: one URL module per feature, all names in the `www` namespace."""

from django.urls import include, path

from jalon.www import views

app_name = "www"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("", include("jalon.www.referentiel.urls")),
    path("", include("jalon.www.territoires.urls")),
    path("", include("jalon.www.feuilles_regionales.urls")),
    path("", include("jalon.www.campagnes.urls")),
    path("", include("jalon.www.demandes.urls")),
    path("", include("jalon.www.imports.urls")),
    path("", include("jalon.www.portail.urls")),
    path("", include("jalon.www.tableaux.urls")),
    path("", include("jalon.www.rapports.urls")),
]
