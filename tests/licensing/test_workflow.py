"""The licensing state machine through the services: every step audited, bad input changes nothing."""

from __future__ import annotations

import pytest

from shouhu.core import ledger, workdays
from shouhu.core.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from shouhu.licensing import selectors
from shouhu.licensing import services as svc
from shouhu.licensing.models import Application, ItemScore, Verification
from shouhu.registry.models import Licence

from .conftest import (
    PDF,
    fill_application,
    full_trial_report,
    score_all,
    sign_all,
    to_accepted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(principal_a, ent_a):
    a = fill_application(principal_a, ent_a)
    full_trial_report(principal_a, a)
    return a


def test_whole_workflow_issues_a_licence(app, principal_a, city_reviewer, inspectors):
    app = to_accepted(app, principal_a, city_reviewer)
    assert app.status == "accepted"
    assert app.decision_due_on == workdays.add_working_days(app.accepted_on, 10)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    assert ver.due_on == workdays.add_working_days(ver.task_received_on, 5)
    assert ver.items.count() > 30
    score_all(ver, inspectors)
    sign_all(ver, inspectors, principal_a)
    ver = svc.verification_conclude(actor=inspectors[0], verification=ver)
    assert ver.passed is True
    assert ver.verdict["products"]["3001:婴幼儿谷物辅助食品"]["rate"] == 1.0
    licence = svc.application_approve(
        actor=city_reviewer, application=app, issuing_authority="长沙市市场监督管理局"
    )
    app.refresh_from_db()
    assert app.status == "approved" and app.licence == licence
    assert licence.number.startswith("SC130430104") and len(licence.number) == 16
    assert (licence.expires_on - licence.issued_on).days in (1825, 1826)
    assert [(i.category, i.variety) for i in licence.items.all()] == [("3001", "婴幼儿谷物辅助食品")]
    actions = [e.action for e in ledger.history(app)]
    assert actions[0] == "licensing.application.create"
    assert "licensing.application.approve" in actions and "licensing.application.accept" in actions


def test_return_and_resubmit(app, principal_a, city_reviewer):
    svc.application_submit(actor=principal_a, application=app)
    svc.review_start(actor=city_reviewer, application=app)
    svc.review_mark(actor=city_reviewer, application=app, item_id="site_plan", ok=False, note="平面图不清晰")
    with pytest.raises(ServiceError):
        svc.review_accept(actor=city_reviewer, application=app)
    svc.review_return(actor=city_reviewer, application=app, reasons="厂区平面图不清晰，请重新提交")
    app.refresh_from_db()
    assert app.status == "returned"
    svc.document_upload(actor=principal_a, application=app, kind="site_plan", title="新平面图", content=PDF)
    svc.application_submit(actor=principal_a, application=app)
    review = svc.review_start(actor=city_reviewer, application=app)
    assert review.round == 2


def test_missing_document_cannot_be_marked_complete(principal_a, ent_a, city_reviewer):
    app = fill_application(principal_a, ent_a, documents=False)
    svc.application_submit(actor=principal_a, application=app)
    review = svc.review_start(actor=city_reviewer, application=app)
    missing = [i for i in review.items if not i["present"]]
    assert {i["id"] for i in missing} >= {"site_plan", "trial_report"}
    assert all("细则" in i["citation"] for i in review.items)
    with pytest.raises(ValidationFailed):
        svc.review_mark(actor=city_reviewer, application=app, item_id="site_plan", ok=True)


def test_enterprise_cannot_review_and_other_enterprise_cannot_see(app, principal_a, officer_b):
    svc.application_submit(actor=principal_a, application=app)
    with pytest.raises(PermissionDenied):
        svc.review_start(actor=principal_a, application=app)
    with pytest.raises((NotFound, PermissionDenied)):
        svc.application_update(actor=officer_b, application=app, changes={"zoning_plan": "x"})


def test_regulator_outside_jurisdiction_sees_nothing(app, principal_a, db):
    import factories as t

    from shouhu.core.roles import Role

    zhuzhou = t.make_user(Role.REVIEWER, division_code=t.OTHER_CITY)
    svc.application_submit(actor=principal_a, application=app)
    with pytest.raises(NotFound):
        svc.review_start(actor=zhuzhou, application=app)


def test_submitted_application_is_frozen(app, principal_a):
    svc.application_submit(actor=principal_a, application=app)
    before = app.equipment.count()
    with pytest.raises(ServiceError):
        svc.equipment_add(actor=principal_a, application=app, kind="oven", name="烤炉")
    assert app.equipment.count() == before


def _verification(app, principal_a, city_reviewer, inspectors):
    to_accepted(app, principal_a, city_reviewer)
    return svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)


def test_scoring_twice_is_refused(app, principal_a, city_reviewer, inspectors):
    ver = _verification(app, principal_a, city_reviewer, inspectors)
    item = ver.items.first()
    svc.item_score(actor=inspectors[0], item=item, result="符合")
    entries = ledger.history(ItemScore.objects.get(item=item)).count()
    with pytest.raises(ServiceError) as exc:
        svc.item_score(actor=inspectors[0], item=item, result="不符合", note="再评")
    assert "重复" in exc.value.message
    assert list(item.scores.values_list("result", flat=True)) == ["符合"]
    assert entries == 1


def test_verdict_with_unscored_items_is_refused(app, principal_a, city_reviewer, inspectors):
    ver = _verification(app, principal_a, city_reviewer, inspectors)
    score_all(ver, inspectors[:1])  # only one inspector scored
    sign_all(ver, inspectors, principal_a)
    with pytest.raises(ServiceError) as exc:
        svc.verification_conclude(actor=inspectors[0], verification=ver)
    assert exc.value.details["reason"] == "unscored_items"
    ver.refresh_from_db()
    assert ver.state == "open" and ver.passed is None
    assert Application.objects.get(pk=app.pk).status == "verification"


