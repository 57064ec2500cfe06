"""Grading from today's signal sources, explanations, re-grades, adjustments; plans and teams (points 2, 3)."""

from __future__ import annotations

import datetime as dt

import factories as t
import pytest
from django.utils import timezone

from shouhu.core.errors import Conflict, ValidationFailed
from shouhu.core.models import AuditEntry
from shouhu.risk import planning, services
from shouhu.risk.models import (
    ConflictOfInterest,
    GradeAdjustment,
    GradingConfig,
    InspectionPlan,
    InspectionTask,
    RiskGrade,
    RiskProfile,
)
from shouhu.workflow.obligations.models import Obligation

pytestmark = pytest.mark.django_db

BAD_BANDS = [
    {"level": "A", "from": 0, "to": 30},
    {"level": "B", "from": 25, "to": 45},
    {"level": "C", "from": 45, "to": 60},
    {"level": "D", "from": 60, "to": 100},
]


def _world(n=6):
    ents = [t.make_enterprise(t.COUNTY, name=f"风险测试企业{i}") for i in range(n)]
    for e in ents:
        t.make_licence(e)
    return ents


def test_a_jurisdiction_review_grades_every_enterprise_from_the_registered_sources(county_admin):
    ents = _world(3)
    run = services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    assert run.graded == 3 and sum(run.counts.values()) == 3
    profile = RiskProfile.objects.get(enterprise=ents[0])
    points = {p["fact"]: p for p in profile.grade.explanation["points"]}
    assert points["categories"]["points"] == 20 and points["categories"]["source"] == "registry"
    assert points["variety_count"]["params"] == {"n": 1}
    # sampling is a source (issue 27): no failed sample, no points — a fact, not a gap
    assert (
        points["sampling_failures"]["source"] == "sampling.failures"
        and points["sampling_failures"]["points"] == 0
    )
    assert not points["sampling_failures"].get("missing")
    # no risk-control list yet (issue 19): the factor says it has no data rather than scoring 0 risk
    assert points["selfcontrol_missed"]["missing"]
    assert profile.grade.changes  # what would change it
    assert AuditEntry.objects.filter(action="risk.run.create").count() == 1


def test_a_recall_re_grades_the_enterprise_on_the_signal(county_admin, django_capture_on_commit_callbacks):
    (ent,) = _world(1)
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    before = RiskProfile.objects.get(enterprise=ent)
    from shouhu.trace.models import Recall

    with django_capture_on_commit_callbacks(execute=True):
        Recall.objects.create(
            enterprise=ent, number="ZH-RISK-1", level=2, reason="微生物超标", started_at=timezone.now(),
            plan_due_at=timezone.now(), finish_due_on=timezone.localdate() + dt.timedelta(days=10), deadline_source="召回办法",
        )  # fmt: skip
    after = RiskProfile.objects.get(enterprise=ent)
    assert after.score == before.score + 4
    assert after.grade.trigger == "signal" and after.grade.signal.startswith("trace.Recall:")
    recall = next(p for p in after.grade.explanation["points"] if p["fact"] == "recalls")
    assert recall["params"]["numbers"] == "ZH-RISK-1"
    assert RiskGrade.objects.filter(enterprise=ent).count() == 2  # the history keeps both


def test_the_credit_list_source_plugs_in_and_sets_d(county_admin, listed_source):
    (ent,) = _world(1)
    listed_source.add(ent.pk)
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    profile = RiskProfile.objects.get(enterprise=ent)
    assert profile.level == "D" and profile.grade.explanation["overridden_by"] == "credit_list"


def test_adjustment_needs_a_reason_and_shows_beside_the_computed_grade(county_admin):
    (ent,) = _world(1)
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    with pytest.raises(ValidationFailed) as exc:
        services.grade_adjust(actor=county_admin, enterprise=ent, level="D", reason="  ")
    assert exc.value.details["reason"] == "reason.required"
    assert GradeAdjustment.objects.count() == 0 and RiskProfile.objects.get(enterprise=ent).adjustment is None
    services.grade_adjust(
        actor=county_admin, enterprise=ent, level="D", reason="群众举报集中，现场核实问题较多"
    )
    p = RiskProfile.objects.get(enterprise=ent)
    assert (p.computed_level, p.level, p.adjustment.reason) == (
        p.grade.level,
        "D",
        "群众举报集中，现场核实问题较多",
    )
    assert AuditEntry.objects.filter(action="risk.adjustment.create", chain__enterprise_id=ent.pk).exists()
    services.grade_enterprise(enterprise_id=ent.pk, signal="test")
    assert RiskProfile.objects.get(enterprise=ent).level == "D"  # a re-grade keeps the adjustment
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    assert RiskProfile.objects.get(enterprise=ent).adjustment is None  # the yearly review re-decides


