from django.urls import path

from jalon.www.referentiel import imports, views

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
    path("referentiel/import/", imports.depot, name="import_referentiel"),
    path("referentiel/import/<int:pk>/", imports.execution, name="import_referentiel_execution"),
    path(
        "referentiel/import/<int:pk>/appliquer/",
        imports.appliquer,
        name="import_referentiel_appliquer",
    ),
    path("indicateurs/", views.indicateurs, name="indicateurs"),
    path("indicateurs/export.csv", views.indicateurs_csv, name="indicateurs_csv"),
    path("indicateurs/<str:code>/", views.indicateur, name="indicateur"),
]
