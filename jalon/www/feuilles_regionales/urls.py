from django.urls import path, re_path

from jalon.www.feuilles_regionales import views

urlpatterns = [
    path("feuilles-regionales/", views.liste, name="feuilles_regionales"),
    path("feuilles-regionales/couverture/", views.couverture, name="couverture_regionale"),
    path("feuilles-regionales/initiatives/", views.initiatives, name="initiatives_regionales"),
    path(
        "feuilles-regionales/declinaisons/<str:cle>/",
        views.declinaisons,
        name="declinaisons_regionales",
    ),
    path("feuilles-regionales/<str:region>/", views.feuille, name="feuille_regionale"),
    path(
        "feuilles-regionales/<str:region>/export.xlsx",
        views.exporter,
        name="feuille_regionale_export",
    ),
    path(
        "feuilles-regionales/<str:region>/import/",
        views.importer,
        name="feuille_regionale_import",
    ),
    path(
        "feuilles-regionales/<str:region>/actions/<str:numero>/",
        views.action,
        name="action_regionale",
    ),
    re_path(
        r"^feuilles-regionales/(?P<region>[^/]+)/actions/(?P<numero>[^/]+)/liens/(?P<pk>\d+)/"
        r"(?P<verbe>confirmer|rejeter)/$",
        views.lien,
        name="lien_action_regionale",
    ),
]
