from django.urls import path

from jalon.www.demandes import saisie, views

urlpatterns = [
    path("demandes/", views.liste, name="demandes"),
    path("demandes/nouvelle/", views.creer, name="demande_creer"),
    path("demandes/<int:pk>/", views.detail, name="demande"),
    path("demandes/<int:pk>/modifier/", views.modifier, name="demande_modifier"),
    path("demandes/<int:pk>/publier/", views.publier, name="demande_publier"),
    path("demandes/<int:pk>/statut/", views.statut, name="demande_statut"),
    path("demandes/<int:pk>/reponses.csv", views.export_csv, name="demande_export"),
    path(
        "demandes/<int:pk>/exceptions/<int:exception_pk>/revoquer/",
        views.revoquer,
        name="demande_exception_revoquer",
    ),
    path("demandes/<int:pk>/regions/<str:code>/", views.region, name="demande_region"),
    path("demandes/<int:pk>/regions/<str:code>/repondre/", views.repondre, name="demande_repondre"),
    path(
        "demandes/<int:pk>/regions/<str:code>/transmettre/",
        views.transmettre,
        name="demande_transmettre",
    ),
    path(
        "demandes/<int:pk>/regions/<str:code>/cloture/",
        views.cloture_region,
        name="demande_cloture_region",
    ),
    path(
        "demandes/<int:pk>/regions/<str:code>/exception/",
        views.exception,
        name="demande_exception",
    ),
    path("demandes/<int:pk>/regions/<str:code>/saisie/", saisie.grille, name="demande_grille"),
    path(
        "demandes/<int:pk>/regions/<str:code>/saisie/<str:indicateur>/<str:territoire>/",
        saisie.cellule,
        name="demande_cellule",
    ),
    path(
        "demandes/<int:pk>/regions/<str:code>/soumettre/",
        saisie.soumettre,
        name="demande_soumettre",
    ),
]