def test_non_member_inspector_cannot_score(app, principal_a, city_reviewer, inspectors, county_inspector):
    ver = _verification(app, principal_a, city_reviewer, inspectors)
    with pytest.raises(PermissionDenied):
        svc.item_score(actor=county_inspector, item=ver.items.first(), result="符合")


def test_too_few_inspectors(app, principal_a, city_reviewer, inspectors):
    to_accepted(app, principal_a, city_reviewer)
    with pytest.raises(ValidationFailed) as exc:
        svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors[:1])
    assert "通则" in exc.value.details["fields"][0]["citation"]
    assert Application.objects.get(pk=app.pk).status == "accepted"


def test_failed_verification_cannot_be_approved_and_is_rejected_with_citations(
    app, principal_a, city_reviewer, inspectors
):
    ver = _verification(app, principal_a, city_reviewer, inspectors)
    items = list(ver.items.all())
    for insp in inspectors:
        for i, item in enumerate(items):
            svc.item_score(
                actor=insp, item=item, result="不符合" if i == 0 else "符合", note="问题" if i == 0 else ""
            )
    for insp in inspectors:
        svc.verification_sign(actor=insp, verification=ver)
    svc.verification_applicant_sign(
        actor=inspectors[0], verification=ver, refused=True, note="负责人拒绝签字"
    )
    ver = svc.verification_conclude(actor=inspectors[1], verification=ver)
    assert ver.passed is False and ver.applicant_refused
    with pytest.raises(ServiceError):
        svc.application_approve(actor=city_reviewer, application=app, issuing_authority="x")
    assert Licence.objects.count() == 0
    reasons = selectors.verdict_reasons(Application.objects.get(pk=app.pk))
    assert reasons and reasons[0]["rule_id"] == items[0].rule_id
    app = svc.application_reject(actor=city_reviewer, application=app, reasons=reasons)
    assert app.status == "rejected"
    assert all("《" in r["citation"] for r in app.decision_reasons)


def test_approval_before_verification_is_refused(app, principal_a, city_reviewer):
    to_accepted(app, principal_a, city_reviewer)
    with pytest.raises(ServiceError):
        svc.application_approve(actor=city_reviewer, application=app, issuing_authority="x")
    assert Application.objects.get(pk=app.pk).status == "accepted"


def test_rejection_needs_known_citations(app, principal_a, city_reviewer):
    to_accepted(app, principal_a, city_reviewer)
    with pytest.raises(ValidationFailed):
        svc.application_reject(
            actor=city_reviewer, application=app, reasons=[{"rule_id": "no.such", "text": "x"}]
        )
    with pytest.raises(ValidationFailed):
        svc.application_reject(actor=city_reviewer, application=app, reasons=[])
    assert Application.objects.get(pk=app.pk).status == "accepted"


def test_not_applicable_items_need_a_reason_and_leave_the_score(app, principal_a, city_reviewer, inspectors):
    ver = _verification(app, principal_a, city_reviewer, inspectors)
    item = ver.items.last()
    with pytest.raises(ValidationFailed):
        svc.item_not_applicable(actor=inspectors[0], item=item, reason=" ")
    svc.item_not_applicable(actor=inspectors[0], item=item, reason="本企业不采用该工艺")
    score_all(ver, inspectors)
    sign_all(ver, inspectors, principal_a)
    ver = svc.verification_conclude(actor=inspectors[0], verification=ver)
    v = ver.verdict["products"]["3001:婴幼儿谷物辅助食品"]
    applicable = ver.items.filter(not_applicable=False)
    expected_max = sum(1 if i.part == "trial_report" else 3 for i in applicable)
    assert v["not_applicable"] == 1 and v["maximum"] == expected_max == v["score"]
    assert Verification.objects.get(pk=ver.pk).state == "concluded"


def test_batch_scoring_is_all_or_nothing(app, principal_a, city_reviewer, inspectors):
    ver = _verification(app, principal_a, city_reviewer, inspectors)
    a, b, c = list(ver.items.all()[:3])
    svc.items_score(actor=inspectors[0], verification=ver, scores={a.pk: ("符合", "")})
    before = ItemScore.objects.count()
    with pytest.raises(ServiceError):  # a is already scored by this inspector
        svc.items_score(
            actor=inspectors[0], verification=ver, scores={b.pk: ("符合", ""), a.pk: ("符合", "")}
        )
    with pytest.raises(ValidationFailed):  # a finding without a note
        svc.items_score(
            actor=inspectors[0], verification=ver, scores={b.pk: ("不符合", ""), c.pk: ("符合", "")}
        )
    with pytest.raises(ValidationFailed):  # unknown result
        svc.items_score(actor=inspectors[0], verification=ver, scores={b.pk: ("很好", "")})
    assert ItemScore.objects.count() == before
    entry = ledger.history(ver).filter(action="licensing.items.score").get()
    assert entry.after["scores"][0]["rule_id"] == a.rule_id


def test_decision_deadline_extends_once_by_the_rule(app, principal_a, city_reviewer):
    app = to_accepted(app, principal_a, city_reviewer)
    due = app.decision_due_on
    with pytest.raises(ValidationFailed):
        svc.decision_extend(actor=city_reviewer, application=app, reason=" ")
    with pytest.raises(PermissionDenied):
        svc.decision_extend(actor=principal_a, application=app, reason="企业请求")
    app = svc.decision_extend(actor=city_reviewer, application=app, reason="经局长批准延长")
    assert app.decision_due_on == workdays.add_working_days(due, 5)
    with pytest.raises(ServiceError):
        svc.decision_extend(actor=city_reviewer, application=app, reason="再次延长")
