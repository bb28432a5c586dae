"""The admin shows territories and populations but offers no way to change them."""

import pytest
from django.urls import reverse

from jalon.territoires.models import Territoire
from tests.factories import UtilisateurFactory


@pytest.fixture
def admin_client(client, loaded):
    user = UtilisateurFactory(is_staff=True, is_superuser=True)
    # The factory sets the password after saving and skips the post-generation save; without
    # this save the session hash would not match the stored user and the login would drop.
    user.save()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_territory_list_and_detail_are_readable(admin_client):
    response = admin_client.get(reverse("admin:territoires_territoire_changelist"))
    assert response.status_code == 200
    assert "Hauts-de-France" in response.content.decode()
    nord = Territoire.objects.get(code="DEP-59")
    response = admin_client.get(reverse("admin:territoires_territoire_change", args=[nord.pk]))
    assert response.status_code == 200
    assert "2615635" in response.content.decode().replace("\u202f", "").replace(" ", "")


def test_population_list_is_readable(admin_client):
    response = admin_client.get(reverse("admin:territoires_population_changelist"), {"q": "59"})
    assert response.status_code == 200
    assert "Nord" in response.content.decode()


def test_no_add_change_or_delete(admin_client):
    nord = Territoire.objects.get(code="DEP-59")
    assert admin_client.get(reverse("admin:territoires_territoire_add")).status_code == 403
    assert admin_client.get(reverse("admin:territoires_population_add")).status_code == 403
    delete = reverse("admin:territoires_territoire_delete", args=[nord.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:territoires_territoire_change", args=[nord.pk])
    admin_client.post(change, {"nom": "Autre nom"})
    nord.refresh_from_db()
    assert nord.nom == "Nord"
