"""The API end to end: assign, answer by code without a login, submit; bad input gets the one error shape."""

from __future__ import annotations

import json

from django.test import Client

from shouhu.training.models import Answer, Attempt


def _post(c, path, body):
    return c.post(f"/api/v1/training{path}", data=json.dumps(body), content_type="application/json")


def test_assign_answer_submit_and_refusals(bank, principal, officer, inspector):
    c = Client()
    c.force_login(principal)
    r = _post(c, "/attempts", {"person_id": officer.pk, "purpose": "entry"})
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    attempt = Attempt.objects.get(pk=r.json()["id"])
    anon = Client()
    from shouhu.training import services

    services.attempt_open(code=code)
    r = _post(anon, "/exam/answers", {"code": code, "question_id": attempt.items[0]["q"], "chosen": [0]})
    assert r.status_code == 200, r.content
    r = _post(anon, "/exam/answers", {"code": code, "question_id": 999999, "chosen": [0]})
    assert r.status_code >= 400 and set(r.json()) == {
        "code",
        "message",
        "message_zh",
        "message_en",
        "details",
    }
    r = _post(anon, "/exam/submit", {"code": code})
    assert (
        r.status_code == 200 and r.json()["total"] == 30 and r.json()["wrong"][0]["citation"].startswith("《")
    )
    r = _post(anon, "/exam/submit", {"code": code})
    assert r.status_code == 409, r.content
    assert Answer.objects.count() == 1
    # the regulator reads the result in its jurisdiction
    c.force_login(inspector)
    r = c.get("/api/v1/training/attempts")
    assert r.status_code == 200 and r.json()[0]["person_name"] == officer.name
    r = _post(c, "/spot-checks", {"person_id": officer.pk})
    assert r.status_code == 201 and r.json()["spot_check_id"]
    assert c.get("/api/v1/training/spot-checks").json()[0]["person_name"] == officer.name
    assert c.get("/api/v1/training/pass-rates").status_code == 200
