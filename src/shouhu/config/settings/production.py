"""Production settings: PostgreSQL and Redis are required, secrets come from the environment."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["SHOUHU_SECRET_KEY"]
DEBUG = False
CELERY_BROKER_URL = os.environ.get("SHOUHU_CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = os.environ.get("SHOUHU_CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/1")
CELERY_TASK_ALWAYS_EAGER = False
# the ledger key must be provided (SHOUHU_LEDGER_KEY or SHOUHU_LEDGER_KEY_FILE), never generated here
SHOUHU_LEDGER_KEY_GENERATE = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
