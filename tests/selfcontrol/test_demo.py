"""The demo's self-control year has the gaps the county's view should show."""

from __future__ import annotations

import random
from datetime import timedelta

import factories as t
from django.utils import timezone

from shouhu.core.roles import Role
from shouhu.demo.selfcontrol import generate_selfcontrol
from shouhu.selfcontrol import selectors
from shouhu.selfcontrol.models import ProductionStop
from shouhu.workflow.obligations.models import Obligation


def test_demo_year_shows_diligent_skipping_stopped_and_hazard(db):
    ents = []
    for n in range(4):
        e = t.make_enterprise(t.COUNTY, name=f"演示{n}厂", scale="small")
        t.make_licence(e)
        t.make_user(Role.PRINCIPAL, enterprise=e, username=f"d{n}_principal")
        t.make_user(Role.OFFICER, enterprise=e, username=f"d{n}_officer")
        ents.append(e)
    result = generate_selfcontrol(random.Random(3), ents, days=120)
    assert len(result.enterprises) == 4 and result.stops == 1 and result.hazards == 1
    county = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="demo_insp")
    today = timezone.localdate()
    rows = {r.name: r for r in selectors.completion(county, today - timedelta(days=120), today)}
    diligent, skipping, stopped, hazard = (rows[f"演示{n}厂"] for n in range(4))
    assert skipping.rate < diligent.rate and skipping.overdue_days > diligent.overdue_days
    assert stopped.days_owed < diligent.days_owed  # the month stopped owes nothing
    assert hazard.open_hazards == 1 and hazard.stopped
    assert ProductionStop.objects.filter(enterprise=ents[3], ends_on__isnull=True, hazard=True).exists()
    assert Obligation.objects.filter(kind="selfcontrol.hazard", owner_division=t.COUNTY).count() == 1
    # 自查报告: one submitted with a rectified finding and one in progress, one missing, one late (or, in
    # the first days of a month, still on time)
    assert result.self_inspections == 3
    si = {r.name: r for r in selectors.selfinspection_overview(county)}
    assert si["演示1厂"].status == "missing" and si["演示1厂"].months == 6
    assert si["演示0厂"].current is not None and si["演示0厂"].report.data["findings"][0]["state"] == "closed"
    assert Obligation.objects.filter(
        kind="selfcontrol.selfinspection_overdue", owner_division=t.COUNTY
    ).exists()
    assert result.overdue_todos >= 2  # the skipping enterprise's days, the missing report
    assert si["演示2厂"].status in ("late", "submitted") and si["演示3厂"].months == 12
