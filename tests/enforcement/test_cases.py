"""Enforcement cases (issue 30, point 1): a clue becomes a case under 立案审查 with its 15-working-day limit;
filing starts the 90 days; hearings, testing and notices pause them; a decision after the limit without a
recorded extension or pause is refused with nothing written; an extension needs the head's approval and is
granted once; decisions open the party's payment and the 20-working-day publication; referral to the
police ends the limits; bad input is refused and writes nothing."""

from __future__ import annotations

import pytest

from shouhu.core.errors import NotFound, ServiceError
from shouhu.enforcement import selectors, services
from shouhu.enforcement.models import Case, CreditListEntry

from .conftest import age, decided, filed, row_counts

pytestmark = pytest.mark.django_db


def reason(exc):
    return exc.value.details.get("reason")


def test_a_clue_becomes_a_case_with_the_filing_limit_from_the_clue(world):
    case = services.case_register(actor=world.insp, clue=world.clue.pk, violation="incoming")
    world.clue.refresh_from_db()
    assert world.clue.status == "taken" and case.status == "review" and case.enterprise_id == world.a.pk
    limits = selectors.case_limits(case)
    assert set(limits) == {"filing"}
    o = limits["filing"]
    assert o.unit == "working_days" and o.amount == 15 and "第十八条" in o.citation
    case.refresh_from_db()
    assert case.deadline_kind == "filing" and case.deadline_at == o.due_at
    with pytest.raises(ServiceError) as e:  # the same clue twice
        services.case_register(actor=world.insp, clue=world.clue.pk)
    assert reason(e) == "clue.taken"
    with pytest.raises(NotFound):  # another jurisdiction's inspector
        services.case_register(actor=world.insp_b, clue=world.clue.pk)


def test_filing_starts_the_90_days_and_pauses_move_the_deadline(world):
    case = filed(world)
    o = selectors.case_limits(case)["decision"]
    assert o.amount == 90 and o.unit == "calendar_days" and "第六十四条" in o.citation
    assert selectors.case_limits(case)["filing"].state == "done"
    services.case_notice(actor=world.insp, case=case.pk, facts="未按规定进货查验")
    assert selectors.case_limits(case)["hearing"].owner_role == "principal"
    services.case_clock(
        actor=world.insp, case=case.pk, action="pause", kind="hearing", reason="当事人申请听证"
    )
    case.refresh_from_db()
    assert selectors.case_limits(case)["decision"].paused_since is not None
    # the party asked for the hearing (its 5 working days answered); the decision's clock stands still
    assert selectors.case_limits(case)["hearing"].state == "done"
    assert case.deadline_kind == "decision" and case.paused
    assert selectors.case_list(world.insp, overdue_only=True).filter(pk=case.pk).count() == 0
    with pytest.raises(ServiceError) as e:
        services.case_clock(actor=world.insp, case=case.pk, action="pause", kind="hearing", reason="再次")
    assert reason(e) == "pause.running"
    services.case_clock(actor=world.insp, case=case.pk, action="resume")
    o = selectors.case_limits(case)["decision"]
    assert o.pauses.count() == 1 and o.pauses.first().kind == "hearing" and o.paused_since is None


def test_a_decision_after_the_limit_is_refused_until_an_approved_extension(world):
    case = filed(world)
    age(case, "decision", 100)  # filed 100 days ago: the 90 days are over
    before = row_counts()
    kw = dict(procedure="general", penalties=["fine"], fine_yuan="20000", decision_no="岳市监处罚〔2026〕2号")
    with pytest.raises(ServiceError) as e:
        services.case_decide(actor=world.insp, case=case.pk, **kw)
    assert reason(e) == "deadline.passed" and "延期" in e.value.message_zh
    assert row_counts() == before
    # an extension needs the head (jurisdiction admin) and a written approval
    with pytest.raises(ServiceError):
        services.case_extend(
            actor=world.insp, case=case.pk, limit="decision", reason="案情复杂", approval="x"
        )
    with pytest.raises(ServiceError) as e:
        services.case_extend(
            actor=world.jadm, case=case.pk, limit="decision", reason="案情复杂", approval=" "
        )
    assert reason(e) == "approval.required"
    assert row_counts() == before
    services.case_extend(
        actor=world.jadm, case=case.pk, limit="decision", reason="案情复杂", approval="岳市监批〔2026〕5号"
    )
    o = selectors.case_limits(case)["decision"]
    ext = o.extensions.get()
    assert ext.amount == 30 and ext.approver == world.jadm and "岳市监批" in ext.reason
    with pytest.raises(ServiceError) as e:  # once only
        services.case_extend(actor=world.jadm, case=case.pk, limit="decision", reason="再延", approval="再批")
    assert reason(e) == "extension.limit"
    decided_case = services.case_decide(actor=world.insp, case=case.pk, **kw)
    assert decided_case.status == "decided"


def test_a_paused_clock_keeps_a_late_looking_decision_in_time(world):
    case = filed(world)
    services.case_clock(actor=world.insp, case=case.pk, action="pause", kind="testing", reason="送检")
    import datetime as dt

    from shouhu.workflow.obligations.models import ObligationPause

    age(case, "decision", 100)
    o = selectors.case_limits(case)["decision"]
    # the test began 80 days after filing and is still running: its 20 days are not counted
    ObligationPause.objects.filter(obligation=o).update(started_at=o.starts_at + dt.timedelta(days=80))
    case = services.case_decide(
        actor=world.insp,
        case=case.pk,
        procedure="general",
        penalties=["warning"],
        decision_no="岳市监处罚〔2026〕3号",
    )
    assert case.status == "decided"