def test_a_scheme_with_overlapping_bands_is_refused_and_nothing_written(county_admin):
    with pytest.raises(ValidationFailed) as exc:
        services.config_set(
            actor=county_admin,
            division_code=t.COUNTY,
            scheme_id="risk-2022",
            bands=BAD_BANDS,
            reason="省局配置",
        )
    assert "重叠" in exc.value.message
    assert GradingConfig.objects.count() == 0


def test_the_2016_scheme_is_selectable_per_jurisdiction(county_admin):
    (ent,) = _world(1)
    services.config_set(
        actor=county_admin, division_code=t.COUNTY, scheme_id="risk-2016", reason="沿用试行办法"
    )
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    assert RiskProfile.objects.get(enterprise=ent).grade.scheme_id == "risk-2016"


def _graded(county_admin, n=6):
    ents = _world(n)
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    return ents


def test_a_plan_meets_the_frequencies_and_is_reproducible_from_its_seed(county_admin, inspectors):
    ents = _graded(county_admin)
    RiskProfile.objects.filter(enterprise=ents[0]).update(level="D")
    RiskProfile.objects.filter(enterprise__in=ents[1:3]).update(level="A")
    RiskProfile.objects.filter(enterprise__in=ents[3:]).update(level="B")
    plan = services.plan_create(
        actor=county_admin, division_code=t.COUNTY, year=timezone.localdate().year, seed="yuelu-2026-a"
    )
    tasks = list(plan.tasks.all())
    assert sum(1 for x in tasks if x.enterprise_id == ents[0].pk) == 3  # D ≥ 3 a year
    assert all(len(x.team) == 2 and len(set(x.team)) == 2 for x in tasks)
    a_tasks = {x.enterprise_id for x in tasks if x.level == "A"}
    assert len(a_tasks) == 1  # once in 2 years: ceil(2 / 2) drawn by lot this year
    again = planning.build(
        [planning.Candidate(e.pk, RiskProfile.objects.get(enterprise=e).level) for e in ents],
        [u.pk for u in inspectors], set(), seed="yuelu-2026-a", year=plan.year, frequencies=plan.frequencies,
    )  # fmt: skip
    assert sorted((d.enterprise_id, d.round, d.team) for d in again.tasks) == sorted(
        (x.enterprise_id, x.round, tuple(x.team)) for x in tasks
    )


def test_a_reused_seed_is_refused_and_nothing_written(county_admin, inspectors):
    _graded(county_admin)
    year = timezone.localdate().year
    services.plan_create(actor=county_admin, division_code=t.COUNTY, year=year, seed="same-seed")
    count = InspectionTask.objects.count()
    with pytest.raises(Conflict) as exc:
        services.plan_create(actor=county_admin, division_code=t.COUNTY, year=year, seed="same-seed")
    assert "已用于其他计划" in exc.value.message
    assert InspectionPlan.objects.count() == 1 and InspectionTask.objects.count() == count


def test_conflicted_inspectors_are_never_drawn_and_a_team_with_one_is_refused(county_admin, inspectors):
    ents = _graded(county_admin, 3)
    for insp in inspectors[:2]:
        services.conflict_record(
            actor=county_admin, inspector=insp, enterprise=ents[0], kind="past_job", note="曾任质量主管"
        )
    plan = services.plan_create(
        actor=county_admin, division_code=t.COUNTY, year=timezone.localdate().year, seed="coi-1"
    )
    banned = {inspectors[0].pk, inspectors[1].pk}
    for task in plan.tasks.filter(enterprise=ents[0]):
        assert not banned & set(task.team)
    task = plan.tasks.filter(enterprise=ents[0]).first()
    with pytest.raises(ValidationFailed) as exc:
        services.task_team_set(
            actor=county_admin, task=task, inspector_ids=[inspectors[0].pk, inspectors[2].pk], reason="调整"
        )
    assert "回避" in exc.value.message
    task.refresh_from_db()
    assert not banned & set(task.team)


def test_too_few_eligible_inspectors_refuses_the_plan(county_admin, inspectors):
    ents = _graded(county_admin, 2)
    for insp in inspectors[:3]:
        ConflictOfInterest.objects.create(inspector=insp, enterprise=ents[1], kind="relative")
    with pytest.raises(Conflict) as exc:
        services.plan_create(
            actor=county_admin, division_code=t.COUNTY, year=timezone.localdate().year, seed="few-1"
        )
    assert ents[1].name in exc.value.message
    assert InspectionPlan.objects.count() == 0


