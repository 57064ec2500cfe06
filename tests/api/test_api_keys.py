"""API keys (接入): create → use → last used recorded → revoke → 401 and a security log line.

Keys are hashed at rest, scoped to one enterprise, shown once; creation and revocation are ledger entries.
"""

from __future__ import annotations

import logging

import pytest
from apitest import assert_error, call, row_counts

from shouhu.accounts.events import AccountsAction
from shouhu.accounts.models import ApiKey, hash_key
from shouhu.core import ledger
from shouhu.core.models import AuditEntry
from shouhu.registry.models import Enterprise, Person

pytestmark = pytest.mark.django_db


def test_key_lifecycle(world, principal_a, client_for, caplog):
    manager = client_for(principal_a)

    # create: the raw key is in this response only; the database holds its hash
    resp = call(manager, "POST", "/accounts/keys", {"name": "MES 二号线"})
    assert resp.status_code == 201, resp.content
    created = resp.json()
    raw = created["raw_key"]
    assert raw.startswith("shk_") and len(raw) > 40
    key = ApiKey.objects.get(pk=created["id"])
    assert key.enterprise_id == world.a.ent.pk and key.key_hash == hash_key(raw) and raw not in key.key_hash
    assert created["key_prefix"] == raw[:12] and created["active"] and created["last_used_at"] is None

    # list: metadata only, never the key or its hash
    listing = call(manager, "GET", "/accounts/keys")
    assert raw not in listing.content.decode() and key.key_hash not in listing.content.decode()
    assert "raw_key" not in listing.json()["items"][0] and "key_hash" not in listing.json()["items"][0]

    # use: a read records last use but not a push; a write records both
    anonymous = client_for(None)
    me = call(anonymous, "GET", "/registry/me", **{"X-API-Key": raw})
    assert me.status_code == 200 and me.json()["enterprise"]["id"] == world.a.ent.pk
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert Enterprise.objects.get(pk=world.a.ent.pk).last_push_at is None
    resp = call(
        anonymous,
        "POST",
        f"/registry/enterprises/{world.a.ent.pk}/people",
        {"name": "赵六", "role": "lab"},
        **{"X-API-Key": raw},
    )
    assert resp.status_code == 201, resp.content
    pushed = Enterprise.objects.get(pk=world.a.ent.pk).last_push_at
    assert pushed is not None and pushed >= key.last_used_at
    entry = ledger.history(Person.objects.get(pk=resp.json()["id"])).get()
    assert entry.actor is None and entry.actor_label == f"API key MES 二号线 ({key.key_prefix}…)"

    # revoke: a reason is required, then the key is refused and the refusal logged
    resp = call(manager, "POST", f"/accounts/keys/{key.pk}/revoke", {"reason": "产线停用"})
    assert resp.status_code == 200 and resp.json()["active"] is False and resp.json()["revoked_at"]
    with caplog.at_level(logging.WARNING, logger="shouhu.security"):
        resp = call(anonymous, "GET", "/registry/me", **{"X-API-Key": raw})
    assert_error(resp, 401, "unauthenticated")
    records = [r for r in caplog.records if r.name == "shouhu.security"]
    assert len(records) == 1 and records[0].levelno == logging.WARNING
    assert "revoked" in records[0].getMessage() and raw[:8] in records[0].getMessage()
    assert raw not in records[0].getMessage()  # the log never holds the full key

    # revoking again is a conflict
    assert_error(
        call(manager, "POST", f"/accounts/keys/{key.pk}/revoke", {"reason": "再次"}), 409, "conflict"
    )

    # both events are in A's ledger chain, without the hash, and the chain verifies
    actions = list(
        AuditEntry.objects.filter(object_type="accounts.ApiKey", object_id=str(key.pk))
        .order_by("seq")
        .values_list("action", "reason", "chain__key")
    )
    assert actions == [
        (AccountsAction.APIKEY_CREATE, "", f"enterprise:{world.a.ent.pk}"),
        (AccountsAction.APIKEY_REVOKE, "产线停用", f"enterprise:{world.a.ent.pk}"),
    ]
    for entry in AuditEntry.objects.filter(object_type="accounts.ApiKey"):
        assert "key_hash" not in (entry.after or {}) and key.key_hash not in str(entry.after)
    assert ledger.verify(world.a.ent.pk)[1] == []


@pytest.mark.parametrize(
    "header",
    ["shk_not-a-real-key-0123456789abcdefghijklmnopqrstuv", "", "x" * 5000, "shk_\u738b"],
    ids=["unknown", "empty", "huge", "non-ascii"],
)
def test_wrong_key_is_401_and_logged(header, world, client_for, caplog):
    with caplog.at_level(logging.WARNING, logger="shouhu.security"):
        resp = call(client_for(None), "GET", "/registry/me", **{"X-API-Key": header})
    assert_error(resp, 401, "unauthenticated")
    if header:
        assert any(r.name == "shouhu.security" and "unknown" in r.getMessage() for r in caplog.records)


def test_revoked_key_cannot_write(world, client_for, caplog):
    import factories as t

    _, raw = t.make_api_key(world.a.ent, revoked=True)
    before = row_counts()
    with caplog.at_level(logging.WARNING, logger="shouhu.security"):
        resp = call(
            client_for(None),
            "POST",
            f"/registry/enterprises/{world.a.ent.pk}/people",
            {"name": "钱七", "role": "officer"},
            **{"X-API-Key": raw},
        )
    assert_error(resp, 401, "unauthenticated")
    assert row_counts() == before
    assert Enterprise.objects.get(pk=world.a.ent.pk).last_push_at is None
    assert any("revoked" in r.getMessage() for r in caplog.records if r.name == "shouhu.security")


def test_key_acts_for_exactly_one_enterprise(world, client_for):
    headers = {"X-API-Key": world.a.raw_key}
    client = client_for(None)
    assert_error(call(client, "GET", f"/registry/enterprises/{world.b.ent.pk}", **headers), 404, "not_found")
    listed = call(client, "GET", "/registry/enterprises", **headers).json()
    assert [e["id"] for e in listed["items"]] == [world.a.ent.pk]


def test_platform_admin_names_the_enterprise(world, admin_user, client_for):
    client = client_for(admin_user)
    resp = call(client, "POST", "/accounts/keys", {"name": "ERP"})
    assert_error(resp, 422, "validation_error")
    assert resp.json()["details"]["fields"][0]["field"] == "enterprise_id"
    resp = call(client, "POST", "/accounts/keys", {"name": "ERP", "enterprise_id": world.c.ent.pk})
    assert resp.status_code == 201 and resp.json()["enterprise_id"] == world.c.ent.pk


def test_principal_cannot_issue_or_revoke_for_another_enterprise(world, principal_a, client_for):
    client = client_for(principal_a)
    before = row_counts()
    resp = call(client, "POST", "/accounts/keys", {"name": "ERP", "enterprise_id": world.b.ent.pk})
    assert_error(resp, 404, "not_found")
    resp = call(client, "POST", f"/accounts/keys/{world.b.key.pk}/revoke", {"reason": "x"})
    assert_error(resp, 404, "not_found")
    assert row_counts() == before
    assert ApiKey.objects.get(pk=world.b.key.pk).is_active
