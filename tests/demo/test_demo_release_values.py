"""Issue 16.6 / 27.6: the demo's release tests read as measurements. Items with a limit in rule data carry
numeric measured values with the limit's unit, judged by the limits the release gate uses; some sit within
10 % of the limit, and no passing one exceeds it (what a user opening a released batch sees)."""

from __future__ import annotations

import random

import factories as t
import pytest

from shouhu.core.roles import Role
from shouhu.production import rulebook
from shouhu.production.demo import generate_production
from shouhu.production.models import Batch, BatchStatus, ReleaseTest
from shouhu.rules import limits as L

pytestmark = pytest.mark.django_db


def _near(limit: L.Limit, values: list[float]) -> bool:
    """Within 10 % of the limit: a bound's worst value, or a plan unit's count against m."""
    if limit.plan is not None:
        m = limit.plan[2]
        return m > 0 and any(0.9 * m <= v <= m for v in values)
    if limit.max is not None:
        return 0.9 * limit.max <= max(values) <= limit.max
    return limit.min <= min(values) <= 1.1 * limit.min


def test_release_tests_with_a_limit_are_numeric_judged_by_the_gate_and_some_near_it(ent_a, ent_b):
    t.make_licence(ent_a, category="3001", variety="婴幼儿谷物辅助食品")
    t.make_licence(ent_b, category="3002", variety="泥（糊）状罐装食品")
    t.make_user(Role.QA, enterprise=ent_a)
    generate_production(random.Random(1), [ent_a, ent_b], days=45, every_days=14, full_enterprises=None)

    tests = list(ReleaseTest.objects.select_related("batch__product").order_by("pk"))
    released = set(Batch.objects.filter(status=BatchStatus.RELEASED).values_list("pk", flat=True))
    measured, near, by_batch = 0, 0, set()
    for rt in tests:
        batch = rt.batch
        profile = batch.product.profile
        limit = L.limit_for(rulebook.engine(batch.produced_on), profile, rt.item)
        if limit is None:
            continue
        number, unit = L.split_unit(rt.result)
        values = L.parse_values(number)  # numeric: "未检出" counts as 0, a word like 符合 would raise
        assert L.canonical_unit(unit) == limit.unit, rt.result
        assert not any(v in {"符合", "合格"} for v in number.split(","))
        gate = rulebook.release_limit_check(profile, batch.produced_on, rt.item, rt.result)
        assert gate is not None and gate.passed is rt.passed, (rt.item, rt.result, gate)
        measured += 1
        if rt.passed:
            assert L.judge_values(limit, values).passed, (rt.item, rt.result, limit.bound_zh)
            if _near(limit, values):
                near += 1
                by_batch.add(batch.pk)
        if batch.pk in released:
            assert rt.passed, (batch.number, rt.item, rt.result)
    assert measured >= 10
    assert near >= 2 and len(by_batch) >= 2, (near, measured)
    assert near < measured / 2  # near the limit now and then, not always
