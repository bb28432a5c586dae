from django.urls import path

from jalon.www.referentiel import views

urlpatterns = [
    path("feuille-de-route/", views.feuille_de_route, name="feuille_de_route"),
    path(
        "feuille-de-route/<str:version>/actions/<str:numero>/",
        views.action,
        name="action",
    ),
    path(
        "feuille-de-route/<str:version>/actions/<str:numero>/declinaison/",
        views.declinaison,
        name="action_declinaison",
    ),
    path("indicateurs/", views.indicateurs, name="indicateurs"),
    path("indicateurs/export.csv", views.indicateurs_csv, name="indicateurs_csv"),
    path("indicateurs/<str:code>/", views.indicateur, name="indicateur"),
]
