"""Auth errors as documented (issue 17): a missing, unknown or revoked key is a 401 on every method —
never ninja's 403 "CSRF check failed" — and label checks accept an enterprise's API key."""

from __future__ import annotations

import factories as t
import pytest
from apitest import API, assert_error, call
from django.test import Client

from shouhu.labelstore.models import LabelCheck

pytestmark = pytest.mark.django_db

WRITES = [
    ("POST", "/registry/enterprises/{ent}/sites", {"name": "二号车间", "address": "长沙"}),
    ("PATCH", "/registry/enterprises/{ent}", {"phone": "0731-1234567"}),
    ("POST", "/labels/checks", {"text": "婴幼儿谷物辅助食品"}),
    ("POST", "/production/lots", {"code": "L1"}),
    ("POST", "/trace/recalls", {"level": 1, "reason": "x"}),
]


@pytest.fixture
def keys(ent_a):
    _, revoked = t.make_api_key(ent_a, revoked=True)
    return {"unknown": "shk_" + "0" * 40, "revoked": revoked, "empty": ""}


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
@pytest.mark.parametrize("which", ["unknown", "revoked", "missing"])
def test_a_write_with_a_bad_or_no_key_is_401_not_a_csrf_403(ent_a, keys, which, method, path, body):
    client = Client(enforce_csrf_checks=True)
    headers = {} if which == "missing" else {"X-API-Key": keys[which]}
    resp = call(client, method, path.format(ent=ent_a.pk), body, **headers)
    assert_error(resp, 401, "unauthenticated")


@pytest.mark.parametrize("which", ["unknown", "revoked"])
def test_a_bad_key_beats_a_signed_in_session(principal_a, ent_a, keys, which):
    # a system that sends a key means the key: it is not silently served as the browser's user
    client = Client(enforce_csrf_checks=True)
    client.force_login(principal_a)
    assert_error(call(client, "GET", "/registry/me", **{"X-API-Key": keys[which]}), 401, "unauthenticated")
    resp = call(
        client, "POST", f"/registry/enterprises/{ent_a.pk}/sites", {"name": "x"}, X_API_Key=keys[which]
    )
    assert resp.status_code == 401


def test_a_signed_in_session_still_needs_its_csrf_token(principal_a, ent_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(principal_a)
    resp = call(client, "POST", f"/registry/enterprises/{ent_a.pk}/sites", {"name": "二号车间"})
    assert resp.status_code == 403


def test_label_check_with_an_api_key(ent_a):
    _, raw = t.make_api_key(ent_a)
    resp = Client().post(
        f"{API}/labels/checks",
        data={"text": "婴幼儿谷物辅助食品 配料：大米 产品标准代号：GB 10769"},
        content_type="application/json",
        headers={"X-API-Key": raw},
    )
    assert resp.status_code == 201, resp.content
    record = LabelCheck.objects.get(pk=resp.json()["id"])
    assert record.enterprise_id == ent_a.pk and record.created_by is None
    assert record.actor_label.startswith("API key MES")
