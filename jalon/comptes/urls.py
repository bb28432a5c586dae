from django.contrib.auth import views as auth_views
from django.urls import path

from jalon.comptes import proconnect, views

app_name = "comptes"

urlpatterns = [
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    # mozilla-django-oidc reverses these two names (without namespace): see settings.
    path("proconnect/", proconnect.authentification, name="proconnect"),
    path("proconnect/retour/", proconnect.retour, name="proconnect_retour"),
    path("annuaire/", views.annuaire, name="annuaire"),
    path("utilisateurs/", views.liste_comptes, name="liste"),
    path("utilisateurs/nouveau/", views.creer_compte, name="creer"),
    path("utilisateurs/<int:pk>/", views.modifier_compte, name="modifier"),
    path("utilisateurs/<int:pk>/activation/", views.basculer_actif, name="basculer_actif"),
]
