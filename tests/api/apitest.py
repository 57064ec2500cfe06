"""Helpers for the API tests (and the matrix in tests/matrix): calling endpoints, the one error shape,
field errors, row counts."""

from __future__ import annotations

from typing import Any

from django.test import Client

from shouhu.core.models import AuditEntry

API = "/api/v1"


def call(client: Client, method: str, path: str, body: Any = None, **headers: str):
    kwargs: dict[str, Any] = {"headers": headers} if headers else {}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method.lower())(API + path, **kwargs)


ERROR_KEYS = {"code", "message", "message_zh", "message_en", "details"}


def assert_error(resp, status: int, code: str) -> dict[str, Any]:
    """The one error shape: exactly {code, message, message_zh, message_en, details}, with the stable code."""
    assert resp.status_code == status, (resp.status_code, resp.content[:2000])
    body = resp.json()
    assert set(body) == ERROR_KEYS, body
    assert body["code"] == code, body
    for key in ("message", "message_zh", "message_en"):
        assert isinstance(body[key], str) and body[key], (key, body)
    assert isinstance(body["details"], dict)
    return body


def field_error(body: dict[str, Any], field: str) -> dict[str, Any]:
    """The error entry naming `field`, checked to name it in Chinese and English."""
    entries = [e for e in body["details"]["fields"] if e["field"] == field]
    assert entries, f"no error for {field!r}: {body['details']}"
    entry = entries[0]
    for key in ("label_zh", "label_en", "code", "message_zh", "message_en"):
        assert entry.get(key), (key, entry)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in entry["label_zh"]), entry
    assert entry["label_en"].isascii(), entry
    assert any("\u4e00" <= ch <= "\u9fff" for ch in entry["message_zh"]), entry
    assert entry["message_en"].isascii(), entry
    return entry


def _tables() -> list[str]:
    from django.apps import apps

    names = {
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in {"sessions", "admin", "contenttypes", "axes"}
    }
    # The security log records every refusal on purpose (issue 18: permission denials are security
    # events); it is a log of the attempt, not a record the refused caller wrote.
    names.discard("accounts_securityevent")
    return sorted(names)


_TABLES: list[str] = []


def row_counts() -> dict[str, int]:
    """Rows of every table of the project and the highest ledger id, in one query: 'nothing written'
    compares these (every service write appends to the ledger, so even an update moves `ledger_head`)."""
    from django.db import connection

    if not _TABLES:
        _TABLES.extend(_tables())
    q = connection.ops.quote_name
    parts = [f"(SELECT COUNT(*) FROM {q(t)})" for t in _TABLES]
    parts.append(f"(SELECT MAX(id) FROM {q(AuditEntry._meta.db_table)})")
    with connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join(parts))
        row = cur.fetchone()
    counts = dict(zip(_TABLES, row[:-1], strict=True))
    counts["ledger_head"] = row[-1] or 0
    return counts


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    """What differs between two `row_counts()`: table -> (before, after)."""
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}
