"""The HACCP demo builds on a small world: a plan per product, a year of readings, deviations."""

from __future__ import annotations

import random

import factories as t

from shouhu.core.roles import Role


def test_demo_plans_readings_and_deviations(db):
    from shouhu.demo.haccp import generate_haccp
    from shouhu.haccp.models import Deviation, Plan

    ent = t.make_enterprise(t.COUNTY)
    t.make_user(Role.PRINCIPAL, enterprise=ent, username="demo_hc_p")
    t.make_user(Role.QA, enterprise=ent, username="demo_hc_q")
    product = t.make_product(ent, category="3002")
    t.make_batch(product)
    result = generate_haccp(random.Random(1), [ent])
    assert result.plans == Plan.objects.count() == 1 and result.readings > 1000
    kinds = {(k, c is None) for k, c in Deviation.objects.values_list("kind", "closed_at")}
    assert ("out_of_limit", False) in kinds and ("out_of_limit", True) in kinds and ("missing", True) in kinds
