from django.urls import path, re_path

from jalon.www.feuilles_regionales import bilans, views

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

# The regional bilan of a campaign year (jalon.www.feuilles_regionales.bilans).
urlpatterns += [
    path("bilans-regionaux/", bilans.liste_courante, name="bilans_regionaux_courants"),
    path("bilans-regionaux/<int:annee>/", bilans.liste, name="bilans_regionaux"),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/",
        bilans.bilan,
        name="bilan_regional",
    ),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/actions/<str:numero>/",
        bilans.action,
        name="bilan_regional_action",
    ),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/synthese/",
        bilans.synthese,
        name="bilan_regional_synthese",
    ),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/soumettre/",
        bilans.soumettre,
        name="bilan_regional_soumettre",
    ),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/valider/",
        bilans.valider,
        name="bilan_regional_valider",
    ),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/renvoyer/",
        bilans.renvoyer,
        name="bilan_regional_renvoyer",
    ),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/document/",
        bilans.document,
        name="bilan_regional_document",
    ),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/construire/",
        bilans.construire,
        name="bilan_regional_construire",
    ),
    path(
        "feuilles-regionales/<str:region>/bilan/<int:annee>/publier/",
        bilans.publier,
        name="bilan_regional_publier",
    ),
]
