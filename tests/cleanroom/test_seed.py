"""A granted licence makes the enterprise's premises from its application's zones (core.hooks.licence_granted)."""

from __future__ import annotations

import pytest
from licensing.conftest import (
    fill_application,
    full_trial_report,
    inspectors,
    score_all,
    sign_all,
    to_accepted,
)

from shouhu.cleanroom.models import Zone
from shouhu.licensing import services as svc

pytestmark = pytest.mark.django_db
__all__ = ["inspectors"]  # the licensing team fixture, used here


def test_granted_licence_seeds_zones_with_grades_and_the_clean_zones_plan(
    principal_a, ent_a, city_reviewer, inspectors
):
    app = fill_application(principal_a, ent_a)
    full_trial_report(principal_a, app)
    app = to_accepted(app, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    score_all(ver, inspectors)
    sign_all(ver, inspectors, principal_a)
    svc.verification_conclude(actor=inspectors[0], verification=ver)
    assert not Zone.objects.exists()
    svc.application_approve(actor=city_reviewer, application=app, issuing_authority="长沙市市场监督管理局")
    zones = {z.name: z for z in Zone.objects.filter(enterprise=ent_a)}
    assert {n: z.grade for n, z in zones.items()} == {
        "内包装车间": "clean",
        "配料混合车间": "quasi_clean",
        "成品仓库": "general",
    }
    assert zones["内包装车间"].plan.count() == 9 and not zones["成品仓库"].plan.exists()
    assert all(z.source_zone_id for z in zones.values())
