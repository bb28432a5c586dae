from django.urls import path

from jalon.www.campagnes import saisie, validation, views

urlpatterns = [
    path("campagnes/", views.liste, name="campagnes"),
    path("campagnes/ouvrir/", views.ouvrir, name="campagne_ouvrir"),
    path("campagnes/<int:annee>/", views.completude, name="campagne"),
    path("campagnes/<int:annee>/calendrier/", views.calendrier, name="campagne_calendrier"),
    path("campagnes/<int:annee>/statut/", views.statut, name="campagne_statut"),
    path("campagnes/<int:annee>/exceptions/", views.exception, name="campagne_exception"),
    path(
        "campagnes/<int:annee>/exceptions/<int:pk>/revoquer/",
        views.revoquer,
        name="campagne_exception_revoquer",
    ),
    path("campagnes/<int:annee>/regions/<str:code>/", views.region, name="campagne_region"),
    path(
        "campagnes/<int:annee>/fournisseurs/<str:code>/",
        views.fournisseur,
        name="campagne_fournisseur",
    ),
    path(
        "campagnes/<int:annee>/regions/<str:code>/saisie/",
        saisie.grille,
        name="campagne_grille",
    ),
    path(
        "campagnes/<int:annee>/regions/<str:code>/saisie/<str:indicateur>/<str:territoire>/",
        saisie.cellule,
        name="campagne_cellule",
    ),
    path(
        "campagnes/<int:annee>/regions/<str:code>/soumettre/",
        saisie.soumettre,
        name="campagne_soumettre",
    ),
    path(
        "campagnes/<int:annee>/fournisseurs/<str:code>/saisie/<str:indicateur>/",
        saisie.grille_fournisseur,
        name="campagne_grille_fournisseur",
    ),
    path(
        "campagnes/<int:annee>/fournisseurs/<str:code>/saisie/<str:indicateur>/<str:territoire>/",
        saisie.cellule_fournisseur,
        name="campagne_cellule_fournisseur",
    ),
    path(
        "campagnes/<int:annee>/fournisseurs/<str:code>/soumettre/<str:indicateur>/",
        saisie.soumettre_fournisseur,
        name="campagne_soumettre_fournisseur",
    ),
    path("campagnes/<int:annee>/validation/", validation.index, name="campagne_validation"),
    path(
        "campagnes/<int:annee>/validation/<str:genre>/<str:code>/",
        validation.perimetre,
        name="campagne_validation_perimetre",
    ),
    path(
        "campagnes/<int:annee>/validation/<str:genre>/<str:code>/valider/",
        validation.valider,
        name="campagne_valider",
    ),
    path(
        "campagnes/<int:annee>/validation/<str:genre>/<str:code>/renvoyer/<int:pk>/",
        validation.renvoyer,
        name="campagne_renvoyer",
    ),
]
