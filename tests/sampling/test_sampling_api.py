"""Issue 27 through the API: the lab pushes results item by item; bad input is refused with its reason and
nothing is written."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from shouhu.sampling.models import LabResult

pytestmark = pytest.mark.django_db


def _post(user, path, body):
    c = Client()
    c.force_login(user)
    return c.post(f"/api/v1/sampling{path}", json.dumps(body), content_type="application/json")


def test_lab_push_is_judged_per_item(world, received):
    resp = _post(
        world.insp,
        f"/samples/{received.pk}/results",
        {"results": [{"item": "铅", "measured": "0.35", "unit": "mg/kg"}], "report_no": "JC-1"},
    )
    assert resp.status_code == 201
    (row,) = resp.json()
    assert row["verdict"] == "fail" and row["limit_rule_id"] == "limits.gb10769.pb" and row["limit_known"]


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        ({"item": "组胺", "measured": "3", "unit": "mg/100g"}, "item.unknown"),
        ({"item": "铅", "measured": "0.1", "unit": "g/kg"}, "unit.mismatch"),
    ],
)
def test_lab_push_bad_input_is_refused_and_nothing_written(world, received, result, reason):
    resp = _post(world.insp, f"/samples/{received.pk}/results", {"results": [result]})
    assert resp.status_code == 422 and resp.json()["details"]["reason"] == reason
    assert not LabResult.objects.exists()


def test_sample_form_for_another_enterprises_batch_is_refused(world, plan):
    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    body = {
        "task_id": task.pk,
        "trace_code": world.canned_batch.trace_code,
        "quantity": "6",
        "backup_quantity": "3",
        "sampler_name": "张抽样",
        "sampler_signed": True,
        "enterprise_signer": "李厂长",
        "enterprise_signed": True,
        "lab_name": "检验所",
    }
    resp = _post(world.insp, "/samples", body)
    assert resp.status_code == 422 and resp.json()["details"]["reason"] == "batch.other_enterprise"
    assert "不是被抽样企业" in resp.json()["message_zh"]


def _lab(world, name="湖南省食品质量监督检验研究院"):
    import factories as t

    from shouhu.core.roles import Role
    from shouhu.sampling.services.labs import lab_create

    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code="430100", username=f"lab_admin_{len(name)}")
    return lab_create(actor=admin, name=name, division_code="430104")  # sampling.lab.manage


def _lab_post(key, path, body):
    return Client().post(
        f"/api/v1/sampling/lab{path}", json.dumps(body), content_type="application/json", HTTP_X_LAB_KEY=key
    )


def test_a_lab_account_pushes_results_and_the_report_with_its_hash(world, plan):
    """Issue 27.4: the lab's own key, only the samples sent to it; the report PDF kept with its SHA-256."""
    import base64
    import hashlib

    from shouhu.sampling.services import sample_create

    from .conftest import PDF, sign

    lab, key = _lab(world)
    _other, other_key = _lab(world, name="另一检验所")
    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    s = sample_create(actor=world.insp, task_id=task.pk, trace_code=world.cereal_batch.trace_code, **sign())
    listed = Client().get("/api/v1/sampling/lab/samples", HTTP_X_LAB_KEY=key).json()
    assert [x["number"] for x in listed] == [s.number]
    assert Client().get("/api/v1/sampling/lab/samples", HTTP_X_LAB_KEY=other_key).json() == []
    assert Client().get("/api/v1/sampling/lab/samples", HTTP_X_LAB_KEY="lab_nope").status_code == 401
    assert _lab_post(other_key, f"/samples/{s.number}/receive", {}).status_code == 404
    got = _lab_post(key, f"/samples/{s.number}/receive", {})
    assert got.json().get("status") == "received", got.content
    body = {
        "results": [
            {"item": "铅", "measured": "0.05", "unit": "mg/kg"},
            {"item": "菌落总数", "measured": "100,200,1500,300,90", "unit": "CFU/g"},
            {"item": "维生素A", "measured": "320", "unit": "μgRE/100g", "lab_conclusion": "合格"},
        ],
        "report_no": "JC-2026-01",
        "report_pdf": base64.b64encode(PDF).decode(),
    }
    resp = _lab_post(key, f"/samples/{s.number}/results", body)
    assert resp.status_code == 201, resp.content
    rows = {r["item"]: r for r in resp.json()}
    assert rows["菌落总数"]["verdict"] == "pass" and rows["铅"]["limit_known"]
    assert [r["limit_known"] for r in resp.json()].count(False) == 1  # 维生素A: the lab's conclusion
    s.refresh_from_db()
    assert s.report_sha256 == hashlib.sha256(PDF).hexdigest() and s.report_no == "JC-2026-01"
    from shouhu.core import ledger

    assert lab.name in ledger.history(s).last().actor_label
