"""核查处置 (issue 28): a failure opens the case, serving starts the producer's duties and windows, 复检 and
异议 stop the clocks and end or continue the case, recall runs through trace, closing needs every duty done,
and an open case blocks a licence renewal. Bad input is refused with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from shouhu.core import hooks
from shouhu.core.errors import NotFound, ServiceError
from shouhu.disposal import selectors, services
from shouhu.disposal.models import Case
from shouhu.sampling.services import ResultRow
from shouhu.trace.models import Recall

from .conftest import fail, row_counts, ship

pytestmark = pytest.mark.django_db


def states(case):
    return {code: o.state for code, o in selectors.case_duties(case).items()}


def reason(exc):
    return exc.value.details.get("reason")


def test_a_pass_opens_no_case_a_failure_opens_one_with_the_office_deadlines(world):
    case = fail(world)
    assert case is not None and case.enterprise_id == world.a.pk and case.status == "open"
    assert case.failed_items == ["铅 0.35 mg/kg"] and not case.microbiological and not case.on_market
    duties = selectors.case_duties(case)
    assert set(duties) == {"serve", "close"}
    assert duties["serve"].rule_id == "disposal.serve-working-days" and duties["serve"].unit == "working_days"
    assert duties["close"].amount == 90 and "抽样检验管理办法" in duties["close"].citation
    # results entered again for the same sample do not open a second case
    fail(world, [ResultRow("铅", "0.40", "mg/kg")])
    assert Case.objects.filter(sample=world.sample).count() == 1


def test_serving_starts_the_producers_duties_recall_only_when_on_the_market(world):
    ship(world)
    case = fail(world)
    assert case.on_market
    services.case_serve(actor=world.insp, case=case.pk)
    duties = selectors.case_duties(case)
    assert {"seal", "stop", "notify", "recall", "cause"} <= set(duties) and duties["serve"].state == "done"
    assert duties["seal"].unit == "hours" and duties["seal"].owner_role == "director"
    assert duties["recall"].rule_id == "recall.level-2" and duties["recall"].amount == 48
    with pytest.raises(ServiceError) as e:  # served once
        services.case_serve(actor=world.insp, case=case.pk)
    assert reason(e) == "case.state"


def test_recall_runs_trace_recall_on_the_batch_another_enterprises_batch_is_refused(world):
    ship(world)
    case = fail(world)
    services.case_serve(actor=world.insp, case=case.pk)
    before = row_counts()
    with pytest.raises(ServiceError) as e:
        services.case_recall(actor=world.principal, case=case.pk, batch_id=world.other_batch.pk)
    assert reason(e) == "recall.other_enterprise" and row_counts() == before
    case = services.case_recall(actor=world.principal, case=case.pk)
    recall = Recall.objects.get(pk=case.recall_id)
    assert recall.origin_batch_id == world.batch.pk and recall.items.filter(customer_name="经销商甲").exists()
    assert states(case)["recall"] == "done"
    for duty in ("seal", "stop", "notify"):
        services.duty_complete(actor=world.principal, case=case.pk, duty=duty, note="已完成")
    services.duty_complete(
        actor=world.principal, case=case.pk, duty="cause", cause="原料", rectification="换供应商"
    )
    with pytest.raises(ServiceError) as e:  # the recall is still running
        services.case_close(actor=world.insp, case=case.pk, note="已核查")
    assert reason(e) == "duty.open" and recall.number in e.value.message_zh


def test_retest_in_time_pauses_the_report_and_closing_passing_ends_the_case(world):
    case = fail(world)
    services.case_serve(actor=world.insp, case=case.pk)
    before = row_counts()
    with pytest.raises(ServiceError) as e:  # at the same lab
        services.request_file(
            actor=world.principal, case=case.pk, kind="retest", reason="复检", lab_name=world.sample.lab_name
        )
    assert reason(e) == "retest.same_lab" and row_counts() == before
    req = services.request_file(
        actor=world.principal,
        case=case.pk,
        kind="retest",
        reason="对铅含量有异议",
        lab_name="长沙市食品药品检验所",
    )
    duties = selectors.case_duties(case)
    assert duties["cause"].paused_since and duties["close"].paused_since and not duties["seal"].paused_since
    assert duties["retest"].owner_party == "长沙市食品药品检验所" and duties["retest"].amount == 10
    case.refresh_from_db()
    assert case.status == "contested"
    services.request_decide(actor=world.insp, case=case.pk, upheld=True, note="复检合格", report_no="FJ-1")
    case.refresh_from_db()
    req.refresh_from_db()
    assert case.status == "ended" and req.outcome == "retest_pass"
    assert set(states(case).values()) == {"done"}
    assert hooks.licence_blockers(world.a.pk) == []


def test_retest_fails_the_case_goes_on_with_the_clocks_running_again(world):
    case = fail(world)
    services.case_serve(actor=world.insp, case=case.pk)
    services.request_file(
        actor=world.principal, case=case.pk, kind="retest", reason="复检", lab_name="另一机构"
    )
    services.request_decide(
        actor=world.insp, case=case.pk, upheld=False, note="复检仍不合格", report_no="FJ-2"
    )
    case.refresh_from_db()
    duties = selectors.case_duties(case)
    assert case.status == "open" and duties["cause"].paused_since is None and duties["cause"].is_running
    with pytest.raises(ServiceError) as e:  # the re-test lab's result is final
        services.request_file(
            actor=world.principal, case=case.pk, kind="retest", reason="再复检", lab_name="第三机构"
        )
    assert reason(e) == "retest.final"


def test_retest_late_or_for_a_microbiological_failure_is_refused_nothing_written(world):
    case = fail(world, [ResultRow("大肠菌群", "5,5,5,5,150", "CFU/g")])
    assert case.microbiological
    services.case_serve(actor=world.insp, case=case.pk)
    before = row_counts()
    with pytest.raises(ServiceError) as e:
        services.request_file(
            actor=world.principal, case=case.pk, kind="retest", reason="复检", lab_name="另一机构"
        )
    assert (
        reason(e) == "retest.microbiological" and "不予复检" in e.value.message_zh and row_counts() == before
    )
    case.refresh_from_db()
    Case.objects.filter(pk=case.pk).update(served_at=case.served_at - dt.timedelta(days=30))
    with pytest.raises(ServiceError) as e:  # an objection stays possible, but not after its window
        services.request_file(actor=world.principal, case=case.pk, kind="objection", reason="抽样程序有误")
    assert reason(e) == "request.window_closed" and "已超过申请期限" in e.value.message_zh
    assert row_counts() == before


def test_objection_upheld_ends_rejected_continues(world):
    case = fail(world)
    with pytest.raises(ServiceError) as e:  # no window runs before the result is served
        services.request_file(actor=world.principal, case=case.pk, kind="objection", reason="样品封签破损")
    assert reason(e) == "case.not_served"
    services.case_serve(actor=world.insp, case=case.pk)
    services.request_file(actor=world.principal, case=case.pk, kind="objection", reason="样品封签破损")
    assert selectors.case_duties(case)["objection"].amount == 20
    services.request_decide(actor=world.insp, case=case.pk, upheld=False, note="封签完好")
    case.refresh_from_db()
    assert case.status == "open"
    Case.objects.filter(pk=case.pk).update(served_at=case.served_at - dt.timedelta(days=20))
    before = row_counts()
    with pytest.raises(ServiceError) as e:  # 7 working days after service have passed
        services.request_file(
            actor=world.principal, case=case.pk, kind="retest", reason="复检", lab_name="另一机构"
        )
    assert reason(e) == "request.window_closed" and row_counts() == before


def test_closing_needs_every_duty_and_then_unblocks_the_licence(world):
    case = fail(world)
    assert [b["url"] for b in hooks.licence_blockers(world.a.pk)] == [f"/disposal/{case.pk}/"]
    services.case_serve(actor=world.insp, case=case.pk)
    before = row_counts()
    with pytest.raises(ServiceError) as e:
        services.case_close(actor=world.insp, case=case.pk, note="已核查")
    assert reason(e) == "duty.open" and "封存库存" in e.value.message_zh and row_counts() == before
    for duty in ("seal", "stop", "notify"):
        services.duty_complete(actor=world.principal, case=case.pk, duty=duty, note="已完成")
    with pytest.raises(ServiceError) as e:  # the cause report needs both texts
        services.duty_complete(actor=world.principal, case=case.pk, duty="cause", cause="原料铅超标")
    assert reason(e) == "note.required"
    services.duty_complete(
        actor=world.principal, case=case.pk, duty="cause", cause="大米原料铅超标", rectification="更换供应商"
    )
    case = services.case_close(actor=world.insp, case=case.pk, note="现场核查整改到位")
    assert case.status == "closed" and states(case)["close"] == "done"
    assert hooks.licence_blockers(world.a.pk) == []
    actions = [e.action for e in selectors.case_timeline(case)]
    assert actions[0] == "disposal.case.open" and actions[-1] == "disposal.case.close"


def test_other_jurisdiction_and_other_enterprise_do_not_see_the_case(world):
    case = fail(world)
    for actor in (world.insp_b, world.principal_b):
        with pytest.raises(NotFound):
            selectors.case_get(actor, case.pk)
        with pytest.raises(ServiceError):
            services.case_serve(actor=actor, case=case.pk)
    assert list(selectors.case_list(world.principal_b)) == []


def test_extension_of_the_closing_needs_a_reason(world):
    case = fail(world)
    due = selectors.case_duties(case)["close"].due_at
    with pytest.raises(ServiceError):
        services.case_extend(actor=world.insp, case=case.pk, days=30, reason=" ")
    services.case_extend(actor=world.insp, case=case.pk, days=30, reason="情况复杂，经局长书面批准")
    assert selectors.case_duties(case)["close"].due_at == due + dt.timedelta(days=30)


def test_a_key_item_failure_raises_a_case_clue_a_retest_pass_leaves_the_risk_grade(world):
    from shouhu.risk.sources import _sampling
    from shouhu.workflow.publication.models import Clue

    case = fail(world)
    clue = Clue.objects.get(subject_id=str(case.pk))
    assert "铅" in clue.summary and clue.rule_id == "disposal.key-items" and clue.enterprise_id == world.a.pk
    assert _sampling([world.a.pk], world.today)[world.a.pk][0].value == 1
    services.case_serve(actor=world.insp, case=case.pk)
    services.request_file(
        actor=world.principal, case=case.pk, kind="retest", reason="复检", lab_name="另一机构"
    )
    services.request_decide(actor=world.insp, case=case.pk, upheld=True, note="复检合格", report_no="FJ-3")
    assert _sampling([world.a.pk], world.today)[world.a.pk][0].value == 0


def test_the_credit_file_lists_the_enterprises_failures_in_follow_up(world, client):
    """Issue 28 point 4: disposals feed the credit file — the failed sample's 核查处置 shows on the
    enterprise's 信用档案, with its state, and not on another enterprise's."""
    from django.urls import reverse

    from shouhu.enforcement import selectors as credit

    case = fail(world)
    assert [c.pk for c in credit.credit_file(world.a)["disposals"]] == [case.pk]
    assert credit.credit_file(world.b)["disposals"] == []
    client.force_login(world.insp)
    page = client.get(reverse("enforcement:credit", args=[world.a.pk])).content.decode()
    assert case.number in page and "处置中" in page
    assert reverse("disposal:case", args=[case.pk]) in page