def test_decision_opens_payment_and_publication_severe_lists_the_firm(world):
    case = decided(world, penalties=("fine", "suspension"), fine="200000")
    limits = selectors.case_limits(case)
    assert limits["decision"].state == "done" and limits["payment"].owner_role == "principal"
    assert limits["publish"].unit == "working_days" and limits["publish"].amount == 20
    entry = CreditListEntry.objects.get(case=case)
    assert (entry.removal_on - entry.listed_on).days >= 365 * 3 and entry.status == "listed"


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"procedure": "oral"}, "procedure"),
        ({"penalties": []}, "penalties"),
        ({"penalties": ["fine"], "fine_yuan": "0"}, "fine_yuan"),
        ({"penalties": ["warning"], "fine_yuan": "abc"}, "fine_yuan"),
        ({"procedure": "summary", "penalties": ["fine"], "fine_yuan": "5000"}, "procedure"),
        ({"procedure": "summary", "penalties": ["revocation"]}, "procedure"),
        ({"decision_no": " "}, "decision_no"),
    ],
)
def test_bad_decisions_are_refused_and_write_nothing(world, kw, field):
    case = filed(world)
    args = dict(
        procedure="general", penalties=["warning"], fine_yuan="0", decision_no="岳市监处罚〔2026〕9号"
    )
    args.update(kw)
    before = row_counts()
    with pytest.raises(ServiceError) as e:
        services.case_decide(actor=world.insp, case=case.pk, **args)
    assert e.value.details["fields"][0]["field"] == field
    assert row_counts() == before


def test_referral_to_the_police_is_recorded_and_ends_the_limits(world):
    case = filed(world)
    case = services.case_refer(
        actor=world.insp,
        case=case.pk,
        police="长沙市公安局岳麓分局",
        reason="涉嫌生产销售不符合安全标准的食品罪",
    )
    assert case.status == "referred" and case.referred_to == "长沙市公安局岳麓分局"
    assert all(o.state == "done" for o in selectors.case_limits(case).values())
    case.refresh_from_db()
    assert case.deadline_at is None


def test_outsiders_and_enterprises_see_no_case(world):
    case = filed(world)
    with pytest.raises(NotFound):
        selectors.case_get(world.insp_b, case.pk)
    with pytest.raises(ServiceError):
        selectors.case_get(world.principal, case.pk)
    with pytest.raises(NotFound):
        services.case_notice(actor=world.insp_b, case=case.pk, facts="x")
    assert Case.objects.get(pk=case.pk).status == "investigating"


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_evidence_is_stored_by_the_kernel_and_a_non_image_is_refused(world):
    case = filed(world)
    ev = services.case_evidence_add(
        actor=world.insp, case=case.pk, content=_png(), name="现场照片.png", note="原料库无进货查验记录"
    )
    assert (
        ev.evidence.sha256 and ev.evidence.enterprise_id == world.a.pk and ev.note == "原料库无进货查验记录"
    )
    before = row_counts()
    with pytest.raises(ServiceError):
        services.case_evidence_add(
            actor=world.insp, case=case.pk, content=b"MZ\x90\x00", name="x.exe", note="x"
        )
    assert row_counts() == before


def test_clues_from_disposal_and_inspection_sources(world):
    """Kernel clues from any source become cases; a key-item sampling failure defaults to 不符合标准."""
    from shouhu.core import hooks
    from shouhu.inspection.receivers import credit_records
    from shouhu.workflow.publication.services import clue_raise

    clue = clue_raise(
        actor=world.insp,
        source="disposal.key_item_failure",
        subject=world.a,
        citation="《食品安全抽样检验管理办法》",
        summary="批号 B1 关键项目不合格：铅",
    )
    case = services.case_register(actor=world.insp, clue=clue)
    assert case.violation == "substandard" and case.source == "disposal.key_item_failure"
    assert credit_records in hooks._CREDIT_SOURCES  # inspection answers the credit file's question


def test_legal_review_is_a_10_working_day_limit_and_holds_the_decision(world):
    case = filed(world)
    services.case_review(actor=world.insp, case=case.pk, action="send")
    o = selectors.case_limits(case)["review"]
    assert (
        o.unit == "working_days" and o.amount == 10 and o.rule_id == "enforcement.legal-review-working-days"
    )
    before = row_counts()
    with pytest.raises(ServiceError) as e:
        services.case_decide(
            actor=world.insp, case=case.pk, procedure="general", penalties=["warning"], decision_no="岳罚1号"
        )
    assert reason(e) == "case.state" and "法制审核" in e.value.message_zh
    assert row_counts() == before
    services.case_review(
        actor=world.insp, case=case.pk, action="done", note="事实清楚，证据确凿，适用依据正确"
    )
    assert selectors.case_limits(case)["review"].state == "done"
    case = services.case_decide(
        actor=world.insp, case=case.pk, procedure="general", penalties=["warning"], decision_no="岳罚1号"
    )
    assert case.status == "decided"
