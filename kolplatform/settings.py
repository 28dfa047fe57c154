"""Settings for kolplatform: with kolplatform/settings_interfaces.py, the one place that reads
the environment.

Without any environment the project runs for development: SQLite under var/, Celery tasks run
eagerly, local-memory cache, console e-mail. Production (DEBUG off) refuses to start without
SECRET_KEY and turns on the secure-cookie/HSTS/SSL settings that `manage.py check --deploy` wants.
Each secret in SECRET_NAMES may also come from a file named by <NAME>_FILE (container secrets).
"""

import os
import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
SECRET_NAMES = (
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "DATABASE_URL",
    "DATABASE_APP_PASSWORD",
    "DATABASE_REPLICA_URL",
    "AWS_SECRET_ACCESS_KEY",
    "REDIS_URL",
    "EMAIL_URL",
    "FIELD_ENCRYPTION_KEYS",
)
for _name in SECRET_NAMES:
    # Secrets from files: SECRET_KEY_FILE=/run/secrets/key sets SECRET_KEY.
    if f"{_name}_FILE" in os.environ and _name not in os.environ:
        os.environ[_name] = Path(os.environ[f"{_name}_FILE"]).read_text().strip()

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("TESTING", default="pytest" in sys.modules)
if DEBUG or TESTING:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-secret-key-not-for-production")
else:
    SECRET_KEY = env("SECRET_KEY")  # fail closed: no default in production
# Rotation: the previous key(s), comma-separated; sessions, password-reset links and signed values
# made with them stay valid until they expire (docs/operations.md, "Key rotation").
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "django_celery_beat",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_api_key",  # its AbstractAPIKey; our keys are api.ApiKey
    "drf_spectacular",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "kolplatform.core",
    "experts",
    "contracts",
    "events",
    "payments",
    "feedback",
    "field",
    "analytics",
    "webhooks",  # outbound webhooks; depends on kolplatform.core only
    "api",  # the REST API of /api/v1/ and its keys; imports every module above
    "seed",  # demo and performance data; imports every module above
]
if TESTING:
    INSTALLED_APPS += ["tests.testapp"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kolplatform.core.middleware.RejectNulInQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kolplatform.core.session_timeout.SessionTimeoutMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
    "kolplatform.core.two_factor.TwoFactorMiddleware",
]
if TESTING:
    # django-zeal fails an N+1 query in any request of the test suite (NPlusOneError); each
    # ZEAL_ALLOWLIST entry carries its reason.
    INSTALLED_APPS += ["zeal"]
    MIDDLEWARE += ["zeal.middleware.zeal_middleware"]
    ZEAL_RAISE = True
    ZEAL_ALLOWLIST = [
        # One payout read twice under its row lock in one request (the approve service, then the
        # approval handler: payments.services.payouts._locked), never once per row of a batch.
        {"model": "payments.Payout", "field": "get()"},
        # get_for_model caches per process: one read per model after a cache clear (as in tests).
        {"model": "contenttypes.ContentType", "field": "get()"},
    ]
# `make bench` only: worker CPU time and query count of each request as response headers.
BENCH_HEADERS = env.bool("BENCH_HEADERS", default=False)
if BENCH_HEADERS:
    MIDDLEWARE.insert(0, "kolplatform.core.bench_headers.BenchHeadersMiddleware")

ROOT_URLCONF = "kolplatform.urls"
WSGI_APPLICATION = "kolplatform.wsgi.application"

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
                "kolplatform.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
# PostgreSQL connections are capped per process (docs/operations.md, "Database connections"): a
# pool of at most DB_POOL_MAX_SIZE connections, which every thread of the process shares (the
# threaded development server, gunicorn --threads); a request waits up to DB_POOL_TIMEOUT seconds
# for a free one instead of opening another. The total is processes x DB_POOL_MAX_SIZE and must
# stay under the server's max_connections. DB_POOL_MAX_SIZE=0 turns the pool off for processes
# that fork after start (Celery's prefork worker): one persistent connection per process.
DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=0 if TESTING else 10)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    if DB_POOL_MAX_SIZE > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(env.int("DB_POOL_MIN_SIZE", default=1), DB_POOL_MAX_SIZE),
            "max_size": DB_POOL_MAX_SIZE,
            "timeout": env.float("DB_POOL_TIMEOUT", default=30.0),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if TESTING:
        # A test connection idle inside a transaction for a minute is a leak (real test
        # transactions are never idle that long): the server ends it, so the suite fails
        # loudly instead of waiting forever on its locks.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c idle_in_transaction_session_timeout=60000"
        )
