"""Family plans (one plan for several products of the same process) and the verification duty marked done
(evidence, signature by a HACCP team member, ledger, the duty completed and the next scheduled)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import factories as t
import pytest
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apitest import row_counts

from shouhu.core.errors import ServiceError
from shouhu.core.roles import Role
from shouhu.haccp import selectors, services
from shouhu.haccp.models import Deviation, Reading, Verification
from shouhu.haccp.services._common import plans_by_product

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _sibling(ent, **kw):
    return t.make_product(ent, category="3002", attributes={"contains_meat_or_fish": True}, **kw)


def test_family_plan_covers_a_sibling_product(signed, principal, ent):
    sibling = _sibling(ent, name="婴幼儿鸡肉泥")
    services.family_add(actor=principal, plan=signed, product=sibling, family="婴幼儿肉泥类")
    signed.refresh_from_db()
    assert signed.family == "婴幼儿肉泥类"
    assert set(plans_by_product(ent.pk)) == {signed.product_id, sibling.pk}
    # production's CCP limit for the sibling's batch comes from the family's plan
    batch = t.make_batch(sibling, number="FAM-1")
    ccp = selectors.ccp_in_force(sibling.pk, "杀菌", "温度")
    assert ccp is not None and ccp.version.plan_id == signed.pk
    # readings for the sibling's batch are judged by the family plan; out of limit holds the batch
    at = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    services.readings_record(actor=principal, items=[{"batch": "FAM-1", "ccp": "CCP1", "unit": "℃", "at": at,
                                                      "value": 110.0}])  # fmt: skip
    assert Reading.objects.filter(production_batch_id=batch.pk, within=False).count() == 1
    assert Deviation.objects.filter(production_batch=batch, closed_at__isnull=True).exists()
    # a change of the family plan stops new batches of every product of the family
    from shouhu.production import services as production

    services.change_record(actor=principal, plan=signed, kind="process", description="杀菌釜更换",
                           changed_on=timezone.localdate())  # fmt: skip
    with pytest.raises(ServiceError) as exc:
        production.batch_create(actor=principal, enterprise=ent, product=sibling, number="FAM-2",
                                produced_on=timezone.localdate())  # fmt: skip
    assert "batch.blocked" in str(exc.value.details)


def test_family_refuses_other_process_and_second_plan(signed, principal, ent):
    rice = t.make_product(ent, category="3001", name="婴幼儿米粉")
    before = row_counts()
    with pytest.raises(ServiceError) as exc:
        services.family_add(actor=principal, plan=signed, product=rice)
    assert exc.value.details["reason"] == "plan.family_mismatch" and row_counts() == before
    sibling = _sibling(ent)
    services.family_add(actor=principal, plan=signed, product=sibling)
    with pytest.raises(ServiceError) as exc:  # covered by the family plan: no plan of its own
        services.plan_create(actor=principal, product=sibling, title="重复", leader=principal)
    assert exc.value.details["reason"] == "plan.exists"
    with pytest.raises(ServiceError) as exc:  # nor twice in a family
        services.family_add(actor=principal, plan=signed, product=sibling)
    assert exc.value.details["reason"] == "plan.exists"
    other = t.make_enterprise(t.COUNTY, name="另一家企业")
    with pytest.raises(ServiceError) as exc:  # another enterprise's product is not found
        services.family_add(actor=principal, plan=signed, product=_sibling(other))
    assert exc.value.status == 404


def _duty(plan):
    duties = services.verification_duties(plan)
    assert len(duties) == 1
    return duties[0][0]


def test_verification_done_with_evidence_signed_and_rescheduled(signed, principal):
    from shouhu.core.models import AuditEntry

    duty = _duty(signed)
    record = services.verification_record(
        actor=principal, plan=signed, obligation=duty, done_on=timezone.localdate(), conforms=True,
        summary="复核7日杀菌温度记录，校准温度计", content=PDF, filename="verify.pdf",
    )  # fmt: skip
    duty.refresh_from_db()
    assert duty.status == "done" and record.signed_by == principal and len(record.sha256) == 64
    assert record.evidence.sha256 and record.evidence.enterprise_id == signed.enterprise_id
    assert AuditEntry.objects.filter(action="haccp.verification.record", object_id=str(record.pk)).exists()
    nxt = _duty(signed)  # the next one is scheduled
    assert nxt.pk != duty.pk and nxt.status == "open" and nxt.due_at >= duty.due_at
    with pytest.raises(ServiceError) as exc:  # the done duty cannot be marked again
        services.verification_record(actor=principal, plan=signed, obligation=duty, done_on=timezone.localdate(),
                                     conforms=True, summary="x", content=PDF)  # fmt: skip
    assert exc.value.status == 404


def test_verification_bad_input_writes_nothing(signed, principal, qa, ent):
    duty = _duty(signed)
    ok = {"plan": signed, "obligation": duty, "done_on": timezone.localdate(), "conforms": True,
          "summary": "复核记录", "content": PDF}  # fmt: skip
    cases = [
        (qa, {}, "verification.not_team"),  # outside the HACCP team
        (principal, {"content": b""}, "verification.invalid"),  # no evidence
        (principal, {"summary": " "}, "verification.invalid"),
        (principal, {"conforms": False}, "verification.invalid"),  # not conforming, no action
        (principal, {"done_on": timezone.localdate() + dt.timedelta(days=1)}, "verification.invalid"),
    ]
    before = row_counts()
    for who, change, reason in cases:
        with pytest.raises(ServiceError) as exc:
            services.verification_record(actor=who, **{**ok, **change})
        assert exc.value.details["reason"] == reason, (change, exc.value.details)
    with pytest.raises(ServiceError):  # a file that is no PDF or image
        services.verification_record(actor=principal, **{**ok, "content": b"not a pdf"})
    assert row_counts() == before
    other = t.make_user(Role.QA, enterprise=t.make_enterprise(t.COUNTY, name="别家"), username="hc_other")
    with pytest.raises(ServiceError) as exc:
        services.verification_record(actor=other, **ok)
    assert exc.value.status == 404


def test_verification_page_from_plan_page(client, signed, principal):
    client.force_login(principal)
    page = client.get(f"/haccp/plans/{signed.pk}/").content.decode()
    assert f"/haccp/plans/{signed.pk}/verifications/" in page
    duty = _duty(signed)
    url = f"/haccp/plans/{signed.pk}/verifications/"
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(url, {"obligation": duty.pk, "done_on": timezone.localdate().isoformat(), "conforms": "yes",
                          "summary": "复核杀菌记录", "evidence": SimpleUploadedFile("v.pdf", PDF, "application/pdf")})  # fmt: skip
    assert r.status_code == 302
    assert Verification.objects.filter(plan=signed, obligation=duty).exists()
    assert "复核杀菌记录" in client.get(url).content.decode()


def test_bulk_api_plain_checks_per_item_nothing_written(signed, ent):
    import json

    from django.test import Client

    _key, raw = t.make_api_key(ent)
    c = Client(headers={"X-API-Key": raw})
    at = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    good = {"plan": signed.pk, "ccp": "CCP1", "unit": "℃", "at": at, "value": 122.0}
    bad = [dict(good, value=True), dict(good, plan=0), dict(good, at="2026-13-01T00:00"),
           dict(good, limit_max="x"), {k: v for k, v in good.items() if k != "ccp"}]  # fmt: skip
    before = row_counts()
    r = c.post(
        "/api/v1/haccp/readings", data=json.dumps({"items": [good, *bad]}), content_type="application/json"
    )
    assert r.status_code == 422
    fields = [i["details"]["fields"][0]["field"] for i in r.json()["details"]["items"]]
    assert fields == ["items[1].value", "items[2].plan", "items[3].at", "items[4].limit_max", "items[5].ccp"]
    assert row_counts() == before
    r = c.post("/api/v1/haccp/readings", data=json.dumps({"items": [good]}), content_type="application/json")
    assert r.status_code == 201 and r.json()["count"] == 1


def test_nightly_sweep_flags_a_missed_hour(signed, principal, ent):
    """The beat task (settings: haccp-missing-sweep) runs the sweep for yesterday: a CCP read per hour with
    an hour skipped between two readings gets its 漏测 deviation, once."""
    from django.conf import settings

    from shouhu.haccp.models import CCP, DeviationKind
    from shouhu.haccp.tasks import sweep_missing

    assert settings.CELERY_BEAT_SCHEDULE["haccp-missing-sweep"]["task"] == "shouhu.haccp.missing_sweep"
    ccp = CCP.objects.get(version__plan=signed)
    CCP.objects.filter(pk=ccp.pk).update(per="hour")
    day = timezone.localdate() - dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    at = [dt.datetime.combine(day, dt.time(h, 10), tz).isoformat() for h in (8, 10)]  # 9 o'clock missed
    services.readings_record(actor=principal, items=[{"plan": signed.pk, "ccp": "CCP1", "unit": "℃", "at": a,
                                                      "value": 122.0} for a in at])  # fmt: skip
    assert sweep_missing() == 1 and sweep_missing() == 0
    assert Deviation.objects.get(kind=DeviationKind.MISSING).period_key.endswith("T09")


def test_api_plans_list_every_product_of_a_family(signed, principal, ent):
    from django.test import Client

    sibling = _sibling(ent)
    services.family_add(actor=principal, plan=signed, product=sibling, family="肉泥类")
    c = Client()
    c.force_login(principal)
    listed = c.get("/api/v1/haccp/plans").json()
    detail = c.get(f"/api/v1/haccp/plans/{signed.pk}").json()
    assert listed[0]["product_ids"] == detail["product_ids"] == [signed.product_id, sibling.pk]
    assert detail["family"] == "肉泥类" and detail["ccps"][0]["code"] == "CCP1"
