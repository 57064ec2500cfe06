"""The kernel's API: the error shape for bad input, tenancy (404), replays, an end-to-end run."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shouhu.core.models import AuditEntry
from shouhu.workflow.checklists.models import ItemResult
from shouhu.workflow.evidence.models import EvidenceFile

from .conftest import LIST_ITEMS


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_run_end_to_end_through_the_api(login, principal_a, ent_a):
    c = login(principal_a)
    subject = {"subject_type": "registry.enterprise", "subject_id": str(ent_a.pk)}
    r = post(
        c,
        "/api/v1/checklists/templates/from-list",
        {"title": "自查表", "items": LIST_ITEMS, "subject": subject},
    )
    assert r.status_code == 201, r.content
    tpl = r.json()
    assert [i["item_id"] for i in tpl["items"]] == ["A1", "A2", "A3"]
    r = post(c, "/api/v1/checklists/runs", {"template_id": tpl["id"], **subject})
    assert r.status_code == 201, r.content
    run = r.json()["id"]
    for body in (
        {"item_id": "A1", "result": "conform"},
        {"item_id": "A2", "result": "pass"},
        {"item_id": "A3", "measured": "12.5"},
    ):
        assert post(c, f"/api/v1/checklists/runs/{run}/results", body).status_code == 201
    r = post(c, f"/api/v1/checklists/runs/{run}/conclude", {})
    assert r.status_code == 200 and r.json()["passed"] is True and r.json()["verdict"]["result"] == "conform"
    r = post(
        c,
        "/api/v1/checklists/signatures",
        {"role": "principal", "subject_type": "checklists.checklistrun", "subject_id": str(run)},
    )
    assert r.status_code == 201, r.content


def test_item_not_in_run_is_a_422_in_the_error_shape(login, principal_a, list_template, subject_a):
    from shouhu.workflow.checklists.services import run_open

    run = run_open(actor=principal_a, template=list_template, subject=subject_a)
    r = post(
        login(principal_a),
        f"/api/v1/checklists/runs/{run.pk}/results",
        {"item_id": "NOPE", "result": "conform"},
    )
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error" and body["details"]["reason"] == "run.item_not_in_run"
    assert body["message_zh"] and body["message_en"] and body["message_en"] != body["message_zh"]
    assert ItemResult.objects.count() == 0


def test_another_tenants_rectification_is_404(login, county_inspector, officer_b, subject_a):
    from shouhu.workflow.findings.services import finding_issue, rectification_open

    f = finding_issue(actor=county_inspector, subject=subject_a, severity="major", title="问题")
    rect = rectification_open(
        actor=county_inspector, finding=f, due_on=timezone.localdate() + timedelta(days=7)
    )
    before = AuditEntry.objects.count()
    r = post(login(officer_b), f"/api/v1/findings/rectifications/{rect.pk}/answer", {"answer": "x"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert login(officer_b).get(f"/api/v1/findings/{f.pk}").status_code == 404
    assert AuditEntry.objects.count() == before


def test_findings_flow_through_the_api(login, county_inspector, principal_a, ent_a, png):
    ci, cp = login(county_inspector), login(principal_a)
    cid = str(uuid.uuid4())
    body = {
        "client_id": cid,
        "subject_type": "registry.enterprise",
        "subject_id": str(ent_a.pk),
        "severity": "major",
        "title": "挡鼠板缺失",
        "citation": "细则第十九条",
    }
    r = post(ci, "/api/v1/findings", body)
    assert r.status_code == 201 and r.json()["origin"] == "regulator"
    fid = r.json()["id"]
    assert post(ci, "/api/v1/findings", body).json()["id"] == fid  # replay
    due = str(timezone.localdate() + timedelta(days=10))
    rect = post(ci, f"/api/v1/findings/{fid}/rectifications", {"due_on": due}).json()["id"]
    up = cp.post(
        "/api/v1/evidence", {"file": SimpleUploadedFile("a.png", png), "client_id": str(uuid.uuid4())}
    )
    assert up.status_code == 201, up.content
    ev = up.json()
    r = post(
        cp, f"/api/v1/findings/rectifications/{rect}/answer", {"answer": "已安装", "evidence": [ev["id"]]}
    )
    assert r.status_code == 200 and r.json()["answer_evidence"][0]["sha256"] == ev["sha256"]
    r = post(ci, f"/api/v1/findings/rectifications/{rect}/accept", {"note": "ok"})
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    assert ci.get("/api/v1/findings").json()[0]["state"] == "closed"


def test_evidence_upload_refuses_wrong_type_and_replays(login, principal_a, png):
    c = login(principal_a)
    r = c.post("/api/v1/evidence", {"file": SimpleUploadedFile("a.jpg", b"<html>not an image</html>")})
    assert r.status_code == 422 and r.json()["details"]["fields"][0]["code"] == "file.type"
    cid = str(uuid.uuid4())
    first = c.post("/api/v1/evidence", {"file": SimpleUploadedFile("a.png", png), "client_id": cid}).json()
    again = c.post("/api/v1/evidence", {"file": SimpleUploadedFile("a.png", png), "client_id": cid}).json()
    assert first["id"] == again["id"] and EvidenceFile.objects.count() == 1
    r = c.post("/api/v1/evidence", {"file": SimpleUploadedFile("a.png", png), "client_id": "x"})
    assert r.status_code == 422


def test_an_offline_queue_is_all_or_nothing_and_replays_as_a_no_op(
    login, principal_a, list_template, subject_a
):
    from shouhu.workflow.checklists.services import run_open

    run = run_open(actor=principal_a, template=list_template, subject=subject_a)
    c = login(principal_a)
    url = f"/api/v1/checklists/runs/{run.pk}/results/bulk"
    queue = [
        {"client_id": str(uuid.uuid4()), "item_id": "A1", "result": "conform"},
        {"client_id": str(uuid.uuid4()), "item_id": "A2", "result": "pass"},
        {"client_id": str(uuid.uuid4()), "item_id": "NOT-HERE", "result": "pass"},
    ]
    before = AuditEntry.objects.count()
    r = post(c, url, {"results": queue})
    assert r.status_code == 422 and r.json()["details"]["index"] == 2
    assert ItemResult.objects.count() == 0 and AuditEntry.objects.count() == before
    r = post(c, url, {"results": queue[:2]})
    assert r.status_code == 201 and len(r.json()) == 2
    after = AuditEntry.objects.count()
    r = post(c, url, {"results": queue[:2]})  # the phone did not hear the answer and sends again
    assert r.status_code == 201 and [x["id"] for x in r.json()] == [
        x["id"] for x in post(c, url, {"results": queue[:2]}).json()
    ]
    assert ItemResult.objects.count() == 2 and AuditEntry.objects.count() == after


def test_signing_outside_the_role_is_403_and_templates_are_tenancy_scoped(
    login, officer_a, officer_b, list_template, ent_a
):
    r = post(
        login(officer_a),
        "/api/v1/checklists/signatures",
        {"role": "principal", "subject_type": "registry.enterprise", "subject_id": str(ent_a.pk)},
    )
    assert r.status_code == 403 and r.json()["details"]["reason"] == "role.not_held"
    assert login(officer_a).get(f"/api/v1/checklists/templates/{list_template.pk}").status_code == 200
    assert login(officer_b).get(f"/api/v1/checklists/templates/{list_template.pk}").status_code == 404
    r = post(
        login(officer_b),
        "/api/v1/checklists/runs",
        {"template_id": list_template.pk, "subject_type": "registry.enterprise", "subject_id": str(ent_a.pk)},
    )
    assert r.status_code == 404
