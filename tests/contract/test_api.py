"""The contract API end to end (issue 20): each party sees only contracts it is a party to, the regulator of
either party sees them, a stranger gets 404 and writes nothing; bad input is one clear 422 writing nothing;
a replayed create is a 409 writing nothing; the happy path from the agreement to the 委托方's release."""

from __future__ import annotations

import sys
from pathlib import Path

import factories as t
import pytest
from django.test import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apitest import assert_error, call, changed, field_error, row_counts

from shouhu.contract.models import Agreement, Run
from shouhu.production.models import BatchStatus

from .conftest import SCOPE, approved, docs

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _body(w, **over):
    return {"contract_id": w["contract"].pk, "scope": SCOPE, "quality_terms": "按委托方标准生产"} | over


def test_agreement_create_list_detail_by_party_and_regulator(world):
    w = world
    r = call(_as(w["ap"]), "POST", "/contract/agreements", _body(w))
    assert r.status_code == 201, r.content
    ag = r.json()
    assert ag["manufacturer_name"] == w["m"].name and ag["scope"] == SCOPE and ag["state"] == "qualifying"
    # the replay (a retried request) is refused naming the record; nothing is written
    before = row_counts()
    body = assert_error(call(_as(w["ap"]), "POST", "/contract/agreements", _body(w)), 409, "conflict")
    assert body["details"]["reason"] == "agreement.exists" and not changed(before, row_counts())
    # both parties and both parties' regulators see it; the 受托方 not the 委托方's reports to its regulator
    for who, side in (
        ("ap", "principal"),
        ("mqa", "manufacturer"),
        ("insp_a", "regulator"),
        ("insp_m", "regulator"),
    ):
        c = _as(w[who])
        assert [a["id"] for a in call(c, "GET", "/contract/agreements").json()] == [ag["id"]], who
        d = call(c, "GET", f"/contract/agreements/{ag['id']}")
        assert d.status_code == 200 and d.json()["side"] == side, (who, d.content)
        kinds = {o["kind"] for o in d.json()["duties"]}
        assert ("contract.report.start" in kinds) == (side != "manufacturer"), (who, kinds)
    duties = call(_as(w["ap"]), "GET", f"/contract/agreements/{ag['id']}/duties").json()
    assert duties[0]["kind"] == "contract.report.start" and duties[0]["citation"] and not duties[0]["overdue"]
    assert call(_as(w["mqa"]), "GET", "/contract/agreements?side=principal").json() == []
    table = call(_as(w["insp_m"]), "GET", "/contract/supervision").json()
    assert table[0]["agreement"]["id"] == ag["id"] and table[0]["due"] == 1
    # a stranger and another county's inspector: nothing listed, 404 on the id
    for who in ("bp", "insp_x"):
        c = _as(w[who])
        assert call(c, "GET", "/contract/agreements").json() == []
        assert_error(call(c, "GET", f"/contract/agreements/{ag['id']}"), 404, "not_found")
        assert_error(call(c, "GET", f"/contract/agreements/{ag['id']}/duties"), 404, "not_found")
    assert call(_as(w["bp"]), "GET", "/contract/supervision").status_code == 403


