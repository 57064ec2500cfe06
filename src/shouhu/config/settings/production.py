"""Production settings: PostgreSQL and Redis, secrets from the environment, TLS behind nginx.

Refuses to start (ImproperlyConfigured) without a real database URL (PostgreSQL, not the embedded
SQLite default), a real secret key (not the demo's nor the env example's placeholder, at least 50
characters), the host names it serves and the ledger key (its value, or a file that exists: production
never generates one, and without it the first migration that signs the ledger would fail half-way). With those set, `shouhu check --deploy` is clean. docs/deploy.en.md lists every variable.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import AUTH_PASSWORD_VALIDATORS, LOGGING, env_bool

DEMO_SECRET_PREFIX = "shouhu-embedded-demo-key"
PLACEHOLDER_PREFIXES = (DEMO_SECRET_PREFIX, "change-me")  # deploy/shouhu.env.example's is "change-me-…"


def _required(name: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production: {why} (see docs/deploy.en.md)")
    return value


SECRET_KEY = _required("SHOUHU_SECRET_KEY", "sessions and CSRF tokens are signed with it")
if SECRET_KEY.lower().startswith(PLACEHOLDER_PREFIXES) or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SHOUHU_SECRET_KEY must be a random value of at least 50 characters, not the demo key "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')"
    )
_database_url = _required("SHOUHU_DATABASE_URL", "production data lives in PostgreSQL")
if not _database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
    raise ImproperlyConfigured("SHOUHU_DATABASE_URL must be a PostgreSQL URL in production, not SQLite")
ALLOWED_HOSTS = [h.strip() for h in _required("SHOUHU_ALLOWED_HOSTS", "the host names served").split(",")]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("SHOUHU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
] or [f"https://{h}" for h in ALLOWED_HOSTS if h not in {"127.0.0.1", "localhost"}]

DEBUG = False
CELERY_BROKER_URL = os.environ.get("SHOUHU_CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = os.environ.get("SHOUHU_CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/1")
CELERY_TASK_ALWAYS_EAGER = False
# Rate limits and job status shared by every worker on every machine: Redis (core.ratelimit, core.jobs).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("SHOUHU_CACHE_URL", "redis://127.0.0.1:6379/2"),
    }
}
# the ledger key must be provided (SHOUHU_LEDGER_KEY or SHOUHU_LEDGER_KEY_FILE), never generated here
SHOUHU_LEDGER_KEY_GENERATE = False
SHOUHU_LEDGER_KEY = os.environ.get("SHOUHU_LEDGER_KEY", "").strip()
SHOUHU_LEDGER_KEY_FILE = os.environ.get("SHOUHU_LEDGER_KEY_FILE", "").strip()
if not SHOUHU_LEDGER_KEY and not SHOUHU_LEDGER_KEY_FILE:
    raise ImproperlyConfigured(
        "SHOUHU_LEDGER_KEY or SHOUHU_LEDGER_KEY_FILE must be set in production: the ledger's chain heads "
        "are signed with it (python -c 'import secrets; print(secrets.token_hex(32))' > /etc/shouhu/ledger.key; "
        "see docs/deploy.en.md)"
    )
if not SHOUHU_LEDGER_KEY and not os.path.isfile(SHOUHU_LEDGER_KEY_FILE):
    raise ImproperlyConfigured(f"SHOUHU_LEDGER_KEY_FILE {SHOUHU_LEDGER_KEY_FILE} does not exist")

# TLS ends at nginx, which sets X-Forwarded-Proto; Django redirects plain HTTP and sends HSTS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SHOUHU_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SHOUHU_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SHOUHU_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SHOUHU_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Accounts: the second factor is required for platform and jurisdiction admins; the demo password,
# printed in the README, is refused (an account that still has it must change it at its next login).
SHOUHU_2FA_ENFORCED = env_bool("SHOUHU_2FA_ENFORCED", True)
AUTH_PASSWORD_VALIDATORS = [
    *AUTH_PASSWORD_VALIDATORS,
    {"NAME": "shouhu.accounts.passwords.PublishedPasswordValidator"},
]

# Logs: to the console (journald under systemd) and, when SHOUHU_LOG_DIR is set, security events also
# to their own file for the log collector.
_log_dir = os.environ.get("SHOUHU_LOG_DIR", "")
if _log_dir:
    LOGGING["handlers"]["security_file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": os.path.join(_log_dir, "security.log"),
        "formatter": "stamped",
    }
    LOGGING["formatters"]["stamped"] = {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    LOGGING["loggers"]["shouhu.security"] = {
        "handlers": ["console", "security_file"],
        "level": "INFO",
        "propagate": False,
    }
