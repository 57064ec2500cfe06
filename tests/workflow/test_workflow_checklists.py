"""Checklist templates from rule data or an enterprise's list; runs, scorers, verdicts, bad input."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from shouhu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shouhu.core.ledger import history
from shouhu.workflow.checklists.models import ItemResult, TemplateItem
from shouhu.workflow.checklists.services import (
    result_record,
    run_conclude,
    run_open,
    template_from_list,
    template_from_source,
)
from shouhu.workflow.evidence.services import evidence_create

PROFILE = {"category": "3001", "variety": "婴幼儿谷物辅助食品"}
POINTS = {"符合": 3, "基本符合": 1, "不符合": 0}


def test_a_template_from_the_xize_2017_rule_set(county_inspector, subject_a):
    from shouhu.rules import engine

    tpl = template_from_source(
        actor=county_inspector,
        source="rules",
        params={"profiles": [PROFILE], "sets": ["xize-2017"], "points": POINTS},
        as_of=date(2024, 1, 1),
        title="现场核查表",
        subject=subject_a,
        verdict_params={"pass_rate": "0.85"},
    )
    items = list(tpl.items.all())
    eng = engine(date(2024, 1, 1), ("xize-2017",))
    applicable = {r.id: r for r in eng.applicable(PROFILE)}
    assert len(items) > 50
    for item in items:  # stable ids are rule ids, each with the rule's citation
        rule = applicable[item.item_id]
        assert item.citation == rule.source["cite"]
        assert item.groups == ["3001:婴幼儿谷物辅助食品"]
    measured = [i for i in items if i.scheme == "measured"]
    assert measured and all(i.limits["operator"] for i in measured)
    graded = [i for i in items if i.scheme == "graded"]
    assert graded and all(i.points == POINTS for i in graded)
    assert tpl.rules_as_of == date(2024, 1, 1) and tpl.verdict_rule == "rate_per_group"
    actions = [e.action for e in history(tpl)]
    assert actions == ["checklists.template.create", "checklists.template.items"]
    assert len(history(tpl)[1].after["items"]) == len(items)


def test_the_default_sets_carry_the_verdict_parameters(county_inspector, subject_a):
    tpl = template_from_source(
        actor=county_inspector,
        source="rules",
        params={"profiles": [PROFILE]},
        as_of=date(2026, 6, 1),
        title="现场核查表",
        subject=subject_a,
    )
    assert tpl.min_scorers == 2
    assert tpl.verdict_params["pass_rate"] == "0.85" and tpl.verdict_params["no_zero_items"] is True


@pytest.mark.parametrize(
    "source,params,code",
    [
        ("nope", {"profiles": [PROFILE]}, "template.source_unknown"),
        ("rules", {"profiles": [{"category": "9999", "variety": "x"}]}, "template.source_failed"),
        ("rules", {"profiles": []}, "template.empty"),
    ],
)
def test_bad_sources_are_refused(source, params, code, county_inspector, subject_a, ledger_count):
    before = ledger_count()
    with pytest.raises(ValidationFailed) as exc:
        template_from_source(
            actor=county_inspector,
            source=source,
            params=params,
            as_of=date(2026, 6, 1),
            title="x",
            subject=subject_a,
        )
    assert exc.value.details["reason"] == code
    assert ledger_count() == before


def test_a_template_from_an_enterprises_own_list(list_template, ent_a):
    items = {i.item_id: i for i in list_template.items.all()}
    assert list(items) == ["A1", "A2", "A3"]
    assert items["A1"].key and not items["A2"].key
    assert list_template.enterprise_id == ent_a.pk and list_template.source == "list"


def test_a_list_with_bad_items_is_refused(principal_a):
    with pytest.raises(ValidationFailed) as exc:
        template_from_list(
            actor=principal_a, title="x", items=[{"item_id": "M", "title": "t", "scheme": "measured"}]
        )
    assert exc.value.details["reason"] == "template.item_invalid"
    with pytest.raises(ValidationFailed) as exc:
        template_from_list(
            actor=principal_a, title="x", items=[{"item_id": "A", "title": "t", "scheme": "pass_fail"}] * 2
        )
    assert exc.value.details["reason"] == "template.item_duplicate"


def test_scoring_a_run_and_the_key_item_rule_flags_a_case_clue(
    list_template, principal_a, subject_a, ledger_count
):
    run = run_open(actor=principal_a, template=list_template, subject=subject_a)
    result_record(actor=principal_a, run=run, item_id="A1", result="nonconform", note="无记录")
    result_record(actor=principal_a, run=run, item_id="A2", result="pass")
    r3 = result_record(actor=principal_a, run=run.pk, item_id="A3", measured="8.5")
    assert r3.result == "nonconform"  # decided by the value against >= 10 Pa
    concluded = run_conclude(actor=principal_a, run=run.pk)
    assert concluded.state == "concluded" and concluded.passed is False
    assert concluded.verdict["result"] == "nonconform"
    assert concluded.flags == [{"code": "case_clue", "items": ["A1"]}]
    with pytest.raises(Conflict):  # a concluded run takes no more results
        result_record(actor=principal_a, run=run, item_id="A2", result="pass", client_id=uuid.uuid4())


def test_a_result_for_an_item_not_in_the_run_is_refused(list_template, principal_a, subject_a, ledger_count):
    run = run_open(actor=principal_a, template=list_template, subject=subject_a)
    before = ledger_count()
    with pytest.raises(ValidationFailed) as exc:
        result_record(actor=principal_a, run=run, item_id="ZZ9", result="conform")
    assert exc.value.details["reason"] == "run.item_not_in_run"
    assert exc.value.details["fields"][0]["field"] == "item_id"
    assert ItemResult.objects.count() == 0 and ledger_count() == before


@pytest.mark.parametrize(
    "item,kwargs,code",
    [
        ("A1", {"result": "pass"}, "run.result_invalid"),
        ("A3", {"result": "conform"}, "run.measured_required"),
        ("A3", {"result": "conform", "measured": "3"}, "run.measured_mismatch"),
        ("A3", {"measured": "abc"}, "run.measured_required"),
    ],
)
def test_results_that_do_not_fit_the_scheme_are_refused(
    item, kwargs, code, list_template, principal_a, subject_a
):
    run = run_open(actor=principal_a, template=list_template, subject=subject_a)
    with pytest.raises(ValidationFailed) as exc:
        result_record(actor=principal_a, run=run, item_id=item, **kwargs)
    assert exc.value.details["reason"] == code
    assert ItemResult.objects.count() == 0


def test_a_replayed_result_writes_nothing_twice_and_a_second_score_is_refused(
    list_template, principal_a, subject_a, ledger_count
):
    run = run_open(actor=principal_a, template=list_template, subject=subject_a)
    cid = uuid.uuid4()
    first = result_record(actor=principal_a, run=run, item_id="A2", result="pass", client_id=cid)
    before = ledger_count()
    again = result_record(actor=principal_a, run=run, item_id="A2", result="fail", client_id=cid)
    assert again.pk == first.pk and again.result == "pass" and ledger_count() == before
    with pytest.raises(Conflict) as exc:
        result_record(actor=principal_a, run=run, item_id="A2", result="fail")
    assert exc.value.details["reason"] == "run.already_scored"
    assert ItemResult.objects.count() == 1 and ledger_count() == before


def test_a_run_of_another_tenant_is_not_found(list_template, principal_a, officer_b, subject_a):
    run = run_open(actor=principal_a, template=list_template, subject=subject_a)
    with pytest.raises(NotFound):
        result_record(actor=officer_b, run=run.pk, item_id="A2", result="pass")
    assert ItemResult.objects.count() == 0


def test_evidence_of_another_enterprise_is_refused(list_template, principal_a, officer_b, subject_a, png):
    run = run_open(actor=principal_a, template=list_template, subject=subject_a)
    own = evidence_create(actor=principal_a, content=png)
    result_record(actor=principal_a, run=run, item_id="A2", result="pass", evidence=own.pk)
    foreign = evidence_create(actor=officer_b, content=png)
    with pytest.raises(NotFound):  # outside the scorer's tenancy: not even seen
        result_record(actor=principal_a, run=run, item_id="A1", result="conform", evidence=foreign.pk)


@pytest.fixture
def licensing_like(county_inspector, subject_a):
    """Two inspectors, the lower score counts, 85 % per product (审查通则), only inspectors score."""
    items = [
        {
            "item_id": f"I{n}",
            "title": f"项目{n}",
            "scheme": "graded",
            "points": POINTS,
            "groups": ["3001:a"] if n < 5 else ["3001:a", "3002:b"],
        }
        for n in range(1, 8)
    ]
    return template_from_list(
        actor=county_inspector,
        title="核查表",
        items=items,
        subject=subject_a,
        verdict_rule="rate_per_group",
        verdict_params={"pass_rate": "0.85", "no_zero_items": True},
        min_scorers=2,
        scorer_role="inspector",
    )


def test_two_scorers_the_lower_counts_and_under_scored_runs_cannot_conclude(
    licensing_like, county_inspector, second_inspector, subject_a
):
    run = run_open(actor=county_inspector, template=licensing_like, subject=subject_a)
    for n in range(1, 8):
        result_record(actor=county_inspector, run=run, item_id=f"I{n}", result="conform")
    with pytest.raises(Conflict) as exc:
        run_conclude(actor=county_inspector, run=run)
    assert exc.value.details["reason"] == "run.under_scored" and len(exc.value.details["items"]) == 7
    for n in range(1, 8):
        result_record(
            actor=second_inspector, run=run, item_id=f"I{n}", result="minor" if n == 6 else "conform"
        )
    run = run_conclude(actor=second_inspector, run=run)
    groups = {g["group"]: g for g in run.verdict["groups"]}
    # 3001:a: 6×3 + 1 (item 6, lower of 符合 and 基本符合) = 19/21 = 90.5 % → pass
    assert (
        groups["3001:a"]["score"] == 19 and groups["3001:a"]["maximum"] == 21 and groups["3001:a"]["passed"]
    )
    # 3002:b: items 5–7 → 3+1+3 = 7/9 = 77.8 % → fail
    assert groups["3002:b"]["score"] == 7 and not groups["3002:b"]["passed"]
    assert run.passed is False


def test_a_scorer_not_in_the_role_is_refused(
    licensing_like, county_inspector, principal_a, far_inspector, subject_a
):
    run = run_open(actor=county_inspector, template=licensing_like, subject=subject_a)
    with pytest.raises(PermissionDenied) as exc:
        result_record(actor=principal_a, run=run, item_id="I1", result="conform")
    assert exc.value.details["reason"] == "role.not_held"
    with pytest.raises(NotFound):  # an inspector of another city does not see the run at all
        result_record(actor=far_inspector, run=run.pk, item_id="I1", result="conform")
    assert ItemResult.objects.count() == 0


def test_a_replayed_template_and_run_create_nothing_twice(principal_a, subject_a, ledger_count):
    from .conftest import LIST_ITEMS

    cid = uuid.uuid4()
    tpl = template_from_list(actor=principal_a, title="x", items=LIST_ITEMS, subject=subject_a, client_id=cid)
    before, items = ledger_count(), TemplateItem.objects.count()
    assert template_from_list(actor=principal_a, title="y", items=LIST_ITEMS, client_id=cid).pk == tpl.pk
    rid = uuid.uuid4()
    run = run_open(actor=principal_a, template=tpl, subject=subject_a, client_id=rid)
    assert run_open(actor=principal_a, template=tpl, subject=subject_a, client_id=rid).pk == run.pk
    assert ledger_count() == before + 1 and TemplateItem.objects.count() == items