else:
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# A read replica serves analytics and the BI feed (kolplatform/core/replica.py, "Scale-out").
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["kolplatform.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Two PostgreSQL roles (docs/operations.md): the owner of the tables migrates (its URL is the
# DATABASE_URL of `migrate`, `db_roles`, `restore`); web, worker and beat connect as this role,
# which owns nothing. `manage.py db_roles` creates it and grants what the product needs.
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="")
DATABASE_APP_PASSWORD = env("DATABASE_APP_PASSWORD", default="")
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:  # hashing with PBKDF2 per created user would dominate the test run
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Reverse proxies of our own in front of the app (0: none, REMOTE_ADDR is the client); the
# client IP is then the entry they appended to X-Forwarded-For (kolplatform/core/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Brute-force protection on the login form (django-axes): failures count per username *and*
# client IP together, so an attacker locks out only their own guesses, never the company.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a right password clears that pair's count of wrong ones
AXES_CLIENT_IP_CALLABLE = "kolplatform.core.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=not TESTING)

# Sessions end after idle minutes or absolute hours, whichever comes first (staff vs KOLs;
# kolplatform/core/session_timeout.py). The cookie lives no longer than the longest limit.
SESSION_STAFF_IDLE_MINUTES = env.int("SESSION_STAFF_IDLE_MINUTES", default=30)
SESSION_STAFF_MAX_HOURS = env.int("SESSION_STAFF_MAX_HOURS", default=12)
SESSION_KOL_IDLE_MINUTES = env.int("SESSION_KOL_IDLE_MINUTES", default=120)
SESSION_KOL_MAX_HOURS = env.int("SESSION_KOL_MAX_HOURS", default=24)
SESSION_COOKIE_AGE = 3600 * max(SESSION_STAFF_MAX_HOURS, SESSION_KOL_MAX_HOURS)

# --- Cache, Redis, Celery ---------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Tests run tasks in-process even when REDIS_URL is set (CI); the tests marked `worker` switch a
# real worker on (tests/worker_fixtures.py).
CELERY_TASK_ALWAYS_EAGER = TESTING or not REDIS_URL
# A key prefix lets several environments (or test runs) share one Redis without stealing tasks.
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"global_keyprefix": env("CELERY_KEY_PREFIX")} if env("CELERY_KEY_PREFIX", default="") else {}
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "*.render_*pdf*": {"queue": "pdf"},
    "kolplatform.core.tasks.notification_*": {"queue": "notifications"},
    "webhooks.tasks.*": {"queue": "webhooks"},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = env("TIME_ZONE", default="Europe/Moscow")

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="kolplatform <noreply@kolplatform.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# One-time codes for signing: "email" or a dotted path to an SMS backend class.
OTP_SMS_BACKEND = env("OTP_SMS_BACKEND", default="kolplatform.core.sms.ConsoleSmsBackend")

# --- i18n ------------------------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", default="ru")
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
if DEBUG or TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing directory
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Media on S3-compatible storage (django-storages) when a bucket is named: every web and worker
# machine sees the same private files (docs/operations.md "Scale-out").
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env("AWS_LOCATION", default="media"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- Encryption at rest (bank details, identity documents) -------------------------------------
# FIELD_ENCRYPTION_KEYS: comma-separated; the first key encrypts, all keys decrypt (rotation).
# The Fernet keys derive from these alone, never from SECRET_KEY (kolplatform/core/crypto.py).
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS",
    default=["dev-only-field-key-change-me"] if (DEBUG or TESTING) else environ.Env.NOTSET,
)

# --- Libraries ---------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# The organisation's requisites, the REST API and its keys, webhooks, public rate limits.
from kolplatform.settings_interfaces import *  # noqa: E402, F403

# --- Security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # probes speak plain HTTP inside the network
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Two-factor sign-in (TOTP authenticator apps, django-otp; kolplatform/core/two_factor.py): these
# roles must set it up before anything else; every staff member may turn it on.
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["finance", "admin"])
# The demo and the tests let those roles in without it; production refuses to start with that.
TWO_FACTOR_DEMO_EXEMPT = env.bool("TWO_FACTOR_DEMO_EXEMPT", default=DEBUG or TESTING)
if TWO_FACTOR_DEMO_EXEMPT and not (DEBUG or TESTING):
    raise ImproperlyConfigured(
        "TWO_FACTOR_DEMO_EXEMPT is for the demo and the tests: production requires two-factor "
        "sign-in for the roles of TWO_FACTOR_REQUIRED_ROLES."
    )
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="kolplatform")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows an authenticator's secret

# Content-Security-Policy (django-csp): scripts only from our static files — no inline scripts,
# no event-handler attributes, no eval. Stylesheets and <style> elements only from our static
# files too; style attributes (style="width: 40%") stay allowed, they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # QR codes are data: URIs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
