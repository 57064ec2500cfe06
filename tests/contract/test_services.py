"""Contract oversight's services: the four duties of 2026 plan item 9 and their refusals (nothing written)."""

from __future__ import annotations

import datetime as dt

import factories as t
import pytest

from shouhu.contract import selectors, services
from shouhu.contract.models import Agreement, AgreementState, Decision, Qualification, Run
from shouhu.core.errors import NotFound, PermissionDenied, ServiceError
from shouhu.core.models import AuditEntry as LedgerEntry
from shouhu.registry.models import ContractStatus
from shouhu.workflow.findings.models import Finding, FindingState
from shouhu.workflow.obligations.models import Obligation

from .conftest import SCOPE, approved, docs

pytestmark = pytest.mark.django_db


def _entries() -> int:
    return LedgerEntry.objects.count()


def test_agreement_records_scope_terms_and_raises_the_start_report(world):
    w = world
    ag = services.agreement_create(
        actor=w["ap"], contract_id=w["contract"].pk, scope=SCOPE, quality_terms="质量责任约定"
    )
    assert (ag.principal_id, ag.manufacturer_id) == (w["a"].pk, w["m"].pk)
    assert ag.state == AgreementState.QUALIFYING and ag.ends_on == w["contract"].ends_on
    duty = Obligation.objects.get(kind="contract.report.start")
    assert duty.enterprise_id == w["a"].pk and duty.owner_role == "principal"
    assert "食品委托生产监督管理办法" in duty.citation and duty.amount == 20  # [check] default, cited


@pytest.mark.parametrize(
    "kwargs,reason",
    [
        ({"scope": []}, "agreement.scope_invalid"),
        ({"scope": [{"category": "3001", "variety": "月饼"}]}, "agreement.scope_invalid"),
        ({"quality_terms": " "}, "agreement.terms_required"),
    ],
)
def test_bad_agreement_input_is_refused_and_nothing_written(world, kwargs, reason):
    w = world
    before = _entries()
    args = {"scope": SCOPE, "quality_terms": "约定", **kwargs}
    with pytest.raises(ServiceError) as exc:
        services.agreement_create(actor=w["ap"], contract_id=w["contract"].pk, **args)
    assert exc.value.details["reason"] == reason
    assert _entries() == before and not Agreement.objects.exists() and not Obligation.objects.exists()


def test_unconfirmed_contract_and_other_parties_are_refused(world):
    w = world
    pending = t.make_contract(w["a"], w["m"], status=ContractStatus.PENDING)
    with pytest.raises(ServiceError) as exc:
        services.agreement_create(actor=w["ap"], contract_id=pending.pk, scope=SCOPE, quality_terms="x")
    assert exc.value.details["reason"] == "agreement.not_confirmed"
    assert "食品委托生产监督管理办法" in exc.value.message_zh
    with pytest.raises(NotFound):  # the 受托方 does not file the 委托方's agreement, a stranger sees nothing
        services.agreement_create(actor=w["mp"], contract_id=w["contract"].pk, scope=SCOPE, quality_terms="x")
    with pytest.raises(NotFound):
        services.agreement_create(actor=w["bp"], contract_id=w["contract"].pk, scope=SCOPE, quality_terms="x")
    assert not Agreement.objects.exists()


def test_qualification_checks_licence_documents_and_audit(world):
    w = world
    ag = services.agreement_create(
        actor=w["ap"],
        contract_id=w["contract"].pk,
        scope=[*SCOPE, {"category": "3002", "variety": "泥（糊）状罐装食品"}],
        quality_terms="约定",
    )
    q = services.qualification_start(actor=w["ap"], agreement=ag, documents={})
    assert not q.licence_ok and any("3002" in g["message"] for g in q.gaps)
    assert all("食品委托生产监督管理办法" in g["citation"] for g in q.gaps)
    assert q.audit.run.template.items.exists()  # the on-site checklist from the 细则 for the scope
    assert q.audit.run.template.items.filter(citation__contains="细则").exists()
    before = _entries()
    with pytest.raises(ServiceError) as exc:
        services.qualification_decide(actor=w["ap"], qualification=q, passed=True)
    assert exc.value.details["reason"] == "qualification.licence_gaps"
    assert _entries() == before
    Qualification.objects.filter(pk=q.pk).update(licence_ok=True, gaps=[])  # suppose the licence was changed
    with pytest.raises(ServiceError) as exc:
        services.qualification_decide(actor=w["ap"], qualification=q, passed=True)
    assert exc.value.details["reason"] == "qualification.documents_missing"
    Qualification.objects.filter(pk=q.pk).update(
        documents=[{"kind": k, "id": v, "sha256": ""} for k, v in docs(w["ap"]).items()]
    )
    with pytest.raises(ServiceError) as exc:
        services.qualification_decide(actor=w["ap"], qualification=q, passed=True)
    assert exc.value.details["reason"] == "qualification.audit_not_passed"
    with pytest.raises(PermissionDenied):  # the 受托方 does not judge itself
        services.qualification_decide(actor=w["mp"], qualification=q, passed=False, note="x")
    services.qualification_decide(actor=w["ap"], qualification=q, passed=False, note="许可不覆盖罐装食品")
    ag.refresh_from_db()
    assert ag.state == AgreementState.REFUSED


