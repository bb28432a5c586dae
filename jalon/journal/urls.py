from django.urls import path

from jalon.journal import views

app_name = "journal"

urlpatterns = [
    path("", views.recherche, name="recherche"),
    path("export.csv", views.export_csv, name="export_csv"),
]
