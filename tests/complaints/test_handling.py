"""Handling within the deadlines: accept, mediate, forward and answer; verify, decide, tell; rewards."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from apitest import row_counts
from django.utils import timezone

from shouhu.complaints import selectors, services
from shouhu.complaints.models import Outcome, RewardStatus, Status
from shouhu.core.errors import NotFound, PermissionDenied, ServiceError
from shouhu.production.models import Record
from shouhu.workflow.obligations.models import Obligation
from shouhu.workflow.publication.models import Clue

from .conftest import complaint

pytestmark = pytest.mark.django_db


def _file(ent, **over):
    return services.submission_file(data=complaint(ent, **over)).submission


def _open(s, kind):
    return Obligation.objects.get(subject_id=str(s.pk), kind=kind)


def test_a_complaint_accepted_forwarded_answered_and_mediated(ent, county, principal):
    s = _file(ent)
    s = services.submission_act(actor=county, submission=s, action="accept", note="符合受理条件")
    assert s.status == Status.ACCEPTED
    assert _open(s, "complaints.acceptance").status == "done"
    mediation = _open(s, "complaints.mediation")
    assert (mediation.amount, mediation.rule_id) == (45, "complaints.mediation-working-days")
    # the enterprise sees nothing until it is forwarded
    assert not selectors.submission_list(principal).exists()
    s = services.submission_act(actor=county, submission=s, action="forward", note="请企业先行处理")
    assert list(selectors.submission_list(principal)) == [s]
    services.submission_answer(actor=principal, submission=s, answer="已为消费者退货并检测留样")
    record = Record.objects.get(enterprise=ent, number=5)
    assert record.data["处理情况"] == "已为消费者退货并检测留样" and record.data["客户姓名"] == "王女士"
    s = services.submission_act(
        actor=county, submission=s, action="mediate", outcome=Outcome.AGREED, note="双方达成退一赔十协议"
    )
    assert s.status == Status.CLOSED and mediation.__class__.objects.get(pk=mediation.pk).status == "done"
    labels = [st.label for st in selectors.timeline(s, public_only=True)]
    assert labels == ["提交", "受理", "转企业处理", "企业答复", "调解达成协议"]


def test_a_decision_past_its_deadline_needs_a_recorded_extension(ent, county):
    s = _file(ent)
    Obligation.objects.filter(subject_id=str(s.pk)).update(due_at=timezone.now() - timedelta(days=1))
    before = row_counts()
    with pytest.raises(ServiceError) as exc:
        services.submission_act(actor=county, submission=s, action="accept")
    assert exc.value.status == 409 and exc.value.details["reason"] == "complaints.deadline_passed"
    assert row_counts() == before
    services.submission_clock(actor=county, submission=s, action="extend", amount=3, reason="投诉人补充材料")
    assert services.submission_act(actor=county, submission=s, action="accept").status == Status.ACCEPTED


def test_mediation_pauses_for_testing(ent, county):
    s = services.submission_act(actor=county, submission=_file(ent), action="accept")
    o = services.submission_clock(
        actor=county, submission=s, action="pause", kind="testing", reason="送检留样"
    )
    assert o.paused_since is not None and not o.is_overdue
    o = services.submission_clock(actor=county, submission=s, action="resume")
    assert o.paused_since is None


def test_a_decision_the_state_does_not_allow_is_refused(ent, county):
    s = _file(ent)
    before = row_counts()
    for action in ("mediate", "verify", "tell"):
        with pytest.raises(ServiceError) as exc:
            services.submission_act(actor=county, submission=s, action=action, note="x", outcome="agreed")
        assert exc.value.status == 409
    assert row_counts() == before


def test_outsiders_and_enterprises_cannot_handle(ent, other_county, principal):
    s = _file(ent)
    with pytest.raises(NotFound):
        services.submission_act(actor=other_county, submission=s, action="accept")
    with pytest.raises(PermissionDenied):
        services.submission_act(actor=principal, submission=s, action="accept")


def test_a_time_barred_complaint_cannot_be_accepted(ent, county):
    s = _file(ent, occurred_on=timezone.localdate() - timedelta(days=3 * 366 + 2))
    with pytest.raises(ServiceError) as exc:
        services.submission_act(actor=county, submission=s, action="accept")
    assert exc.value.details["reason"] == "complaints.time_barred"
    assert services.submission_act(actor=county, submission=s, action="decline", note="超过三年").status == (
        Status.NOT_ACCEPTED
    )


def test_a_named_report_becomes_a_case_clue_its_reporter_is_told_and_rewarded(ent, county, county_admin):
    s = _file(ent, kind="report", description="该企业使用过期原料", consent_forward=False)
    s = services.submission_act(actor=county, submission=s, action="accept")
    assert not Obligation.objects.filter(subject_id=str(s.pk), kind="complaints.mediation").exists()
    s = services.submission_act(actor=county, submission=s, action="verify", note="现场发现过期原料3袋")
    s = services.submission_act(
        actor=county, submission=s, action="decide", case_opened=True, note="已立案调查"
    )
    clue = Clue.objects.get(pk=s.clue_id)
    assert clue.division_code == s.division_code and clue.source == "complaints.report"
    notice = _open(s, "complaints.notice")
    assert (notice.amount, notice.unit) == (5, "working_days")
    # the verification is the regulator's; the reporter reads the decision
    public = [(st.label, st.note) for st in selectors.timeline(s, public_only=True)]
    assert ("核查", "") not in public and ("决定立案", "已立案调查") in public
    s = services.submission_act(actor=county, submission=s, action="tell", note="已立案，处理结果将另行告知")
    assert s.status == Status.CLOSED and s.told_at is not None
    reward = services.reward_propose(
        actor=county, submission=s, level=2, fines="200000", penalty_ref="岳市监罚〔2026〕12号"
    )
    assert reward.amount == Decimal("6000.00") and "4号" in reward.basis
    with pytest.raises(PermissionDenied):
        services.reward_act(actor=county, reward=reward, action="approve")
    reward = services.reward_act(actor=county_admin, reward=reward, action="approve")
    with pytest.raises(ServiceError):
        services.reward_act(actor=county_admin, reward=reward, action="pay", payment_ref="")
    reward = services.reward_act(actor=county_admin, reward=reward, action="pay", payment_ref="PZ-001")
    assert reward.status == RewardStatus.PAID


def test_an_anonymous_report_is_closed_without_notice_and_earns_no_reward(ent, county):
    s = _file(ent, kind="report", anonymous=True)
    for action, extra in (
        ("accept", {}),
        ("verify", {"note": "未发现"}),
        ("decide", {"case_opened": False, "note": "不予立案"}),
    ):
        s = services.submission_act(actor=county, submission=s, action=action, **extra)
    assert not Obligation.objects.filter(subject_id=str(s.pk), kind="complaints.notice").exists()
    with pytest.raises(ServiceError):
        services.submission_act(actor=county, submission=s, action="tell", note="x")
    assert services.submission_act(actor=county, submission=s, action="close").status == Status.CLOSED
    with pytest.raises(ServiceError) as exc:
        services.reward_propose(actor=county, submission=s, level=1, fines="1", penalty_ref="x")
    assert exc.value.details["reason"] == "complaints.reward_not_eligible"


@pytest.mark.parametrize(
    ("level", "fines", "amount"),
    [
        (1, "10000", "5000.00"),
        (1, "1000000", "50000.00"),
        (3, "50000", "1000.00"),
        (1, "100000000", "1000000"),
    ],
)
def test_reward_amounts_follow_the_rule_data(level, fines, amount):
    assert services.reward_amount(level, Decimal(fines)) == Decimal(amount)


def test_a_report_found_true_is_a_risk_fact_of_its_enterprise(ent, county):
    from shouhu.risk.signals import SOURCES

    s = _file(ent, kind="report", anonymous=True)
    for action, extra in (
        ("accept", {}),
        ("verify", {"note": "属实"}),
        ("decide", {"case_opened": True, "note": "立案"}),
    ):
        s = services.submission_act(actor=county, submission=s, action=action, **extra)
    facts = SOURCES["complaints.upheld"].fn([ent.pk], timezone.localdate())
    assert facts[ent.pk][0].key == "complaints_upheld" and facts[ent.pk][0].value == 1
