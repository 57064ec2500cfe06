"""Supervision sampling in the matrix (`shouhu.sampling`, issue 27): plans and coverage, tasks, the 抽样单,
the lab's receipt and results, publication and statistics.

Tenant A's records are made once (`build`) through the app's services: a plan for A's county this quarter
(A's coverage task and a focus task), a sample form still with the sampler, one received by the lab, one
reported. Who may act is the `sampling.*` rows of `core.roles.PERMISSIONS`: regulators plan and read the
coverage; inspectors and jurisdiction admins sample; results and publication also by the platform admin.
A plan for another jurisdiction is not found (404), like any object outside one's tenancy.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from matrix_core import ADMIN, INSP, JADM, PEOPLE, REGULATORS, Op, Page

PLAN = frozenset({INSP, JADM, ADMIN})  # sampling.plan.manage
VIEW_COVERAGE = REGULATORS | {ADMIN}  # sampling.coverage.view
SAMPLE = frozenset({INSP, JADM})  # sampling.sample.record
RESULTS = frozenset({INSP, JADM, ADMIN})  # sampling.result.record, sampling.publish
LABS = frozenset({JADM, ADMIN})  # sampling.lab.manage
SIGN = {
    "quantity": "6",
    "backup_quantity": "3",
    "unit": "盒",
    "sampler_name": "张抽样",
    "sampler_signed": True,
    "enterprise_signer": "李厂长",
    "enterprise_signed": True,
    "lab_name": "湖南省食品质量监督检验研究院",
}


def build(w) -> None:
    import factories as t
    from matrix_world import PDF, TODAY

    from shouhu.production.models import Batch
    from shouhu.sampling import services
    from shouhu.sampling.quarters import quarter_of
    from shouhu.workflow.evidence.services import evidence_create
    from shouhu.workflow.subjects import subject_of

    insp = w.users["inspector"]
    year, quarter = quarter_of(TODAY)
    plan = services.plan_create(
        actor=insp,
        division_code=w.a.ent.division_code,
        year=year,
        quarter=quarter,
        focus_enterprise_ids=[w.a.ent.pk],
    )
    coverage = plan.tasks.get(kind="coverage")
    focus = plan.tasks.get(kind="focus")
    product = Batch.objects.get(pk=w.ids["ready_id"]).product
    batches = [t.make_batch(product) for _ in range(4)]
    samples = []
    for b in batches[:3]:  # each sample form needs an open task: extra focus tasks of the same plan
        extra = plan.tasks.create(enterprise=w.a.ent, kind="focus", due_on=focus.due_on)
        samples.append(services.sample_create(actor=insp, task_id=extra.pk, trace_code=b.trace_code, **SIGN))
    sampled, received, reported = samples
    services.sample_receive(actor=insp, sample_id=received.pk)
    services.sample_receive(actor=insp, sample_id=reported.pk)
    services.results_record(
        actor=insp, sample_id=reported.pk, rows=[services.ResultRow("铅", "0.05", "mg/kg")]
    )
    evidence = evidence_create(actor=insp, content=PDF, name="停产说明.pdf", subject=subject_of(w.a.ent))
    w.ids.update(
        sampling_task_id=coverage.pk,
        sampling_focus_task_id=focus.pk,
        sampling_trace_code=batches[3].trace_code,
        sampled_id=sampled.pk,
        received_id=received.pk,
        reported_id=reported.pk,
        sampling_evidence_id=evidence.pk,
    )


def _year(w) -> dict[str, Any]:
    return {"year": date.today().year}


OPS = [
    Op(
        "POST",
        "/sampling/plans",
        PLAN,
        201,
        body=lambda w: {"division_code": w.a.ent.division_code, "year": date.today().year + 1, "quarter": 1},
    ),
    Op("GET", "/sampling/coverage", VIEW_COVERAGE, query=_year, targets=False),
    Op("GET", "/sampling/tasks", PEOPLE, targets=False, shows=frozenset()),
    Op(
        "POST",
        "/sampling/tasks/{task_id}/no-production",
        SAMPLE,
        body=lambda w: {"evidence_id": w.ids["sampling_evidence_id"], "note": "本季度停产检修"},
        args={"task_id": lambda w: w.ids["sampling_task_id"]},
    ),
    Op(
        "POST",
        "/sampling/samples",
        SAMPLE,
        201,
        body=lambda w: {
            "task_id": w.ids["sampling_focus_task_id"],
            "trace_code": w.ids["sampling_trace_code"],
            **SIGN,
        },
    ),
    Op("GET", "/sampling/samples/{sample_id}", PEOPLE, args={"sample_id": lambda w: w.ids["reported_id"]}),
    Op(
        "POST",
        "/sampling/samples/{sample_id}/receive",
        RESULTS,
        body=lambda w: {},
        args={"sample_id": lambda w: w.ids["sampled_id"]},
    ),
    Op(
        "POST",
        "/sampling/samples/{sample_id}/results",
        RESULTS,
        201,
        body=lambda w: {"results": [{"item": "铅", "measured": "0.05", "unit": "mg/kg"}]},
        args={"sample_id": lambda w: w.ids["received_id"]},
    ),
    Op(
        "POST",
        "/sampling/samples/{sample_id}/publish",
        RESULTS,
        args={"sample_id": lambda w: w.ids["reported_id"]},
    ),
    Op("GET", "/sampling/statistics", VIEW_COVERAGE, query=_year, targets=False, shows=frozenset()),
]

PAGES = [
    Page("sampling/", lambda w: "/sampling/", VIEW_COVERAGE, targets=False, shows=frozenset()),
    Page("sampling/coverage/", lambda w: "/sampling/coverage/", VIEW_COVERAGE, targets=False),
    Page(
        "sampling/tasks/<int:pk>/sample/",
        lambda w: f"/sampling/tasks/{w.ids['sampling_focus_task_id']}/sample/",
        SAMPLE,
    ),
    Page("sampling/samples/", lambda w: "/sampling/samples/", PEOPLE, targets=False),
    Page("sampling/samples/<int:pk>/", lambda w: f"/sampling/samples/{w.ids['reported_id']}/", PEOPLE),
    Page("sampling/import/", lambda w: "/sampling/import/", RESULTS, targets=False, shows=frozenset()),
    Page("sampling/labs/", lambda w: "/sampling/labs/", LABS, targets=False, shows=frozenset()),
    Page(
        "sampling/statistics/",
        lambda w: "/sampling/statistics/",
        VIEW_COVERAGE,
        targets=False,
        shows=frozenset(),
    ),
]
