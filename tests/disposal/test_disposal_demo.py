"""Issue 28 point 5: the demo step leaves one failure in 核查处置 with its recall running and one closed."""

from __future__ import annotations

import factories as t
import pytest

from shouhu.disposal.models import Case
from shouhu.trace.models import RecallStatus

from .conftest import SIGN, fail, ship

pytestmark = pytest.mark.django_db


def test_demo_step_runs_one_recall_and_closes_one(world):
    from shouhu.demo.disposal import generate_disposal
    from shouhu.sampling.services import ResultRow, results_record, sample_create, sample_receive

    ship(world)
    on_market = fail(world)
    task = world.sample.task.plan.tasks.create(
        enterprise=world.a, kind="focus", due_on=world.sample.task.due_on
    )
    second = t.make_batch(world.batch.product)
    s = sample_create(actor=world.insp, task_id=task.pk, trace_code=second.trace_code, **SIGN)
    sample_receive(actor=world.insp, sample_id=s.pk)
    results_record(actor=world.insp, sample_id=s.pk, rows=[ResultRow("铅", "0.31", "mg/kg")])
    out = generate_disposal()
    assert out == {"cases": 2, "recall": 1, "closed": 1, "objection": 0}
    on_market.refresh_from_db()
    assert on_market.status == "open" and on_market.recall.status == RecallStatus.IN_PROGRESS
    assert Case.objects.get(sample=s).status == "closed"
