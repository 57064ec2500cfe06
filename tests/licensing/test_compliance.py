"""Continuing compliance: re-verification with the same checklist, rectification closure, change detection."""

from __future__ import annotations

from datetime import date

import pytest

from shouhu.core.errors import PermissionDenied, ServiceError, ValidationFailed
from shouhu.licensing import selectors
from shouhu.licensing import services as svc
from shouhu.licensing.models import Rectification

from .conftest import PNG, fill_application, full_trial_report, score_all, sign_all, to_accepted

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensed(principal_a, ent_a, city_reviewer, inspectors):
    app = fill_application(principal_a, ent_a)
    full_trial_report(principal_a, app)
    to_accepted(app, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    score_all(ver, inspectors)
    sign_all(ver, inspectors, principal_a)
    svc.verification_conclude(actor=inspectors[0], verification=ver)
    licence = svc.application_approve(
        actor=city_reviewer, application=app, issuing_authority="湖南省市场监督管理局"
    )
    return app, ver, licence


def test_reverification_uses_the_same_checklist_and_findings_become_rectifications(
    licensed, principal_a, city_reviewer, inspectors
):
    _app, first, licence = licensed
    again = svc.reverification_start(actor=city_reviewer, licence=licence, inspectors=inspectors)
    assert again.purpose == "reverification" and again.licence == licence
    assert list(again.items.values_list("rule_id", flat=True)) == list(
        first.items.values_list("rule_id", flat=True)
    )
    items = list(again.items.all())
    for insp in inspectors:
        for i, it in enumerate(items):
            result = "基本符合" if i == 2 else "符合"
            svc.item_score(actor=insp, item=it, result=result, note="清洁记录不全" if i == 2 else "")
    sign_all(again, inspectors, principal_a)
    with pytest.raises(ValidationFailed):  # findings need a deadline
        svc.verification_conclude(actor=inspectors[0], verification=again)
    svc.verification_conclude(
        actor=inspectors[0], verification=again, rectification_due_on=date(2026, 12, 31)
    )
    rec = Rectification.objects.get()
    assert rec.item == items[2] and "清洁记录不全" in rec.finding and rec.citation.startswith("《")
    # closure loop: the enterprise submits evidence, the regulator accepts
    with pytest.raises(ServiceError):
        svc.rectification_close(actor=inspectors[0], rectification=rec, accepted=True, note="提前验收")
    with pytest.raises(PermissionDenied):
        svc.rectification_submit(actor=city_reviewer, rectification=rec, note="代为提交")
    svc.rectification_submit(actor=principal_a, rectification=rec, note="已补全清洁记录", evidence=PNG)
    svc.rectification_close(actor=inspectors[0], rectification=rec, accepted=False, note="证据不清晰")
    assert Rectification.objects.get().state == "open"
    svc.rectification_submit(actor=principal_a, rectification=rec, note="重新提交记录照片", evidence=PNG)
    rec = svc.rectification_close(actor=inspectors[0], rectification=rec, accepted=True, note="整改到位")
    assert rec.state == "closed" and rec.closed_at
    assert selectors.rectification_list(principal_a).count() == 1


def test_undeclared_change_is_shown_to_the_regulator_not_when_a_change_is_pending(
    licensed, principal_a, ent_a, city_reviewer, officer_b
):
    app, _, licence = licensed
    svc.conditions_record(
        actor=principal_a,
        licence=licence,
        site_address=app.site_address,
        processes=["extrusion"],
        equipment=selectors.application_facts(app)["equipment"],
    )
    assert selectors.change_list(city_reviewer) == []
    facts = selectors.application_facts(app)
    facts["equipment"][0]["capacity_kg_h"] = "250.00"
    svc.conditions_record(
        actor=principal_a,
        licence=licence,
        site_address=app.site_address,
        processes=["extrusion", "drum_drying"],
        equipment=facts["equipment"],
    )
    found = selectors.change_list(city_reviewer)
    assert len(found) == 1 and found[0]["licence"] == licence
    messages = [d["message"] for d in found[0]["differences"]]
    assert "新增工艺 drum_drying" in messages and any("设计能力" in m for m in messages)
    assert selectors.change_list(officer_b) == []
    # a change application in progress: no longer "without a change application"
    change = svc.application_create(
        actor=principal_a,
        enterprise=ent_a,
        kind="change",
        licence=licence,
        site_address=app.site_address,
        site_division_code=app.site_division_code,
        change_description="新增滚筒干燥工艺",
    )
    svc.product_add(
        actor=principal_a,
        application=change,
        category="3001",
        variety="婴幼儿谷物辅助食品",
        processes=["drum_drying"],
    )
    svc.application_submit(actor=principal_a, application=change)
    assert selectors.change_list(city_reviewer) == []


def test_renewal_extends_the_same_licence_an_open_disposal_blocks_it_unless_overridden(
    licensed, principal_a, ent_a, city_reviewer, inspectors, monkeypatch
):
    from shouhu.core import hooks
    from shouhu.core.models import AuditEntry

    _app, _, licence = licensed
    renewal = fill_application(principal_a, ent_a, kind="renewal", licence=licence)
    to_accepted(renewal, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=renewal, inspectors=inspectors)
    score_all(ver, inspectors)
    sign_all(ver, inspectors, principal_a)
    svc.verification_conclude(actor=inspectors[0], verification=ver)
    # 2026 plan item 2: an open 核查处置 (any registered blocker) stops the renewal …
    case = {
        "title": "核查处置 HZ-1：米粉 批号 B1（铅 0.35 mg/kg）",
        "url": "/disposal/1/",
        "reason": "未办结",
    }
    monkeypatch.setattr(hooks, "_LICENCE_BLOCKERS", [lambda eid: [case] if eid == ent_a.pk else []])
    assert selectors.decision_blockers(renewal) == [case]
    with pytest.raises(ServiceError) as exc:
        svc.application_approve(
            actor=city_reviewer, application=renewal, issuing_authority="湖南省市场监督管理局"
        )
    assert exc.value.details["reason"] == "decision.disposal_open" and "HZ-1" in exc.value.message_zh
    renewal.refresh_from_db()
    assert renewal.status == "verified_pass"
    # … unless the reviewer overrides it in writing, which the ledger keeps
    same = svc.application_approve(
        actor=city_reviewer,
        application=renewal,
        issuing_authority="湖南省市场监督管理局",
        override_reason="复检合格报告已提交，待系统更新",
    )
    assert same.pk == licence.pk and same.number == licence.number
    entry = AuditEntry.objects.filter(action="licensing.application.approve", object_id=str(renewal.pk)).get()
    assert "复检合格报告已提交" in entry.reason


def test_change_adding_a_category_needs_its_trial_report(
    licensed, principal_a, ent_a, city_reviewer, inspectors
):
    _, _, licence = licensed
    canned = {
        "category": "3002",
        "variety": "泥（糊）状罐装食品",
        "processes": ["retort_sterilization"],
        "attributes": {},
    }
    change = fill_application(principal_a, ent_a, kind="change", licence=licence, products=(canned,))
    assert [p.key for p in selectors.trial_required_products(change)] == ["3002:泥（糊）状罐装食品"]
    to_accepted(change, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=change, inspectors=inspectors)
    score_all(ver, inspectors)
    sign_all(ver, inspectors, principal_a)
    svc.verification_conclude(actor=inspectors[0], verification=ver)
    with pytest.raises(ServiceError) as exc:
        svc.application_approve(
            actor=city_reviewer, application=change, issuing_authority="湖南省市场监督管理局"
        )
    missing = exc.value.details["products"]["3002:泥（糊）状罐装食品"]["missing"]
    assert missing and all(m["citation"].startswith("《") for m in missing)
    assert licence.items.count() == 1
