"""Helpers for the API tests: calling endpoints, the one error shape, field errors, row counts."""

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


def row_counts() -> dict[str, int]:
    """Rows of every registry table, API keys and ledger entries: 'nothing written' compares these."""
    from shouhu.accounts.models import ApiKey
    from shouhu.registry import models as m

    tables = [m.Enterprise, m.Site, m.Licence, m.LicenceItem, m.Person, m.Training, m.ContractManufacturing]
    counts = {model.__name__: model.objects.count() for model in tables}
    counts["ApiKey"] = ApiKey.objects.count()
    counts["AuditEntry"] = AuditEntry.objects.count()
    return counts
