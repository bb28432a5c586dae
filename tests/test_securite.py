"""Hardening: deploy checks under production settings, CSP, CSRF on HTMX requests, French
error pages without stack traces, request size limit and safe reading of uploaded files."""

import io
import os
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import path, reverse

from jalon.imports.erreurs import FichierRefuse
from jalon.imports.lecteurs import lire_lignes
from tests.factories import CompteFactory

SECRET = "x7Qp2-production-like-secret-key-for-the-deploy-check-0123456789abcdef"


def _production(*code_or_args, env=None, check=True):
    environnement = {
        **os.environ,
        "JALON_ENV": "production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "jalon.sante.gouv.fr",
        **(env or {}),
    }
    environnement.pop("DEBUG", None)
    environnement.update(env or {})
    resultat = subprocess.run(
        [sys.executable, *code_or_args],
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert resultat.returncode == 0, resultat.stderr[-2000:]
    return resultat


def test_deploy_checks_are_clean_under_production_settings():
    resultat = _production("-m", "jalon.cli", "check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in resultat.stdout


def test_production_settings_secure_transport_and_cookies():
    code = (
        "import json; from jalon import settings as s; print(json.dumps([s.DEBUG, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS]))"
    )
    sortie = _production("-c", code).stdout.strip()
    assert sortie == "[false, true, true, true, true, 31536000, true]"


def test_production_refuses_debug_and_a_missing_secret_key():
    debug = _production("-c", "import jalon.settings", env={"DEBUG": "1"}, check=False)
    assert debug.returncode != 0 and "DEBUG=1 est interdit" in debug.stderr
    courte = _production("-c", "import jalon.settings", env={"SECRET_KEY": ""}, check=False)
    assert courte.returncode != 0 and "au moins 50 caractères" in courte.stderr
    environnement = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environnement["JALON_ENV"] = "production"
    sans_cle = subprocess.run(
        [sys.executable, "-c", "import jalon.settings"],
        env=environnement,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sans_cle.returncode != 0 and "SECRET_KEY est obligatoire" in sans_cle.stderr


@pytest.mark.django_db
def test_pages_carry_a_csp_with_a_nonce_on_the_dsfr_scripts(client):
    response = client.get("/")
    politique = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", politique).group(1)
    assert "unsafe-inline" not in politique and "unsafe-eval" not in politique
    assert "frame-ancestors 'none'" in politique and "object-src 'none'" in politique
    html = response.content.decode()
    assert html.count(f'nonce="{nonce}"') == 2  # the DSFR module and nomodule scripts
    # No inline script anywhere: every <script> has a src.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert response["X-Frame-Options"] == "DENY"
    assert client.get("/")["Content-Security-Policy"] != politique  # a new nonce each time


@pytest.mark.django_db
def test_htmx_posts_need_the_csrf_token_and_the_page_sends_it():
    client = Client(enforce_csrf_checks=True)
    client.force_login(CompteFactory())
    page = client.get("/").content.decode()
    assert "jalon/htmx-csrf.js" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    deconnexion = reverse("comptes:deconnexion")
    refus = client.post(deconnexion, HTTP_HX_REQUEST="true")
    assert refus.status_code == 403 and "Formulaire expiré" in refus.content.decode()
    accepte = client.post(deconnexion, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert accepte.status_code == 302


def _boom(request):
    raise RuntimeError("secret interne : mot de passe base = hunter2")


def _suspect(request):
    raise SuspiciousOperation("en-tête forgé")


urlpatterns = [path("boom/", _boom), path("suspect/", _suspect)]


@pytest.mark.urls("tests.test_securite")
@pytest.mark.django_db
def test_server_errors_show_a_french_page_without_stack_trace():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Erreur du serveur" in html and "hunter2" not in html and "Traceback" not in html
    response = client.get("/suspect/")
    assert response.status_code == 400 and "Requête invalide" in response.content.decode()


@pytest.mark.django_db
def test_403_404_and_bad_host_pages_are_in_french(client):
    client.force_login(CompteFactory())
    assert "Accès refusé" in client.get(reverse("journal:recherche")).content.decode()
    assert "Page introuvable" in client.get("/nulle-part/").content.decode()
    response = client.get("/", HTTP_HOST="pirate.example")
    assert response.status_code == 400 and "Requête invalide" in response.content.decode()


@pytest.mark.django_db
def test_oversized_requests_are_refused_before_reading_the_body(client, settings):
    settings.JALON_IMPORT_MAX_BYTES = 1000
    response = client.generic(
        "POST", reverse("comptes:connexion"), b"x", CONTENT_LENGTH=str(3 * 1024 * 1024)
    )
    assert response.status_code == 413 and "Fichier trop volumineux" in response.content.decode()
    normal = client.post(reverse("comptes:connexion"), {"username": "a", "password": "b"})
    assert normal.status_code == 200


# --- Uploaded files ------------------------------------------------------------------------


def _xlsx(extra_members=(), formule=None) -> bytes:
    classeur = openpyxl.Workbook()
    classeur.active.append(["code", "libellé"])
    classeur.active.append(["A01", formule or "texte"])
    tampon = io.BytesIO()
    classeur.save(tampon)
    if not extra_members:
        return tampon.getvalue()
    sortie = io.BytesIO()
    with zipfile.ZipFile(tampon) as source, zipfile.ZipFile(sortie, "w") as cible:
        for info in source.infolist():
            cible.writestr(info, source.read(info))
        for nom in extra_members:
            cible.writestr(nom, b"<x/>")
    return sortie.getvalue()


def _refus(nom, contenu) -> str:
    with pytest.raises(FichierRefuse) as exc:
        lire_lignes(nom, contenu)
    return str(exc.value.erreurs[0])


def test_uploads_are_size_limited_and_type_checked(settings):
    settings.JALON_IMPORT_MAX_BYTES = 100
    assert "au-delà de la limite" in _refus("gros.csv", b"a;b\n" * 100)
    settings.JALON_IMPORT_MAX_BYTES = 10 * 1024 * 1024
    assert "non acceptée" in _refus("script.exe", b"MZ")
    assert "non acceptée" in _refus("page.html", b"<html>")
    assert ".xlsm" in _refus("macros.xlsm", _xlsx())
    assert "pas un classeur .xlsx valide" in _refus("faux.xlsx", b"code;libelle\nA01;x\n")


def test_xlsx_with_macros_or_external_links_is_refused():
    assert "macros" in _refus("cache.xlsx", _xlsx(["xl/vbaProject.bin"]))
    liaisons = _xlsx(["xl/externalLinks/externalLink1.xml"])
    assert "liaisons vers d'autres fichiers" in _refus("liens.xlsx", liaisons)


def test_xlsx_formulas_are_never_evaluated():
    # A formula that would fetch a URL if evaluated: only its cached value (none) is read.
    contenu = _xlsx(formule='=WEBSERVICE("http://127.0.0.1:9/fuite")')
    lignes = lire_lignes("formule.xlsx", contenu)
    assert lignes[1].cellules[0] == "A01"
    assert "127.0.0.1" not in lignes[1].cellules[1]
