from django.contrib import admin
from django.urls import include, path

from jalon.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("comptes/", include("jalon.comptes.urls")),
    path("journal/", include("jalon.journal.urls")),
    path("", include("jalon.www.urls")),
]