def test_passed_review_opens_production_and_the_audit_finding_loop(world):
    w = world
    ag = approved(w)
    assert ag.state == AgreementState.APPROVED
    f = Finding.objects.get(subject_type="contract.agreement", subject_id=str(ag.pk))
    assert f.severity == "minor" and "细则" in f.citation and f.enterprise_id == w["a"].pk
    assert Obligation.objects.filter(kind="contract.audit.routine", status="open").count() == 1
    rect = services.finding_rectify(
        actor=w["ap"], agreement=ag, finding_id=f.pk, due_on=dt.date.today() + dt.timedelta(days=10)
    )
    with pytest.raises(PermissionDenied):  # the 委托方 does not answer its own order
        services.finding_answer(actor=w["ap"], agreement=ag, rectification_id=rect.pk, answer="x")
    with pytest.raises(NotFound):
        services.finding_answer(actor=w["bp"], agreement=ag, rectification_id=rect.pk, answer="x")
    rect = services.finding_answer(
        actor=w["mqa"], agreement=ag, rectification_id=rect.pk, answer="已增设洗手池"
    )
    assert rect.state == "answered"
    entry = LedgerEntry.objects.filter(object_type="findings.Rectification").order_by("-pk").first()
    assert entry.actor_label.startswith("受托方 株洲天元代工食品有限公司")
    services.finding_decide(actor=w["ap"], agreement=ag, rectification_id=rect.pk, accept=True)
    f.refresh_from_db()
    assert f.state == FindingState.CLOSED


def test_each_run_needs_both_release_records(world):
    w = world
    ag = approved(w)
    batch = t.make_batch(w["product"])
    with pytest.raises(PermissionDenied):  # only the 受托方 declares its batches
        services.run_record(actor=w["ap"], agreement=ag, batch_id=batch.pk)
    run = services.run_record(actor=w["mqa"], agreement=ag, batch_id=batch.pk)
    kinds = set(Obligation.objects.filter(status="open").values_list("kind", "enterprise_id"))
    assert ("contract.run.release", w["m"].pk) in kinds and ("contract.run.decide", w["a"].pk) in kinds
    before = _entries()
    with pytest.raises(ServiceError) as exc:
        services.run_decide(actor=w["ap"], run=run, release=True)
    assert exc.value.details["reason"] == "run.not_released" and _entries() == before
    with pytest.raises(ServiceError) as exc:
        services.run_decide(actor=w["ap"], run=run, release=False)
    assert exc.value.details["reason"] == "run.note_required"
    type(batch).objects.filter(pk=batch.pk).update(
        status="released", released_on=dt.date.today(), report_no="R1"
    )
    run = services.run_decide(actor=w["ap"], run=run, release=True)
    assert run.decision == Decision.RELEASED
    assert not Obligation.objects.filter(
        kind__in=["contract.run.release", "contract.run.decide"], status="open"
    ).exists()


def test_runs_refused_before_approval_outside_term_scope_or_of_others(world):
    w = world
    ag = services.agreement_create(
        actor=w["ap"], contract_id=w["contract"].pk, scope=SCOPE, quality_terms="约定"
    )
    batch = t.make_batch(w["product"])
    with pytest.raises(ServiceError) as exc:
        services.run_record(actor=w["mqa"], agreement=ag, batch_id=batch.pk)
    assert exc.value.details["reason"] == "run.not_approved"
    Agreement.objects.filter(pk=ag.pk).update(state=AgreementState.APPROVED)
    old = t.make_batch(w["product"], produced_on=w["contract"].starts_on - dt.timedelta(days=2))
    canned = t.make_batch(t.make_product(w["m"], category="3002"))
    foreign = t.make_batch(t.make_product(w["b"]))
    for b, reason in ((old, "run.out_of_term"), (canned, "run.out_of_scope"), (foreign, "run.batch_other")):
        with pytest.raises(ServiceError) as exc:
            services.run_record(actor=w["mqa"], agreement=ag, batch_id=b.pk)
        assert exc.value.details["reason"] == reason
    assert not Run.objects.exists()


def test_label_of_a_contract_product_must_name_both_parties(world):
    w = world
    ag = approved(w)
    good = f"产品名称：婴幼儿营养米粉\n委托方：{w['a'].name}\n受托方：{w['m'].name}\n食品生产许可证编号：{w['licence'].number}\n"
    bad = f"产品名称：婴幼儿营养米粉\n生产者：{w['m'].name}\n食品生产许可证编号：{w['licence'].number}\n"
    assert services.label_review(actor=w["ap"], agreement=ag, text=good).passed
    review = services.label_review(actor=w["ap"], agreement=ag, text=bad)
    assert not review.passed
    found = [f for f in review.label_check.result["findings"] if f["code"] == "contract.parties"]
    assert found and "GB 7718" in found[0]["basis"]["citation"]


def test_reports_are_filed_and_the_end_report_follows_termination(world):
    w = world
    ag = approved(w)
    start = Obligation.objects.get(kind="contract.report.start")
    with pytest.raises(ServiceError):
        services.report_file(actor=w["ap"], agreement=ag, obligation_id=start.pk, note="")
    services.report_file(
        actor=w["ap"], agreement=ag, obligation_id=start.pk, note="已书面报告岳麓区局，文号2026-1"
    )
    start.refresh_from_db()
    assert start.status == "done"
    services.agreement_end(actor=w["ap"], agreement=ag, on=dt.date.today(), reason="合同到期前协商终止")
    end = Obligation.objects.get(kind="contract.report.end")
    assert end.status == "open" and end.amount == 10


def test_run_signal_counts_volume_for_both_parties(world):
    w = world
    ag = approved(w)
    for _ in range(3):
        services.run_record(actor=w["mqa"], agreement=ag, batch_id=t.make_batch(w["product"]).pk)
    sig = selectors.run_signal(enterprise_ids=[w["a"].pk, w["m"].pk, w["b"].pk])
    assert sig[w["a"].pk]["runs"] == 3 and sig[w["m"].pk]["runs"] == 3 and w["b"].pk not in sig
    assert sig[w["a"].pk]["frequent"] is False and "第11项" in sig[w["a"].pk]["citation"]
