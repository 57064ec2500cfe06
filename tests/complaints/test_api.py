"""The public API: file without login, follow with the token; a second client address is its own bucket."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from .conftest import complaint

pytestmark = pytest.mark.django_db


def _post(c: Client, path: str, body: dict, **headers):
    return c.post(
        f"/api/v1/complaints{path}", json.dumps(body, default=str), content_type="application/json", **headers
    )


def test_file_and_follow_without_login(ent, settings):
    c = Client()
    resp = _post(c, "/public", complaint(ent))
    assert resp.status_code == 201, resp.content
    filed = resp.json()
    assert filed["tracking_no"].startswith("TS") and not filed["merged"]
    status = _post(c, "/public/status", {"tracking_no": filed["tracking_no"], "token": filed["token"]})
    assert status.status_code == 200 and status.json()["status_label"] == "待受理"
    assert [s["label"] for s in status.json()["steps"]] == ["提交"]
    wrong = _post(c, "/public/status", {"tracking_no": filed["tracking_no"], "token": "nope"})
    assert wrong.status_code == 404 and wrong.json()["details"]["reason"] == "complaints.token_invalid"


def test_the_client_limit_follows_the_trusted_proxy_address(ent, settings):
    settings.SHOUHU_PROXY_COUNT = 1
    settings.SHOUHU_COMPLAINTS_CLIENT_BURST = 1
    c = Client()
    first = _post(c, "/public", complaint(ent), HTTP_X_FORWARDED_FOR="10.0.0.1")
    again = _post(
        c,
        "/public",
        complaint(ent, contact_phone="13900000000", description="另一件事"),
        HTTP_X_FORWARDED_FOR="10.0.0.1",
    )
    other = _post(
        c,
        "/public",
        complaint(ent, contact_phone="13900000001", description="第三件事"),
        HTTP_X_FORWARDED_FOR="10.0.0.2",
    )
    assert (first.status_code, again.status_code, other.status_code) == (201, 429, 201)
    assert again.json()["details"]["reason"] == "complaints.rate_limited"


def test_with_the_challenge_on_a_filing_needs_the_answer_once(ent, settings):
    settings.SHOUHU_COMPLAINTS_CHALLENGE_LEVEL = 2
    c = Client()
    issued = c.get("/api/v1/complaints/public/challenge").json()
    a, _op, b, *_rest = issued["question"].split()
    answer = str(int(a) + int(b))
    body = complaint(ent, challenge_token=issued["token"])
    assert _post(c, "/public", {**body, "challenge_answer": str(int(answer) + 1)}).status_code == 422
    assert _post(c, "/public", {**body, "challenge_answer": answer}).status_code == 201
    reused = _post(c, "/public", {**body, "challenge_answer": answer, "description": "再次"})
    assert reused.status_code == 422 and reused.json()["details"]["reason"] == "complaints.challenge_failed"
