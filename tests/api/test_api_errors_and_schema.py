"""The catch-all for real bugs, and the committed OpenAPI schema (a test fails when the API drifts)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from apitest import assert_error, call
from django.core.management import CommandError, call_command

from shouhu.core.management.commands.openapi import render

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def test_a_real_bug_is_a_logged_500_in_the_error_shape(world, principal_a, client_for, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("shouhu.registry.selectors.enterprise_list", broken)
    with caplog.at_level(logging.ERROR, logger="shouhu.api"):
        resp = call(client_for(principal_a), "GET", "/registry/enterprises")
    body = assert_error(resp, 500, "internal_error")
    assert "secret internals" not in resp.content.decode()  # no internals leak to the client
    assert body["details"] == {}
    logged = [r for r in caplog.records if r.name == "shouhu.api"]
    assert logged and logged[0].exc_info and "secret internals" in str(logged[0].exc_info[1])


def test_docs_and_schema_are_served(client_for, principal_a):
    client = client_for(principal_a)
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/registry/enterprises" in schema["paths"] and "/api/v1/accounts/keys" in schema["paths"]


def test_committed_openapi_schema_matches_the_live_api():
    assert COMMITTED.exists(), (
        "docs/api/openapi.json is missing: run `shouhu openapi --output docs/api/openapi.json`"
    )
    if COMMITTED.read_text(encoding="utf-8") != render():
        pytest.fail(
            "The API changed but docs/api/openapi.json did not. Review the change, then regenerate it with\n"
            "    .venv/bin/shouhu openapi --output docs/api/openapi.json\n"
            "and commit the file with the change."
        )


def test_openapi_command_writes_and_checks(tmp_path, capsys):
    out = tmp_path / "openapi.json"
    call_command("openapi", "--output", str(out))
    assert out.read_text(encoding="utf-8") == render()
    call_command("openapi", "--output", str(out), "--check")
    out.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("openapi", "--output", str(out), "--check")


@pytest.mark.django_db
def test_an_oversized_body_is_413_in_the_error_shape(admin_user, settings):
    from django.test import Client

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    c = Client()
    c.force_login(admin_user)
    r = c.post(
        "/api/v1/registry/enterprises", data='{"name": "' + "x" * 5000 + '"}', content_type="application/json"
    )
    assert r.status_code == 413
    assert r.json()["code"] == "payload_too_large" and r.json()["details"]["max_bytes"] == 1000
