"""Issue 27: plans with full coverage, the 抽样单, custody, results judged against rule-data limits."""

from __future__ import annotations

import datetime as dt

import factories as t
import pytest
from django.utils import timezone

from shouhu.core.errors import Conflict, NotFound, ValidationFailed
from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.core.workdays import add_working_days
from shouhu.sampling import selectors
from shouhu.sampling.models import LabResult, Sample, SamplingPlan
from shouhu.sampling.services import (
    ResultRow,
    plan_create,
    results_record,
    sample_create,
    sample_publish,
    task_no_production,
)
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.obligations.models import Obligation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign(**over):
    from tests.sampling.conftest import sign as base

    return base(**over)


def _counts():
    return (Sample.objects.count(), LabResult.objects.count(), AuditEntry.objects.count())


# ---- point 2: the quarterly plan --------------------------------------------------------------------
def test_plan_covers_every_licensed_producer_with_focus_extra_and_tasks_due(world, plan):
    tasks = list(plan.tasks.all())
    coverage = {x.enterprise_id for x in tasks if x.kind == "coverage"}
    assert coverage == {world.a.pk, world.a2.pk}  # 芙蓉区's enterprise is not in 岳麓区's plan
    assert [x.enterprise_id for x in tasks if x.kind == "focus"] == [world.a.pk]
    obligations = Obligation.objects.filter(pk__in=[x.obligation_id for x in tasks])
    assert obligations.count() == 3 and all(
        timezone.localtime(o.due_at).date() <= tasks[0].due_on for o in obligations
    )
    assert "抽样" in obligations[0].title


def test_plan_for_another_jurisdiction_or_twice_is_refused(world, plan):
    with pytest.raises(Conflict):
        plan_create(actor=world.insp, division_code=t.COUNTY, year=plan.year, quarter=plan.quarter)
    with pytest.raises(NotFound) as e:
        plan_create(actor=world.insp, division_code=t.OTHER_COUNTY, year=plan.year, quarter=plan.quarter)
    assert "本辖区" in e.value.message_zh
    with pytest.raises(ValidationFailed):
        plan_create(
            actor=world.insp_b,
            division_code=t.OTHER_COUNTY,
            year=plan.year,
            quarter=plan.quarter,
            focus_enterprise_ids=[world.a.pk],
        )
    assert SamplingPlan.objects.count() == 1


def test_no_production_needs_evidence_and_shows_in_the_matrix(world, plan):
    task = plan.tasks.get(enterprise=world.a2)
    with pytest.raises(ValidationFailed) as e:
        task_no_production(actor=world.insp, task_id=task.pk, evidence_id=None, note="停产检修")
    assert "证明材料" in e.value.message_zh
    ev = evidence_create(
        actor=world.insp,
        content=PDF,
        name="停产说明.pdf",
        subject=__import__("shouhu.workflow.subjects", fromlist=["subject_of"]).subject_of(world.a2),
    )
    task_no_production(actor=world.insp, task_id=task.pk, evidence_id=ev.pk, note="本季度停产检修")
    matrix = selectors.coverage_matrix(world.insp, year=plan.year, today=world.today)
    cells = {r.enterprise_id: r.cells[plan.quarter - 1] for r in matrix["rows"]}
    assert cells == {world.a.pk: "open", world.a2.pk: "no_production"}
    assert Obligation.objects.get(pk=task.obligation_id).status == "done"


def test_coverage_matrix_shows_past_quarters_without_sampling_as_gaps(world, plan):
    later = world.today.replace(year=world.today.year + 1)
    matrix = selectors.coverage_matrix(world.insp, year=plan.year, today=later)
    assert all(c == "gap" for r in matrix["rows"] for c in r.cells)
    assert matrix["summary"][plan.quarter]["gap"] == 2


# ---- point 3: the 抽样单 and custody ------------------------------------------------------------------
def test_sample_form_by_trace_code_with_signatures_due_at_lab_in_five_working_days(world, plan):
    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    s = sample_create(actor=world.insp, task_id=task.pk, trace_code=world.cereal_batch.trace_code, **sign())
    assert s.batch == world.cereal_batch and s.backup_quantity == 3
    assert s.lab_due_on == add_working_days(s.sampled_on, 5)
    task.refresh_from_db()
    assert task.status == "sampled"
    delivery = Obligation.objects.get(pk=s.delivery_obligation_id)
    assert delivery.owner_kind == "outside" and "湖南省食品质量监督检验研究院" in delivery.owner_party


def test_sample_form_for_another_enterprises_batch_is_refused_and_nothing_written(world, plan):
    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    before = _counts()
    with pytest.raises(ValidationFailed) as e:
        sample_create(actor=world.insp, task_id=task.pk, trace_code=world.canned_batch.trace_code, **sign())
    assert e.value.details["reason"] == "batch.other_enterprise" and "不是被抽样企业" in e.value.message_zh
    with pytest.raises(ValidationFailed) as e:
        sample_create(actor=world.insp, task_id=task.pk, trace_code="TC-NOPE", **sign())
    assert e.value.details["reason"] == "batch.unknown"
    with pytest.raises(ValidationFailed):
        sample_create(
            actor=world.insp,
            task_id=task.pk,
            trace_code=world.cereal_batch.trace_code,
            **sign(enterprise_signed=False),
        )
    assert _counts() == before


