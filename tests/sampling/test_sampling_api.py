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
