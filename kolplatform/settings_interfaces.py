"""Settings of what kolplatform shows the outside world: the organisation's requisites (printed on
documents and in bank files) and its signing certificate, the REST API and its keys, outbound
webhooks, and the rate limits of public forms. Imported by kolplatform/settings.py (the
environment is read the same way, from the same .env)."""

from pathlib import Path

import environ

env = environ.Env()
VAR_DIR = Path(__file__).resolve().parent.parent / "var"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # /api/v1/ views name their own; these rates apply to them (api.auth.KeyRateThrottle: per
    # key, a session per user).
    "DEFAULT_THROTTLE_RATES": {
        "api_key": env("API_KEY_RATE", default="600/min"),
        "api_user": env("API_USER_RATE", default="300/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "kolplatform API",
    "VERSION": "1",
    "DESCRIPTION": "REST API of kolplatform (docs/integrations.md).",
    "COMPONENT_SPLIT_REQUEST": True,
    # The enums hook is drf-spectacular's default; api.schema adds create -> read/update links.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_links",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ExpertTierEnum": "experts.models.Tier",
        "TaxStatusEnum": "experts.models.TaxStatus",
    },
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKeyAuth": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Api-Key <prefix>.<secret>`, issued on the API keys page.",
            }
        }
    },
}
# Keys for systems (/api/v1/): last-used time written at most once per this many seconds.
API_KEY_TOUCH_SECONDS = env.int("API_KEY_TOUCH_SECONDS", default=60)
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_IP_META_KEY = "kolplatform.core.client_ip.client_ip"  # key="ip" is the trusted client IP
RATELIMIT_VIEW = "kolplatform.core.views.rate_limited"
# Password-reset requests per client IP and per e-mail address; public verification checks per IP.
RATELIMIT_PASSWORD_RESET = env("RATELIMIT_PASSWORD_RESET", default="10/h")
RATELIMIT_PASSWORD_RESET_EMAIL = env("RATELIMIT_PASSWORD_RESET_EMAIL", default="3/h")
RATELIMIT_VERIFY = env("RATELIMIT_VERIFY", default="60/h")
# Public survey answers (feedback.access): per device and survey, per client address without a
# device cookie, and a ceiling per client address (a lecture hall shares one Wi-Fi address).
FEEDBACK_SUBMIT_DEVICE_RATE = env("FEEDBACK_SUBMIT_DEVICE_RATE", default="10/m")
FEEDBACK_SUBMIT_NO_DEVICE_RATE = env("FEEDBACK_SUBMIT_NO_DEVICE_RATE", default="120/m")
FEEDBACK_SUBMIT_IP_RATE = env("FEEDBACK_SUBMIT_IP_RATE", default="2000/m")

# --- Outbound webhooks (webhooks/, docs/integrations.md "Webhooks") ---------------------------
# Receivers inside our own networks (private, loopback, link-local...) are refused unless allowed.
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env.bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", default=False)
WEBHOOKS_CONNECT_TIMEOUT = env.float("WEBHOOKS_CONNECT_TIMEOUT", default=5.0)
WEBHOOKS_READ_TIMEOUT = env.float("WEBHOOKS_READ_TIMEOUT", default=15.0)
WEBHOOKS_TOTAL_TIMEOUT = env.float("WEBHOOKS_TOTAL_TIMEOUT", default=30.0)
# An endpoint failing without a success for this long is disabled and its owner told.
WEBHOOKS_DISABLE_AFTER_DAYS = env.float("WEBHOOKS_DISABLE_AFTER_DAYS", default=5)
# After a rotation the previous secret still signs (a second signature) for this long.
WEBHOOKS_SECRET_OVERLAP_HOURS = env.float("WEBHOOKS_SECRET_OVERLAP_HOURS", default=24)
WEBHOOKS_RESPONSE_LOG_CHARS = env.int("WEBHOOKS_RESPONSE_LOG_CHARS", default=1000)
# Retries due within this many seconds are queued with a countdown; later ones by the sweeper.
WEBHOOKS_QUEUE_RETRIES_UP_TO = env.float("WEBHOOKS_QUEUE_RETRIES_UP_TO", default=600)

# --- Organisation (requisites printed on documents; the signing certificate) --------------------
ORGANISATION = {
    "name": env("ORG_NAME", default='АО "Фарма Демо"'),
    "name_en": env("ORG_NAME_EN", default="Pharma Demo JSC"),
    "inn": env("ORG_INN", default="7701000000"),
    "kpp": env("ORG_KPP", default="770101001"),
    "ogrn": env("ORG_OGRN", default="1027700000000"),
    "address": env("ORG_ADDRESS", default="125009, г. Москва, ул. Тверская, д. 1"),
    "bank": env("ORG_BANK", default='ПАО "Сбербанк"'),
    "bik": env("ORG_BIK", default="044525225"),
    "account": env("ORG_ACCOUNT", default="40702810000000000001"),
    "corr_account": env("ORG_CORR_ACCOUNT", default="30101810400000000225"),
    "signatory": env("ORG_SIGNATORY", default="Генеральный директор Смирнов А. В."),
}
SIGNING_CERT_FILE = env("SIGNING_CERT_FILE", default=str(VAR_DIR / "signing" / "org.pem"))
SIGNING_KEY_FILE = env("SIGNING_KEY_FILE", default=str(VAR_DIR / "signing" / "org.key"))
