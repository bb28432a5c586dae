"""The DSFR site config of every page: one query, same choice as django-dsfr's own."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from dsfr.context_processors import site_config as site_config_dsfr
from dsfr.models import DsfrConfig

from jalon.www.context_processors import site_config


@pytest.mark.parametrize("langues", [[], ["en"], ["en", "fr"], ["fr", "en"], ["en", "de"]])
def test_site_config_is_django_dsfr_s_choice_in_one_query(
    db, langues, django_assert_max_num_queries
):
    for langue in langues:
        DsfrConfig.objects.create(language=langue, site_title=f"Site {langue}")
    requete = RequestFactory().get("/")
    with translation.override("fr"):
        with django_assert_max_num_queries(1):
            choisie = site_config(requete)["SITE_CONFIG"]
        assert choisie == site_config_dsfr(requete)["SITE_CONFIG"]
