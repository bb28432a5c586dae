from django.urls import path

from jalon.www.territoires import ptsm, views

urlpatterns = [
    path("territoires/", views.territoires, name="territoires"),
    path("territoires/ptsm/", ptsm.liste, name="ptsm"),
    path("territoires/ptsm/importer/", ptsm.importer, name="ptsm_importer"),
    path("territoires/ptsm/modele.csv", ptsm.modele, name="ptsm_modele"),
]
