"""The suite runs under its own settings, whoever starts it (make test, CI, a bare pytest)."""

from django.conf import settings


def test_the_suite_runs_under_the_test_settings():
    # `make demo` exports DJANGO_SETTINGS_MODULE=…base; an exported variable wins over pyproject's, and a
    # suite on the demo settings fails in ways that look like bugs (enforced CSP, the real job queue).
    assert settings.SETTINGS_MODULE == "shouhu.config.settings.test"
