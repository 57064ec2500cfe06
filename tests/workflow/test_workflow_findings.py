"""Findings and rectification: issued by a regulator or the enterprise, answered, accepted or returned."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from shouhu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shouhu.core.ledger import history, verify
from shouhu.workflow.checklists.services import run_open
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.findings.models import Finding, Rectification
from shouhu.workflow.findings.services import (
    finding_issue,
    rectification_accept,
    rectification_answer,
    rectification_open,
    rectification_recheck,
    rectification_return,
)
from shouhu.workflow.subjects import resolve


def _due():
    return timezone.localdate() + timedelta(days=15)


@pytest.fixture
def finding(county_inspector, subject_a):
    return finding_issue(
        actor=county_inspector,
        subject=subject_a,
        severity="major",
        title="更衣室无洗手消毒设施",
        citation="细则第二十四条",
        rule_id="xize2017.art24",
    )


def test_a_regulator_issues_orders_and_accepts(finding, county_inspector, principal_a, png, ent_a):
    assert finding.origin == "regulator" and finding.enterprise_id == ent_a.pk
    rect = rectification_open(actor=county_inspector, finding=finding, due_on=_due())
    photo = evidence_create(actor=principal_a, content=png)
    rect = rectification_answer(
        actor=principal_a, rectification=rect.pk, answer="已安装感应水龙头", evidence=[photo.pk]
    )
    assert rect.state == "answered" and rect.answer_evidence == [{"id": photo.pk, "sha256": photo.sha256}]
    rect = rectification_accept(actor=county_inspector, rectification=rect.pk, note="现场确认")
    assert rect.state == "accepted"
    finding.refresh_from_db()
    assert finding.state == "closed"
    assert [e.action for e in history(rect)] == [
        "findings.rectification.open",
        "findings.rectification.answer",
        "findings.rectification.accept",
    ]
    assert history(rect)[1].after["answer_evidence"][0]["sha256"] == photo.sha256
    assert verify(ent_a.pk)[1] == []


def test_return_then_answer_again_then_recheck(finding, county_inspector, principal_a, subject_a):
    from shouhu.workflow.checklists.services import template_from_list

    from .conftest import LIST_ITEMS

    rect = rectification_open(actor=county_inspector, finding=finding, due_on=_due())
    rectification_answer(actor=principal_a, rectification=rect, answer="已整改")
    with pytest.raises(ValidationFailed):
        rectification_return(actor=county_inspector, rectification=rect, note="")
    rect = rectification_return(actor=county_inspector, rectification=rect, note="照片不清楚")
    assert rect.state == "returned"
    rect = rectification_answer(actor=principal_a, rectification=rect, answer="补充照片")
    assert rect.rounds == 2
    tpl = template_from_list(actor=county_inspector, title="复查", items=LIST_ITEMS, subject=subject_a)
    run = run_open(actor=county_inspector, template=tpl, subject=subject_a)
    rect = rectification_recheck(actor=county_inspector, rectification=rect, run=run)
    assert rect.state == "recheck" and rect.recheck_run == run
    assert rectification_accept(actor=county_inspector, rectification=rect).state == "accepted"
    with pytest.raises(Conflict):  # the table allows nothing after acceptance
        rectification_answer(actor=principal_a, rectification=rect, answer="again")


def test_a_rectification_answered_by_another_tenant_is_not_found(
    finding, county_inspector, officer_b, ledger_count
):
    rect = rectification_open(actor=county_inspector, finding=finding, due_on=_due())
    before = ledger_count()
    with pytest.raises(NotFound):
        rectification_answer(actor=officer_b, rectification=rect.pk, answer="不是我的")
    rect.refresh_from_db()
    assert rect.state == "open" and rect.answer == "" and ledger_count() == before


def test_the_enterprise_records_its_own_finding_and_its_principal_accepts(
    officer_a, principal_a, county_inspector, subject_a
):
    own = finding_issue(actor=officer_a, subject=subject_a, severity="minor", title="温湿度记录漏记一次")
    assert own.origin == "self"
    rect = rectification_open(actor=principal_a, finding=own, due_on=_due())
    rectification_answer(actor=officer_a, rectification=rect, answer="已补记并培训")
    with pytest.raises(PermissionDenied) as exc:  # a regulator does not accept the enterprise's own finding
        rectification_accept(actor=county_inspector, rectification=rect)
    assert exc.value.details["reason"] == "rectification.not_decider"
    with pytest.raises(PermissionDenied):  # an officer may not accept at all
        rectification_accept(actor=officer_a, rectification=rect)
    assert rectification_accept(actor=principal_a, rectification=rect).state == "accepted"


def test_the_enterprise_cannot_accept_a_regulators_finding(finding, county_inspector, principal_a):
    rect = rectification_open(actor=county_inspector, finding=finding, due_on=_due())
    rectification_answer(actor=principal_a, rectification=rect, answer="已整改")
    with pytest.raises(PermissionDenied):
        rectification_accept(actor=principal_a, rectification=rect)


def test_a_deadline_in_the_past_and_a_foreign_subject_are_refused(finding, county_inspector, ent_c):
    with pytest.raises(ValidationFailed) as exc:
        rectification_open(
            actor=county_inspector, finding=finding, due_on=timezone.localdate() - timedelta(days=1)
        )
    assert exc.value.details["reason"] == "rectification.due_past"
    with pytest.raises(NotFound):  # 株洲 is outside a 岳麓区 inspector's jurisdiction
        resolve(county_inspector, "registry.enterprise", ent_c.pk)
    with pytest.raises(NotFound):
        resolve(county_inspector, "nosuch.model", 1)


def test_replayed_creates_write_nothing_twice(county_inspector, subject_a, ledger_count):
    cid = uuid.uuid4()
    first = finding_issue(
        actor=county_inspector, subject=subject_a, severity="critical", title="x", client_id=cid
    )
    rid = uuid.uuid4()
    rect = rectification_open(actor=county_inspector, finding=first, due_on=_due(), client_id=rid)
    before = ledger_count()
    again = finding_issue(
        actor=county_inspector, subject=subject_a, severity="minor", title="y", client_id=cid
    )
    assert again.pk == first.pk and again.title == "x"
    assert (
        rectification_open(actor=county_inspector, finding=first, due_on=_due(), client_id=rid).pk == rect.pk
    )
    assert Finding.objects.count() == 1 and Rectification.objects.count() == 1 and ledger_count() == before


def test_bad_severity_is_a_field_error(county_inspector, subject_a):
    with pytest.raises(ValidationFailed) as exc:
        finding_issue(actor=county_inspector, subject=subject_a, severity="catastrophic", title="x")
    assert exc.value.details["fields"][0]["field"] == "severity"
