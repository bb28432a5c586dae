from django.urls import path

from jalon.www.rapports import bilans, publications, textes

urlpatterns = [
    path("bilans/", bilans.index, name="bilans"),
    path("bilans/construire/", bilans.construire, name="bilan_construire"),
    path("bilans/constructions/<int:pk>/", bilans.construction, name="bilan_construction"),
    path(
        "bilans/constructions/<int:pk>/etat/",
        bilans.construction_etat,
        name="bilan_construction_etat",
    ),
    path(
        "bilans/constructions/<int:pk>/fichier/",
        bilans.telecharger,
        name="bilan_construction_fichier",
    ),
    path("bilans/chiffres-cles/", publications.chiffres_cles, name="chiffres_cles"),
    path("bilans/<int:annee>/", bilans.vue_nationale, name="bilan_national"),
    path("bilans/<int:annee>/textes/", textes.liste, name="bilan_textes"),
    path(
        "bilans/<int:annee>/textes/action/<slug:cle>/<str:partie>/",
        textes.editer_action,
        name="bilan_texte_action",
    ),
    path(
        "bilans/<int:annee>/textes/bilan/<str:partie>/",
        textes.editer_partie,
        name="bilan_texte_partie",
    ),
    path(
        "bilans/<int:annee>/textes/axe/<int:axe>/<str:partie>/",
        textes.editer_partie,
        name="bilan_texte_axe",
    ),
    path("publications/", publications.liste, name="publications"),
    path("publications/<int:pk>/", publications.detail, name="publication"),
    path(
        "publications/<int:pk>/fichier/<str:format>/",
        publications.fichier,
        name="publication_fichier",
    ),
    path(
        "publications/<int:pk>/comparer/<int:autre>/",
        publications.comparaison,
        name="publication_comparaison",
    ),
]
