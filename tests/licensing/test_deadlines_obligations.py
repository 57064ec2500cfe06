"""Issue 11.3: licensing's deadlines are kernel obligations — the decision limit, the on-site verification
limit and a rectification's deadline are opened, extended and completed by the services that set them."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from shouhu.core.errors import ValidationFailed
from shouhu.licensing import services as svc
from shouhu.licensing.models import Rectification
from shouhu.licensing.services import deadlines
from shouhu.workflow.obligations.models import Obligation

from .conftest import PNG, fill_application, full_trial_report, score_all, sign_all, to_accepted

pytestmark = pytest.mark.django_db


def _duty(subject, kind):
    return Obligation.objects.get(kind=kind, subject_id=str(subject.pk))


def _day(moment):
    return timezone.localtime(moment).date()


def test_the_decision_limit_is_the_office_s_obligation_extended_once_and_done_at_the_decision(
    principal_a, ent_a, city_reviewer, inspectors
):
    app = fill_application(principal_a, ent_a)
    full_trial_report(principal_a, app)
    app = to_accepted(app, principal_a, city_reviewer)
    duty = _duty(app, deadlines.DECISION)
    assert duty.status == "open" and duty.owner_kind == "office"
    assert duty.owner_division == city_reviewer.division_code and duty.enterprise_id == ent_a.pk
    assert _day(duty.due_at) == app.decision_due_on and duty.rule_id == "decision.deadline-working-days"
    assert duty.unit == "working_days" and duty.citation.startswith("《")
    with pytest.raises(ValidationFailed):  # bad input: nothing extended
        svc.decision_extend(actor=city_reviewer, application=app, reason=" ")
    assert _duty(app, deadlines.DECISION).extensions.count() == 0
    app = svc.decision_extend(actor=city_reviewer, application=app, reason="经局长批准延长")
    duty = _duty(app, deadlines.DECISION)
    assert _day(duty.due_at) == app.decision_due_on and duty.extensions.count() == 1
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    vduty = _duty(ver, deadlines.VERIFICATION)
    assert vduty.status == "open" and _day(vduty.due_at) == ver.due_on
    assert vduty.rule_id == "verification.deadline-working-days"
    score_all(ver, inspectors)
    sign_all(ver, inspectors, principal_a)
    svc.verification_conclude(actor=inspectors[0], verification=ver)
    assert _duty(ver, deadlines.VERIFICATION).status == "done"
    assert _duty(app, deadlines.DECISION).status == "open"
    svc.application_approve(actor=city_reviewer, application=app, issuing_authority="湖南省市场监督管理局")
    assert _duty(app, deadlines.DECISION).status == "done"


def test_a_rectification_deadline_is_the_enterprise_s_obligation_done_when_accepted(
    principal_a, ent_a, city_reviewer, inspectors
):
    app = fill_application(principal_a, ent_a)
    full_trial_report(principal_a, app)
    to_accepted(app, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    score_all(ver, inspectors, result="基本符合")
    sign_all(ver, inspectors, principal_a)
    svc.verification_conclude(actor=inspectors[0], verification=ver, rectification_due_on=date(2026, 12, 31))
    rec = Rectification.objects.order_by("pk").first()
    duty = _duty(rec, deadlines.RECTIFICATION)
    assert duty.owner_kind == "role" and duty.owner_role == "principal" and duty.enterprise_id == ent_a.pk
    assert _day(duty.due_at) == rec.due_on == date(2026, 12, 31) and duty.rule_id == rec.item.rule_id
    svc.rectification_submit(actor=principal_a, rectification=rec, note="已整改", evidence=PNG)
    svc.rectification_close(actor=inspectors[0], rectification=rec, accepted=False, note="不清晰")
    assert _duty(rec, deadlines.RECTIFICATION).status == "open"  # sent back: still owed
    svc.rectification_submit(actor=principal_a, rectification=rec, note="重新提交", evidence=PNG)
    svc.rectification_close(actor=inspectors[0], rectification=rec, accepted=True, note="整改到位")
    assert _duty(rec, deadlines.RECTIFICATION).status == "done"
