"""Frequent contract runs in risk grading (issue 20.5, 2026 plan item 11): grading the 委托方 of many runs
keeps the fact, in words with its citation, among the grade's facts; it joins the 委托代工频繁 focus group
and its risk page says so."""

from __future__ import annotations

import datetime as dt

import factories as t
import pytest
from django.test import Client
from django.utils import timezone

from shouhu.contract import services
from shouhu.core import regulation
from shouhu.core.roles import Role
from shouhu.risk import services as risk_services
from shouhu.risk.models import RiskProfile

from .conftest import approved

pytestmark = pytest.mark.django_db


def test_grading_an_enterprise_of_many_runs_shows_the_fact_with_its_citation(world):
    w = world
    ag = approved(w)
    threshold = int(regulation.param("contract.frequent-runs"))
    today = timezone.localdate()
    for i in range(threshold):
        batch = t.make_batch(w["product"], produced_on=today - dt.timedelta(days=1 + i % 25))
        services.run_record(actor=w["mqa"], agreement=ag, batch_id=batch.pk)
    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="ct_jadm")
    risk_services.grade_jurisdiction(actor=admin, division_code=t.COUNTY)
    a = RiskProfile.objects.get(enterprise=w["a"])
    b = RiskProfile.objects.get(enterprise=w["b"])
    facts = {f["key"]: f for f in a.grade.explanation["facts"]}
    fact = facts["contract_runs_frequent"]
    citation = regulation.cite("contract.frequent-runs")
    assert (
        fact["value"] is True
        and fact["params"]["runs"] == threshold
        and fact["params"]["citation"] == citation
    )
    assert fact["source"] == "contract.runs" and facts["contract_runs"]["value"] == threshold
    assert "contract_frequent" in a.focus
    others = {f["key"]: f for f in b.grade.explanation["facts"]}  # the stranger made nothing under contract
    assert others["contract_runs_frequent"]["value"] is False and "contract_frequent" not in b.focus
    c = Client()
    c.force_login(admin)
    page = c.get(f"/risk/enterprises/{w['a'].pk}/").content.decode()
    assert (
        f"近12个月委托生产 {threshold} 批次，达到“频繁委托生产”关注线 {threshold} 批次（{citation}）" in page
    )
