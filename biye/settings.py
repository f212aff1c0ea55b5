"""Biye's settings: one file, configured by environment variables.

Defaults suit one laptop: SQLite under var/, DEBUG off unless asked, zh-hans, Asia/Shanghai.
Production sets DATABASE_URL (postgres://...), SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("BIYE_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """A strict bool: only the usual spellings, anything else is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _secret_key(debug: bool) -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if os.environ.get("SECRET_KEY_FILE"):
        return Path(os.environ["SECRET_KEY_FILE"]).read_text().strip()
    if not debug and not env_bool("BIYE_LOCAL", default=False):
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is off; "
            "for use on this one machine only (the demo, a local import), set BIYE_LOCAL=1"
        )
    # A laptop: generate one key once and keep it under var/, never in the repository.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = _secret_key(DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "biye.core",
    "biye.roster",
    "biye.names",
    "biye.photos",
    "biye.records",
    "biye.diplomas",
    "biye.conclusions",
    "biye.demo",  # `biye demo`: above every section, imported by none
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "biye.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "biye.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last on purpose: it calls the view itself (to retry it when SQLite is busy), so every other middleware's
    # process_view, CSRF's included, must have run before it.
    "biye.core.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "biye.urls"
WSGI_APPLICATION = "biye.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "biye.core.context.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'biye.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: readers never wait for the writer. IMMEDIATE: a write transaction takes the write lock at BEGIN, so
    # writers queue on the busy timeout instead of failing half-way when a read turns into a write. The timeout
    # is how long one write may queue; core/busy.py retries the few that still meet a lock, then answers 503.
    # synchronous=NORMAL is SQLite's advice with WAL: no corruption on a power cut, only the last commits may be lost.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = float(os.environ.get("BIYE_SQLITE_TIMEOUT", "20"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "biye.core.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # MEDIA_ROOT, or S3 below
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env_bool("BIYE_PLAIN_STATIC", default=False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
if os.environ.get("BIYE_S3_BUCKET"):
    # Several servers share one media store: any S3-compatible object store (MinIO, Ceph, a cloud's), through
    # django-storages (`pip install 'biye[s3]'`). Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or
    # the machine's role); files stay private and are never overwritten.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["BIYE_S3_BUCKET"],
            "endpoint_url": os.environ.get("BIYE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("BIYE_S3_REGION") or None,
            "location": os.environ.get("BIYE_S3_PREFIX", "media"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
WHITENOISE_USE_FINDERS = True

# Uploads: rosters and result files stay in memory up to this size, then spill to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
BIYE_MAX_UPLOAD_BYTES = int(os.environ.get("BIYE_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
# What one uploaded table may hold, whatever it claims (core/uploads.py, core/tabular.py): refused at once past
# any of these, with a message naming the bound. 200,000 rows is twice the largest roster benchmarked.
BIYE_IMPORT_MAX_ROWS = int(os.environ.get("BIYE_IMPORT_MAX_ROWS", "200000"))
BIYE_IMPORT_MAX_CELLS = int(os.environ.get("BIYE_IMPORT_MAX_CELLS", "6000000"))  # a sheet's extent, rows x columns
BIYE_IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("BIYE_IMPORT_MAX_UNZIPPED_BYTES", str(400 * 1024 * 1024)))
BIYE_IMPORT_MAX_ERRORS = int(os.environ.get("BIYE_IMPORT_MAX_ERRORS", "1000"))
BIYE_IMPORT_MAX_SECONDS = int(os.environ.get("BIYE_IMPORT_MAX_SECONDS", "120"))

# Sessions live in the database, so any server behind the load balancer can answer any request (docs/deploy.md).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
# Office PCs are shared: a session lasts a working day, not Django's two weeks.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 60 * 60)))
# Password guessing: this many failed logins for one username from one address lock that pair until the window
# has passed since the last failure (core/security.py).
BIYE_LOGIN_MAX_FAILURES = int(os.environ.get("BIYE_LOGIN_MAX_FAILURES", "5"))
BIYE_LOGIN_LOCK_MINUTES = int(os.environ.get("BIYE_LOGIN_LOCK_MINUTES", "15"))
# How many reverse proxies in front of Biye add the address they saw to X-Forwarded-For (0: none, the client
# connects directly). The client's address is then that many entries from the right; anything further left
# was written by the client and is not believed.
BIYE_TRUSTED_PROXIES = int(os.environ.get("BIYE_TRUSTED_PROXIES", "0"))
# The login cost (core/hashers.py): Argon2id with this much memory (KiB) and passes; at most
# BIYE_HASH_CONCURRENCY hashes at once per server process, so a login rush queues instead of eating memory.
BIYE_ARGON2_MEMORY_KIB = int(os.environ.get("BIYE_ARGON2_MEMORY_KIB", "19456"))
BIYE_ARGON2_TIME_COST = int(os.environ.get("BIYE_ARGON2_TIME_COST", "2"))
BIYE_HASH_CONCURRENCY = int(os.environ.get("BIYE_HASH_CONCURRENCY", "2"))
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not env_bool("BIYE_LOCAL", default=False):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A load balancer asks /healthz over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Personal information (issue 16) ---------------------------------------------------------------------------
# A staff member's session ends after this many minutes without a request (students keep theirs for the working
# day, SESSION_COOKIE_AGE above): a staff screen left open shows many people's records.
BIYE_STAFF_IDLE_MINUTES = int(os.environ.get("BIYE_STAFF_IDLE_MINUTES", "30"))
if BIYE_STAFF_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("BIYE_STAFF_IDLE_MINUTES must be at least 1")
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "biye.core.middleware.StaffIdleTimeoutMiddleware")
# --- end of personal information -------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Campus single sign-on (统一身份认证: CAS 2.0/3.0 through django-cas-ng) ---------------------------------
# Off unless CAS_SERVER_URL is set (e.g. https://cas.example.edu.cn/cas/). The CAS user name must be an existing
# account's username (学号/工号); logging in never creates an account. BIYE_LOCAL_LOGIN says who may still log in
# with a password once CAS is on: "all" (default), "outside" (only accounts with no campus identity: the photo
# vendor and BIYE_LOCAL_LOGIN_ACCOUNTS), "none".
INSTALLED_APPS += ["django_cas_ng", "biye.campus"]
AUTHENTICATION_BACKENDS = [
    "biye.campus.backends.LocalPasswordBackend",
    "biye.campus.backends.CampusCASBackend",
]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("biye.campus.context.campus")
LOGOUT_REDIRECT_URL = "campus_logout"  # ends the CAS session too, when CAS is on
CAS_SERVER_URL = os.environ.get("CAS_SERVER_URL", "").strip()
CAS_VERSION = os.environ.get("CAS_VERSION", "3").strip()
if CAS_VERSION not in {"2", "3"}:
    raise ImproperlyConfigured(f"CAS_VERSION must be 2 or 3, not {CAS_VERSION!r}")
CAS_CREATE_USER = False
CAS_REDIRECT_URL = "/"
CAS_IGNORE_REFERER = True
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
CAS_LOGOUT_COMPLETELY = True
CAS_VERIFY_SSL_CERTIFICATE = env_bool("CAS_VERIFY_SSL_CERTIFICATE", default=True)
CAS_ROOT_PROXIED_AS = os.environ.get("CAS_ROOT_PROXIED_AS", "").strip() or None  # https://biye.example.edu.cn
BIYE_LOCAL_LOGIN = os.environ.get("BIYE_LOCAL_LOGIN", "all").strip().lower()
if BIYE_LOCAL_LOGIN not in {"all", "outside", "none"}:
    raise ImproperlyConfigured(f"BIYE_LOCAL_LOGIN must be all, outside or none, not {BIYE_LOCAL_LOGIN!r}")
if BIYE_LOCAL_LOGIN != "all" and not CAS_SERVER_URL:
    raise ImproperlyConfigured("BIYE_LOCAL_LOGIN restricts password login, but CAS_SERVER_URL is not set")
BIYE_LOCAL_LOGIN_ACCOUNTS = frozenset(env_list("BIYE_LOCAL_LOGIN_ACCOUNTS", []))

# --- Reminders (B4) and the mail they go by ----------------------------------------------------------------------
# `biye remind` (cron) reminds whoever has not acted before each deadline. E-mail goes by SMTP when EMAIL_HOST is
# set; without it, e-mails are kept in Biye's outbox page only (the demo), and marked so on the record.
INSTALLED_APPS += ["biye.reminders"]
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = (
    Path(os.environ["EMAIL_HOST_PASSWORD_FILE"]).read_text().strip()
    if os.environ.get("EMAIL_HOST_PASSWORD_FILE")
    else os.environ.get("EMAIL_HOST_PASSWORD", "")
)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "biye@localhost")
BIYE_MAIL_OUTBOX_ONLY = not EMAIL_HOST
if BIYE_MAIL_OUTBOX_ONLY:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The address people use (e-mails carry links): e.g. https://biye.example.edu.cn
BIYE_SITE_URL = os.environ.get("BIYE_SITE_URL", "").strip()
# How reminders reach people: one class per channel (biye/reminders/channels.py); an SMS gateway or a WeCom
# robot is one more class here.
BIYE_REMINDER_CHANNELS = env_list(
    "BIYE_REMINDER_CHANNELS",
    ["biye.reminders.channels.NoticeChannel", "biye.reminders.channels.EmailChannel"],
)
