from django.urls import path

from jalon.www.imports import views

urlpatterns = [
    path("imports/valeurs/", views.depot, name="import_valeurs"),
    path("imports/valeurs/<int:pk>/", views.execution, name="import_valeurs_execution"),
    path(
        "imports/valeurs/<int:pk>/progression/",
        views.progression_fragment,
        name="import_valeurs_progression",
    ),
    path("imports/modele/<str:code>.csv", views.modele, name="import_valeurs_modele"),
]
