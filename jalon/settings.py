"""Jalon settings: one module, configured only through environment variables.

Every variable is read through a typed helper that fails loudly on a malformed value, so a
typo in production configuration stops the process at start-up instead of running with a
silent default.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

_TRUE = {"1", "true", "yes", "on", "oui", "vrai"}
_FALSE = {"0", "false", "no", "off", "non", "faux", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"La variable d'environnement {name} est obligatoire.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} : valeur booléenne attendue (1/0, true/false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} : nombre entier attendu.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# JALON_ENV says which kind of run this is; only "production" (the default) demands a
# SECRET_KEY from the environment, so a forgotten key never runs a server with a known one.
JALON_ENV = env_str("JALON_ENV", "production")
if JALON_ENV not in {"production", "demo", "test", "dev"}:
    raise ImproperlyConfigured(f"JALON_ENV={JALON_ENV!r} : production, demo, test ou dev attendu.")
if JALON_ENV == "production" and DEBUG:
    # DEBUG pages show stack traces and settings to anyone: never with production settings.
    raise ImproperlyConfigured("DEBUG=1 est interdit avec JALON_ENV=production.")
_DEV_SECRET = "jalon-dev-key-never-used-in-production-0f3c9a7e5d1b"
SECRET_KEY = env_str("SECRET_KEY", None if JALON_ENV == "production" else _DEV_SECRET)
if JALON_ENV == "production" and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured(
        "SECRET_KEY doit compter au moins 50 caractères aléatoires en production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'jalon.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the server and a background worker share the embedded file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "axes",
    "csp",
    "jalon.securite",
    "jalon.comptes",
    "jalon.territoires",
    "jalon.referentiel",
    "jalon.imports",
    "jalon.journal",
    "jalon.sauvegarde",
    "jalon.saisies",
    "jalon.campagnes",
    "jalon.demandes",
    "jalon.feuilles_regionales",
    "jalon.graphiques",
    "jalon.agregats",
    "jalon.synthetique",
    "jalon.tableaux",
    "jalon.opendata",
    "jalon.rapports",
    "jalon.www",
    "jalon.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jalon.securite.middleware.LimiteTailleRequeteMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # ETag / Last-Modified and 304 answers on every API read (jalon.api.conditionnel).
    "jalon.api.conditionnel.LectureConditionnelleMiddleware",
    # Last, so it turns a lockout flagged by the backend into the French lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jalon.urls"
WSGI_APPLICATION = "jalon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jalon.www.context_processors.site_config",
                "jalon.www.context_processors.jalon",
                "jalon.securite.context_processors.csp_nonce",
            ],
        },
    }
]

AUTH_USER_MODEL = "comptes.Utilisateur"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if JALON_ENV == "test":
    # The default hasher costs ~0.3 s per password by design; tests create many accounts.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while a username or an IP address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout (django-axes): 5 failures lock the username, and separately the IP address,
# for 15 minutes. Off in tests by default because the test client's login() passes no
# request to the backends; the lockout tests switch it back on.
AXES_ENABLED = env_bool("AXES_ENABLED", JALON_ENV != "test")
AXES_FAILURE_LIMIT = 5
AXES_VERBOSE = False
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jalon.comptes.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "jalon.comptes.lockout.client_ip"
# ProConnect (OIDC, mozilla-django-oidc): on when every OIDC_* variable below is set, off when
# none is; a partial configuration stops the start-up. Endpoints are those of the provider's
# discovery document (https://<provider>/.well-known/openid-configuration).
_OIDC_VARIABLES = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)
_oidc = {name: env_str(name, "") for name in _OIDC_VARIABLES}
JALON_PROCONNECT = all(_oidc.values())
if any(_oidc.values()) and not JALON_PROCONNECT:
    _manquantes = ", ".join(name for name, value in _oidc.items() if not value)
    raise ImproperlyConfigured(f"ProConnect partiellement configuré : manquent {_manquantes}.")
globals().update(_oidc)
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email given_name usual_name")
OIDC_CREATE_USER = False  # accounts are created by admins, matched by e-mail
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "comptes:proconnect_retour"
LOGIN_REDIRECT_URL_FAILURE = "/comptes/connexion/"
if JALON_PROCONNECT:
    AUTHENTICATION_BACKENDS.append("jalon.comptes.proconnect.ProConnectBackend")
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "www:accueil"
LOGOUT_REDIRECT_URL = "www:accueil"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files where `collectstatic` runs (demo and production).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if JALON_ENV in {"production", "demo"}
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# whitenoise's manifest storage rewrites the DSFR CSS (hashed URLs), so the checksums that
# django-dsfr puts in integrity attributes would no longer match and browsers would refuse the
# stylesheets. Whitenoise already serves immutable, hashed files.
DSFR_USE_INTEGRITY_CHECKSUMS = False
DSFR_MARK_OPTIONAL_FIELDS = True
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))

# Uploads: bounded in memory; larger files are refused by the import forms themselves.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
JALON_IMPORT_MAX_BYTES = env_int("JALON_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# PostgreSQL: CSV values files go through COPY and set-based checks and writes
# (jalon/imports/valeurs/rapide); 0 keeps the row-by-row path (for comparisons).
JALON_IMPORT_RAPIDE = env_bool("JALON_IMPORT_RAPIDE", True)

# --- Transport and cookies -------------------------------------------------------------------
# Production runs behind TLS: secure cookies, HTTPS redirect and HSTS are on unless turned off
# (variables SESSION_COOKIE_SECURE, SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS,
# SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD; BEHIND_TLS_PROXY=1 when a reverse
# proxy terminates TLS and sets X-Forwarded-Proto, otherwise the redirect would loop).
_PRODUCTION = JALON_ENV == "production"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# HTMX requests take the token from the page (static/jalon/htmx-csrf.js), not the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "jalon.securite.vues.echec_csrf"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _PRODUCTION)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
# Joining the browsers' HSTS preload list is a decision for the owner of the whole domain,
# not a default of the application: without SECURE_HSTS_PRELOAD=1 the reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# --- Content Security Policy (django-csp) ------------------------------------------------
# Everything comes from this server: the DSFR and htmx are static files; the DSFR scripts
# carry the per-request nonce (django-dsfr passes request.csp_nonce). No inline script or
# style attribute is allowed, and no eval.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "jalon@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Demo mode creates the demo accounts (password "demo") and lists them on the login page:
# never with production settings.
JALON_DEMO = JALON_ENV == "demo"


# --- Background tasks (django-tasks) -----------------------------------------------------
# Imports (and later report builds, reminders) run as django-tasks tasks. The database backend
# (django-tasks-db) needs no extra server: run the worker with `jalon db_worker`. Tests, and a
# demo without a worker, run tasks at once in the request (JALON_TASKS_BACKEND=immediate).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_TASKS_BACKEND = env_str("JALON_TASKS_BACKEND", "immediate" if JALON_ENV == "test" else "database")
if _TASKS_BACKEND not in _TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"JALON_TASKS_BACKEND={_TASKS_BACKEND!r} : database ou immediate attendu."
    )
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[_TASKS_BACKEND], "QUEUES": ["default"]}}

# --- Maps (jalon.graphiques.carte) ---------------------------------------------------------
# Empty: the tile map generated by Jalon. A path: a GeoJSON FeatureCollection of official
# boundaries (property "code" = COG code, overseas repositioned as insets) replaces it.
JALON_CARTE_GEOJSON_REGIONS = env_str("JALON_CARTE_GEOJSON_REGIONS", "")
JALON_CARTE_GEOJSON_DEPARTEMENTS = env_str("JALON_CARTE_GEOJSON_DEPARTEMENTS", "")
