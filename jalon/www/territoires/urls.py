from django.urls import path

from jalon.www.territoires import views

urlpatterns = [
    path("territoires/", views.territoires, name="territoires"),
]
