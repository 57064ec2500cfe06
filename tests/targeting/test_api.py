"""The targeting API (issue 33): versions with their evaluation, a plan's ranking with contributions, and
retraining as a job answering 202 with its status URL; regulators of the jurisdiction only, nothing written
on a refusal. The history is SIMULATED (`test_targeting_service._world`)."""

from __future__ import annotations

import sys
from pathlib import Path

import factories as t
import pytest
from django.test import Client
from django.utils import timezone

from shouhu.core.roles import Role
from shouhu.risk import services as risk_services
from shouhu.targeting.models import ModelVersion

from .test_targeting_service import _world

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apitest import assert_error, call, changed, field_error, row_counts

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_retrain_is_a_job_with_a_status_url_and_refusals_write_nothing(monkeypatch, county_admin, inspectors):
    ents = _world(monkeypatch, county_admin, signal=3.0)
    other = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.OTHER_COUNTY, username="tgt_admin_other")
    staff = t.make_user(Role.PRINCIPAL, enterprise=ents[0], username="tgt_staff")
    before = row_counts()
    # refusals: enterprise staff 403, another county's planner 404 on this county, a bad code 422
    assert_error(
        call(_as(staff), "POST", "/targeting/retrain", {"division_code": t.COUNTY}), 403, "permission_denied"
    )
    assert_error(
        call(_as(other), "POST", "/targeting/retrain", {"division_code": t.COUNTY}), 404, "not_found"
    )
    body = assert_error(
        call(_as(county_admin), "POST", "/targeting/retrain", {"division_code": "43"}),
        422,
        "validation_error",
    )
    field_error(body, "division_code")
    assert not changed(before, row_counts())
    # the planner's retraining: 202, then its status URL names the version it made
    r = call(_as(county_admin), "POST", "/targeting/retrain", {"division_code": t.COUNTY})
    assert r.status_code == 202, r.content
    job = r.json()
    assert job["status_url"].startswith("/api/v1/targeting/retrain/")
    done = _as(county_admin).get(job["status_url"]).json()
    assert done["status"] == "done", done["error"]
    version = ModelVersion.objects.get()
    assert (
        done["status"] == "done"
        and done["version"] == version.version
        and done["promoted"] == version.promoted
    )
    assert version.trigger == "manual"
    assert _as(other).get(job["status_url"]).status_code == 404  # the job is its requester's
    # every version with its evaluation, promoted or not; nothing for another county
    listed = call(_as(inspectors[0]), "GET", "/targeting/versions").json()
    assert [v["version"] for v in listed] == [version.version]
    assert listed[0]["evaluation"]["seeds"] == 20 and listed[0]["lift_low"] <= listed[0]["lift"]
    assert call(_as(other), "GET", "/targeting/versions").json() == []
    assert_error(call(_as(staff), "GET", "/targeting/versions"), 403, "permission_denied")


def test_a_plans_ranking_with_contributions_in_the_jurisdiction_only(monkeypatch, county_admin, inspectors):
    ents = _world(monkeypatch, county_admin, signal=3.0)
    monkeypatch.setattr("shouhu.targeting.learn.promotable", lambda ev: True)
    call(_as(county_admin), "POST", "/targeting/retrain", {"division_code": t.COUNTY})
    plan = risk_services.plan_create(
        actor=county_admin,
        division_code=t.COUNTY,
        year=timezone.localdate().year,
        seed="api-m",
        ordering="model",
    )
    r = call(_as(inspectors[0]), "GET", f"/targeting/plans/{plan.pk}/ranking")
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["used_by_plan"] and data["version"]["version"] == plan.model_version
    ranks = [row["rank"] for row in data["rows"]]
    assert ranks == sorted(ranks) and data["rows"]
    top = data["rows"][0]["contributions"]
    assert len(top) == 3 and all(c["name"] and c["key"] for c in top)
    planned = set(plan.tasks.values_list("enterprise_id", flat=True))
    assert {row["enterprise_id"] for row in data["rows"]} <= planned
    other = t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="tgt_insp_other")
    staff = t.make_user(Role.PRINCIPAL, enterprise=ents[0], username="tgt_staff2")
    assert_error(call(_as(other), "GET", f"/targeting/plans/{plan.pk}/ranking"), 404, "not_found")
    assert_error(call(_as(staff), "GET", f"/targeting/plans/{plan.pk}/ranking"), 403, "permission_denied")
