from django.urls import path

from jalon.www import views

app_name = "www"

urlpatterns = [
    path("", views.accueil, name="accueil"),
]
