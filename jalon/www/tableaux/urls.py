from django.urls import path

from jalon.www.tableaux import views

urlpatterns = [
    path("tableaux/", views.national, name="tableau_national"),
    path("tableaux/indicateurs/<str:code>/", views.indicateur, name="tableau_indicateur"),
    path("tableaux/regions/<str:code>/", views.region, name="tableau_region"),
]
