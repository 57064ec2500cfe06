"""Deploy settings (issue 18 point 6): CSP on every page, production refuses to start without a real
database URL and secret key, and `check --deploy` is clean under production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from shouhu.config.settings import base

SRC = Path(__file__).resolve().parents[2] / "src"
GOOD = {
    "SHOUHU_SECRET_KEY": "k" * 20 + "Zq8-vR2_xW5tY7uI9oP1aS3dF6gH4jL0",
    "SHOUHU_DATABASE_URL": "postgres://shouhu@127.0.0.1:5432/shouhu",
    "SHOUHU_ALLOWED_HOSTS": "shouhu.example.gov.cn",
    "SHOUHU_LEDGER_KEY": "0f" * 32,
}


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    # a deployment's environment: none of ours, and not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SHOUHU_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean.update(PYTHONPATH=str(SRC), DJANGO_SETTINGS_MODULE="shouhu.config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=120
    )


SETUP = "import django; django.setup(); print('started')"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SHOUHU_SECRET_KEY", "SHOUHU_SECRET_KEY must be set"),
        ("SHOUHU_DATABASE_URL", "SHOUHU_DATABASE_URL must be set"),
        ("SHOUHU_ALLOWED_HOSTS", "SHOUHU_ALLOWED_HOSTS must be set"),
        ("SHOUHU_LEDGER_KEY", "SHOUHU_LEDGER_KEY or SHOUHU_LEDGER_KEY_FILE must be set"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = _run(SETUP, **env)
    assert result.returncode != 0 and "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SHOUHU_DATABASE_URL", "sqlite:///var/shouhu.sqlite3"),
        ("SHOUHU_SECRET_KEY", "shouhu-embedded-demo-key-change-me-in-production-0123456789"),
        ("SHOUHU_SECRET_KEY", "short-key"),
        # the placeholder in deploy/shouhu.env.example is long enough, and still a placeholder
        ("SHOUHU_SECRET_KEY", "change-me-python-c-import-secrets-print-secrets-token-urlsafe-64"),
    ],
)
def test_production_refuses_placeholders(name, value):
    result = _run(SETUP, **{**GOOD, name: value})
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr


def test_production_refuses_a_ledger_key_file_that_does_not_exist(tmp_path):
    env = {k: v for k, v in GOOD.items() if k != "SHOUHU_LEDGER_KEY"}
    result = _run(SETUP, **env, SHOUHU_LEDGER_KEY_FILE=str(tmp_path / "ledger.key"))
    assert result.returncode != 0 and "does not exist" in result.stderr
    (tmp_path / "ledger.key").write_text("ab" * 32 + "\n")
    assert _run(SETUP, **env, SHOUHU_LEDGER_KEY_FILE=str(tmp_path / "ledger.key")).stdout.strip() == "started"


def test_check_deploy_is_clean_under_production_settings():
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = _run(code, **GOOD)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "no issues" in (result.stdout + result.stderr)


def test_production_turns_on_hsts_redirect_2fa_and_the_published_password_rule():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SHOUHU_2FA_ENFORCED, s.SESSION_COOKIE_SECURE,"
        " any('PublishedPassword' in v['NAME'] for v in s.AUTH_PASSWORD_VALIDATORS))"
    )
    result = _run(code, **GOOD)
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True"], result.stderr[-1000:]


@pytest.mark.django_db
def test_every_page_sends_a_content_security_policy(client, principal_a):
    with override_settings(CONTENT_SECURITY_POLICY=base.CONTENT_SECURITY_POLICY):  # demo and production
        response = client.get(reverse("login"))
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        script_src = policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in script_src
        assert "'unsafe-eval'" not in script_src
        client.force_login(principal_a)
        assert "Content-Security-Policy" in client.get(reverse("home"))
    # test settings: the same policy, report-only (see config/settings/test.py)
    assert client.get(reverse("home"))["Content-Security-Policy-Report-Only"] == policy


INLINE_SCRIPT = re.compile(
    r"""<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|(?:href|action|src)\s*=\s*["']?\s*javascript:""", re.I
)


def test_no_template_holds_inline_script():
    """script-src is 'self' alone: an inline <script>, on…= handler or javascript: URL would silently stop
    working in the browser — fail here instead (put it in a static script, as static/shouhu/forms.js does)."""
    templates = list((SRC / "shouhu").rglob("templates/**/*.html"))
    assert len(templates) > 50, "the scan found too few templates: is the path broken?"
    found = [
        (path.relative_to(SRC).as_posix(), m.group(0))
        for path in templates
        for m in INLINE_SCRIPT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
    assert base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]
