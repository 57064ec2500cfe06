"""Base settings: the embedded default (SQLite under var/, background work inline).

Everything deployment-specific comes from SHOUHU_* environment variables, so one code base serves the
embedded demo, CI and a production PostgreSQL + Redis deployment.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]  # src/shouhu
REPO_DIR = BASE_DIR.parents[1]
VAR_DIR = Path(os.environ.get("SHOUHU_VAR_DIR", REPO_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get(
    "SHOUHU_SECRET_KEY", "shouhu-embedded-demo-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("SHOUHU_DEBUG", False)
ALLOWED_HOSTS = [
    h for h in os.environ.get("SHOUHU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "bootstrap",
    "shouhu.core",
    "shouhu.accounts",
    "shouhu.registry",
    "shouhu.licensing",
    "shouhu.production",
    "shouhu.trace",
    "shouhu.labelstore",
    "shouhu.workflow.evidence",
    "shouhu.workflow.checklists",
    "shouhu.workflow.findings",
    "shouhu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shouhu.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "shouhu.core.idempotency.IdempotencyMiddleware",  # a replayed form key is refused (issue 14.4)
]

ROOT_URLCONF = "shouhu.config.urls"
SHOUHU_API = "shouhu.config.api.api"  # the NinjaAPI (`shouhu openapi` reads it from here)
WSGI_APPLICATION = "shouhu.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("SHOUHU_DATABASE_URL", f"sqlite:///{VAR_DIR / 'shouhu.sqlite3'}"),
        conn_max_age=int(os.environ.get("SHOUHU_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; IMMEDIATE avoids lock upgrades failing under concurrency.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Chinese first: zh-Hans is the default; English is switchable per session.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project's own stylesheet and icons
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even when serving from finders
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Background work: Celery with Redis in production; inline (eager) in the embedded default.
CELERY_BROKER_URL = os.environ.get("SHOUHU_CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = os.environ.get("SHOUHU_CELERY_RESULT_BACKEND", "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("SHOUHU_CELERY_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Periodic work for `celery beat` in production (the embedded default runs nothing on a schedule).
CELERY_BEAT_SCHEDULE = {
    "expire-licences-daily": {
        "task": "shouhu.registry.expire_licences",
        "schedule": crontab(hour=0, minute=30),
    },
    # a signed checkpoint of every ledger chain head, to export and hold off-site (core/ledger_checkpoint)
    "ledger-checkpoint-hourly": {
        "task": "shouhu.core.ledger_checkpoint",
        "schedule": crontab(minute=5),
    },
}

# Every unhandled exception is logged with its traceback, DEBUG or not (the 500 page says it was):
# Django's own default sends `django.request` errors to the console only when DEBUG is on.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "shouhu": {"handlers": ["console"], "level": os.environ.get("SHOUHU_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Platform facts that are configuration, not regulation.
SHOUHU_CONNECTION_WINDOW_DAYS = 7  # 接入率: pushed data within this many days counts as connected (item 16)
SHOUHU_PAGE_SIZE = 25
# The ledger's HMAC key (signs chain heads and checkpoints), kept outside the database: the key itself
# or a file holding it. The embedded default generates var/ledger.key on first use; production does not.
SHOUHU_LEDGER_KEY = os.environ.get("SHOUHU_LEDGER_KEY", "")
SHOUHU_LEDGER_KEY_FILE = os.environ.get("SHOUHU_LEDGER_KEY_FILE", str(VAR_DIR / "ledger.key"))
SHOUHU_LEDGER_KEY_GENERATE = env_bool("SHOUHU_LEDGER_KEY_GENERATE", True)
SHOUHU_NAV_NAME = _("守护 · 婴幼儿辅助食品安全监管")