def test_issuing_yields_inspection_obligations_and_completion_shows_as_progress(county_admin, inspectors):
    import io

    from django.core.management import call_command

    from shouhu.risk import selectors
    from shouhu.workflow.obligations.services import obligation_complete

    _graded(county_admin, 2)
    plan = services.plan_create(
        actor=county_admin, division_code=t.COUNTY, year=timezone.localdate().year, seed="issue-1"
    )
    services.plan_issue(actor=county_admin, plan=plan)
    tasks = list(plan.tasks.all())
    obligations = Obligation.objects.filter(kind="risk.inspection")
    assert obligations.count() == len(tasks) and all(x.obligation_id for x in plan.tasks.all())
    ob = obligations.first()
    assert ob.owner_division == t.COUNTY and ob.subject_id in {str(x.pk) for x in tasks}
    for task in (
        plan.tasks.all()
    ):  # one bulk insert: each task still gets its own obligation, due at its window's end
        mine = Obligation.objects.get(pk=task.obligation_id)
        assert mine.subject_id == str(task.pk) and timezone.localdate(mine.due_at) >= task.window_end
    call_command("audit", "verify", stdout=io.StringIO())  # every obligation's ledger entry matches its row
    with pytest.raises(Conflict):
        services.plan_issue(actor=county_admin, plan=plan)
    assert Obligation.objects.filter(kind="risk.inspection").count() == len(tasks)
    obligation_complete(actor=inspectors[0], obligation=ob, note="已检查")
    assert sum(r["done"] for r in selectors.progress(plan)) == 1


def test_the_yearly_review_task_is_scheduled_and_grades_every_province(county_admin):
    from django.conf import settings

    from shouhu.risk.tasks import yearly_review

    assert settings.CELERY_BEAT_SCHEDULE["risk-yearly-review"]["task"] == "shouhu.risk.yearly_review"
    _world(2)
    result = yearly_review.delay().get()  # inline in the embedded default
    assert len(result["runs"]) == 1 and RiskProfile.objects.count() == 2


def test_a_failed_supervision_sample_re_grades_the_enterprise(
    county_admin, django_capture_on_commit_callbacks
):
    """Sampling plugs in as a signal source (issues 24 and 27): a sample judged 不合格 re-grades at once."""
    from decimal import Decimal

    from shouhu.sampling.models import Sample, Verdict

    (ent,) = _world(1)
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    before = RiskProfile.objects.get(enterprise=ent)
    batch = t.make_batch(t.make_product(ent))
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        Sample.objects.create(
            number="CJ-RISK-1", enterprise=ent, batch=batch, sampled_on=today, quantity=Decimal(6),
            backup_quantity=Decimal(3), unit="袋", sampler_name="王抽样", enterprise_signer="李质量",
            lab_name="省食品检验研究院", lab_due_on=today, verdict=Verdict.FAIL, year=today.year,
            quarter=(today.month - 1) // 3 + 1,
        )  # fmt: skip
    after = RiskProfile.objects.get(enterprise=ent)
    assert after.score == before.score + 5 and after.grade.signal.startswith("sampling.Sample:")
    point = next(p for p in after.grade.explanation["points"] if p["fact"] == "sampling_failures")
    assert point["points"] == 5 and point["params"]["numbers"] == "CJ-RISK-1"


def test_self_control_completion_is_a_dynamic_fact(county_admin):
    """Self-control plugs in as a signal source (issues 19 and 24): a list adopted 60 days ago and not one
    daily check or report since scores the factor's top step, in words."""
    from shouhu.core.roles import Role
    from shouhu.selfcontrol.services import risklist_generate

    (ent,) = _world(1)
    principal = t.make_user(Role.PRINCIPAL, enterprise=ent, username="risk_sc_principal")
    risklist_generate(
        actor=principal, enterprise=ent, adopted_on=timezone.localdate() - dt.timedelta(days=60)
    )
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    point = next(
        p
        for p in RiskProfile.objects.get(enterprise=ent).grade.explanation["points"]
        if p["fact"] == "selfcontrol_missed"
    )
    assert not point.get("missing") and point["source"] == "selfcontrol.completion"
    assert point["points"] == 4 and point["params"]["done"] == 0 and point["params"]["owed"] > 40
