from django.urls import path

from jalon.www.portail import views

urlpatterns = [
    path("donnees/", views.portail, name="portail"),
    path("donnees/indicateurs/", views.indicateurs, name="portail_indicateurs"),
    path("donnees/indicateurs/<str:code>/", views.indicateur, name="portail_indicateur"),
    path("donnees/cartes/", views.cartes, name="portail_cartes"),
    path("donnees/telechargements/", views.telechargements, name="portail_telechargements"),
    path("donnees/telechargements/<str:jeu>.schema.json", views.schema, name="portail_schema"),
    path("donnees/telechargements/<str:jeu>.<str:format_>", views.fichier, name="portail_fichier"),
]