def test_sampler_of_another_county_cannot_see_the_task(world, plan):
    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    with pytest.raises(NotFound):
        sample_create(actor=world.insp_b, task_id=task.pk, trace_code=world.cereal_batch.trace_code, **sign())


# ---- point 1 and 4: results judged against limits --------------------------------------------------
def test_results_judged_per_item_micro_by_plan_and_report_kept_with_hash(world, received):
    rows = [
        ResultRow("铅", "0.35", "mg/kg"),
        ResultRow("菌落总数", "500,1500,2000,900,800", "CFU/g"),
        ResultRow("沙门氏菌", "未检出,未检出,未检出,未检出,未检出", "/25g"),
        ResultRow("钙", "320", "mg/100g", "合格"),
    ]
    out = results_record(
        actor=world.insp, sample_id=received.pk, rows=rows, report_no="JC-001", report_pdf=PDF
    )
    by = {r.item: r for r in out}
    assert (
        by["铅"].verdict == "fail"
        and "≤0.2" in by["铅"].reason
        and by["铅"].limit_rule_id == "limits.gb10769.pb"
    )
    assert by["菌落总数"].verdict == "pass" and "c=2" in by["菌落总数"].reason
    assert by["沙门氏菌"].verdict == "pass"
    calcium = by["钙"]
    assert calcium.verdict == "pass" and not calcium.limit_known and "限量不在规则数据中" in calcium.reason
    received.refresh_from_db()
    assert received.verdict == "fail" and received.status == "reported" and len(received.report_sha256) == 64


def test_three_class_plan_fails_on_any_unit_above_big_m(world, received):
    (r,) = results_record(
        actor=world.insp, sample_id=received.pk, rows=[ResultRow("大肠菌群", "5,5,5,5,150", "CFU/g")]
    )
    assert r.verdict == "fail" and "M=100" in r.reason


def test_no_limit_without_lab_conclusion_is_refused(world, received):
    with pytest.raises(ValidationFailed) as e:
        results_record(actor=world.insp, sample_id=received.pk, rows=[ResultRow("钙", "320", "mg/100g")])
    assert e.value.details["reason"] == "conclusion.required"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (ResultRow("组胺", "3", "mg/100g"), "item.unknown"),  # a cereal product has no histamine item
        (ResultRow("铅", "0.1", "mg/100g"), "unit.mismatch"),
        (ResultRow("铅", "abc", "mg/kg"), "value.invalid"),
        (ResultRow("菌落总数", "10,20", "CFU/g"), "value.invalid"),  # the plan needs n = 5
    ],
)
def test_bad_results_are_refused_with_their_row_and_nothing_written(world, received, row, reason):
    before = _counts()
    with pytest.raises(ValidationFailed) as e:
        results_record(actor=world.insp, sample_id=received.pk, rows=[ResultRow("铅", "0.1", "mg/kg"), row])
    assert e.value.details["reason"] == reason and e.value.details["row"] == 2
    assert e.value.message_zh.startswith("第2行")
    assert _counts() == before


def test_results_before_the_lab_received_the_sample_are_refused(world, plan):
    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    s = sample_create(actor=world.insp, task_id=task.pk, trace_code=world.cereal_batch.trace_code, **sign())
    with pytest.raises(Conflict):
        results_record(actor=world.insp, sample_id=s.pk, rows=[ResultRow("铅", "0.1", "mg/kg")])


def test_limits_follow_the_date_histamine_from_2026_03_16():
    from shouhu.sampling.judge import Catalogue

    profile = {
        "category": "3002",
        "variety": "泥（糊）状罐装食品",
        "standard": "GB 10770",
        "processes": [],
        "attributes": {"contains_fish": True},
    }
    assert "组胺" in Catalogue(profile, dt.date(2026, 4, 1)).limits
    assert "组胺" not in Catalogue(profile, dt.date(2025, 12, 1)).limits


# ---- point 5: publication and statistics ------------------------------------------------------------
def test_publication_names_enterprise_and_batch_of_a_failure(world, received):
    results_record(actor=world.insp, sample_id=received.pk, rows=[ResultRow("铅", "0.35", "mg/kg")])
    sample_publish(actor=world.insp, sample_id=received.pk)
    (shown,) = selectors.published_results()
    assert shown["enterprise"] == world.a.name and shown["batch"] == world.cereal_batch.number
    assert shown["verdict"] == "fail" and shown["failed_items"] == ["铅 0.35 mg/kg"]
    stats = selectors.pass_rates(world.insp, year=received.year)
    assert stats["variety"][0]["rate"] == 0.0 and stats["item"][0]["name"] == "铅"
    assert selectors.pass_rates(world.insp_b, year=received.year)["variety"] == []


def test_coverage_matrix_narrows_to_a_division_as_the_command_view_links_it(world, plan, client):
    city = t.make_user(Role.INSPECTOR, division_code=t.CITY, username="sampler_city")
    names = lambda **kw: {r.name for r in selectors.coverage_matrix(city, year=plan.year, **kw)["rows"]}  # noqa: E731
    assert names() >= {world.a.name, world.b.name}
    assert world.a.name in names(division=t.COUNTY) and world.b.name not in names(division=t.COUNTY)
    client.force_login(city)
    page = client.get(f"/sampling/coverage/?year={plan.year}&division={t.OTHER_COUNTY}").content.decode()
    assert 'data-testid="division-filter"' in page and world.b.name in page and world.a.name not in page