def test_other_tenant_cannot_write_on_the_contract(world):
    w = world
    ag = approved(w)
    run = Run.objects.create(agreement=ag, batch=t.make_batch(w["product"]))
    stranger = _as(w["bp"])
    before = row_counts()
    # B names A's contract, agreement, qualification and run: 404 each time, nothing written
    assert_error(call(stranger, "POST", "/contract/agreements", _body(w)), 404, "not_found")
    assert_error(call(stranger, "POST", f"/contract/agreements/{ag.pk}/qualifications", {}), 404, "not_found")
    q = ag.qualifications.get()
    r = call(stranger, "POST", f"/contract/qualifications/{q.pk}/decide", {"passed": False, "note": "x"})
    assert_error(r, 404, "not_found")
    batch = t.make_batch(w["product"])
    before = row_counts()
    r = call(stranger, "POST", f"/contract/agreements/{ag.pk}/runs", {"batch_id": batch.pk})
    assert_error(r, 404, "not_found")
    r = call(_as(w["insp_x"]), "POST", f"/contract/runs/{run.pk}/decide", {"release": False, "note": "x"})
    assert_error(r, 404, "not_found")
    assert not changed(before, row_counts())
    # the 受托方 may not take the 委托方's decision (403 naming the party), nor the 委托方 declare its batches
    r = call(_as(w["mqa"]), "POST", f"/contract/runs/{run.pk}/decide", {"release": False, "note": "x"})
    assert assert_error(r, 403, "permission_denied")["details"]["reason"] == "agreement.not_principal"
    r = call(_as(w["ap"]), "POST", f"/contract/agreements/{ag.pk}/runs", {"batch_id": batch.pk})
    assert assert_error(r, 403, "permission_denied")["details"]["reason"] == "agreement.not_manufacturer"
    assert not changed(before, row_counts())


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"scope": []}, "scope"),
        ({"scope": [{"category": "3001"}]}, "scope.0.variety"),
        ({"quality_terms": ""}, "quality_terms"),
        ({"quality_terms": "x" * 5001}, "quality_terms"),
        ({"contract_id": 0}, "contract_id"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_input_is_one_clear_error_and_writes_nothing(world, over, field):
    w = world
    before = row_counts()
    body = assert_error(
        call(_as(w["ap"]), "POST", "/contract/agreements", _body(w, **over)), 422, "validation_error"
    )
    field_error(body, field)
    assert not changed(before, row_counts())


def test_a_variety_the_rules_do_not_know_is_refused_by_the_service(world):
    w = world
    before = row_counts()
    bad = [{"category": "3001", "variety": "不存在的品种"}]
    r = call(_as(w["ap"]), "POST", "/contract/agreements", _body(w, scope=bad))
    body = assert_error(r, 422, "validation_error")
    assert body["details"]["reason"] == "agreement.scope_invalid" and "不存在的品种" in body["message_zh"]
    assert not changed(before, row_counts()) and not Agreement.objects.exists()


def test_qualification_runs_and_both_releases_through_the_api(world):
    w = world
    ap, mqa = _as(w["ap"]), _as(w["mqa"])
    ag = call(ap, "POST", "/contract/agreements", _body(w)).json()
    r = call(ap, "POST", f"/contract/agreements/{ag['id']}/qualifications", {"documents": docs(w["ap"])})
    assert r.status_code == 201 and r.json()["licence_ok"] and r.json()["audit_id"], r.content
    q = r.json()
    # a second review while one is open is a 409, nothing written
    before = row_counts()
    r = call(ap, "POST", f"/contract/agreements/{ag['id']}/qualifications", {})
    assert assert_error(r, 409, "conflict")["details"]["reason"] == "qualification.open"
    assert not changed(before, row_counts())
    # a pass before the on-site audit passed is refused with its reason; a fail needs its note
    r = call(ap, "POST", f"/contract/qualifications/{q['id']}/decide", {"passed": True})
    assert assert_error(r, 422, "validation_error")["details"]["reason"] == "qualification.audit_not_passed"
    r = call(
        ap, "POST", f"/contract/qualifications/{q['id']}/decide", {"passed": False, "note": "现场审核未完成"}
    )
    assert r.status_code == 200 and r.json()["state"] == "failed", r.content
    # approved (the conftest's passed review), the 受托方 declares a batch; the 委托方 decides on it
    Agreement.objects.filter(pk=ag["id"]).update(state="approved")
    batch = t.make_batch(w["product"], number="API-001")
    r = call(mqa, "POST", f"/contract/agreements/{ag['id']}/runs", {"batch_id": batch.pk})
    assert r.status_code == 201 and r.json()["batch_number"] == "API-001", r.content
    run = r.json()
    assert run["decision"] == "pending" and run["manufacturer_release"] != BatchStatus.RELEASED
    before = row_counts()
    r = call(mqa, "POST", f"/contract/agreements/{ag['id']}/runs", {"batch_id": batch.pk})  # replayed
    assert assert_error(r, 409, "conflict")["details"]["reason"] == "run.decided"
    assert not changed(before, row_counts())
    r = call(ap, "POST", f"/contract/runs/{run['id']}/decide", {"release": True})
    assert assert_error(r, 422, "validation_error")["details"]["reason"] == "run.not_released"
    r = call(ap, "POST", f"/contract/runs/{run['id']}/decide", {"release": False, "note": "配料记录不全"})
    assert r.status_code == 200 and r.json()["decision"] == "rejected" and r.json()["note"] == "配料记录不全"
    seen = call(mqa, "GET", f"/contract/agreements/{ag['id']}").json()["runs"]
    assert seen[0]["decision"] == "rejected"
