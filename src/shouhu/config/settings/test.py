"""Test settings: the base settings with fast hashing; the database comes from SHOUHU_DATABASE_URL."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["loggers"]["shouhu"]["level"] = "WARNING"  # noqa: F405
SHOUHU_LEDGER_KEY = "test-ledger-key-not-secret"  # a fixed key: tests never write var/ledger.key
# The same policy, reported rather than enforced: Playwright's wait_for_function evaluates strings in
# the page, which an enforced script-src refuses. tests/e2e/test_accounts_csp.py drives pages under the
# enforced policy itself (by selectors and clicks only).
CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY  # noqa: F405
CONTENT_SECURITY_POLICY = None
# A per-process cache (tests clear it between tests) and jobs run in their capped child on the calling
# thread, so a test sees the result at once; tests of the pool itself override SHOUHU_JOBS.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHOUHU_JOBS = SHOUHU_JOBS | {"mode": "inline"}  # noqa: F405
