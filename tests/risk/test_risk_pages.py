"""Regulator pages (point 4): distribution, list with movers, a grade explained, plan progress, calendar,
Excel; refusals on the page say why and write nothing."""

from __future__ import annotations

import io

import factories as t
import pytest
from django.test import Client
from django.utils import timezone

from shouhu.risk import services
from shouhu.risk.models import GradeAdjustment, InspectionPlan, RiskProfile

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def graded(county_admin, inspectors):
    ents = [t.make_enterprise(t.COUNTY, name=f"页面风险企业{i}") for i in range(3)]
    for e in ents:
        t.make_licence(e)
    services.grade_jurisdiction(actor=county_admin, division_code=t.COUNTY)
    return ents


def test_a_grade_is_explained_point_by_point_with_fact_rule_and_what_would_change(county_admin, graded):
    resp = _client(county_admin).get(f"/risk/enterprises/{graded[0].pk}/")
    text = resp.content.decode()
    assert resp.status_code == 200
    assert "许可品种明细 1 个" in text and "《食品生产企业风险分级管理办法（征求意见稿）》" in text
    assert "尚无数据来源" in text  # sampling etc.: not yet plugged in, said so
    assert "得分超过" in text and "等级历史" in text


def test_an_adjustment_without_a_reason_is_refused_on_the_page_and_nothing_written(county_admin, graded):
    c = _client(county_admin)
    resp = c.post(f"/risk/enterprises/{graded[0].pk}/", {"level": "D", "reason": ""})
    assert resp.status_code == 422 and "须写明理由" in resp.content.decode()
    assert GradeAdjustment.objects.count() == 0
    c.post(f"/risk/enterprises/{graded[0].pk}/", {"level": "D", "reason": "现场检查发现严重问题"})
    text = c.get(f"/risk/enterprises/{graded[0].pk}/").content.decode()
    assert "人工调整" in text and "现场检查发现严重问题" in text  # beside the computed grade
    movers = c.get("/risk/grades/?moved=1").content.decode()
    assert graded[0].name in movers


def test_distribution_and_the_excel_export(county_admin, graded):
    c = _client(county_admin)
    assert "岳麓" in c.get("/risk/").content.decode()
    resp = c.get("/risk/grades/export/")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(resp.content)).active
    assert ws.max_row == 1 + len(graded) and ws["A2"].value.startswith("页面风险企业")


def test_plan_pages_show_progress_calendar_and_refuse_a_reused_seed(county_admin, graded):
    c = _client(county_admin)
    year = timezone.localdate().year
    resp = c.post("/risk/plans/", {"year": year, "seed": "page-seed"})
    plan = InspectionPlan.objects.get()
    assert resp.status_code == 302
    again = c.post("/risk/plans/", {"year": year, "seed": "page-seed"})
    assert again.status_code == 409 and "不得重复使用" in again.content.decode()
    assert InspectionPlan.objects.count() == 1
    page = c.get(f"/risk/plans/{plan.pk}/").content.decode()
    assert "完成进度" in page and "页面风险企业" in page  # the drawn enterprises, by name
    assert "检查日历" in c.get(f"/risk/plans/{plan.pk}/calendar/").content.decode()
    c.post(f"/risk/plans/{plan.pk}/")
    assert "待办" in c.get(f"/risk/plans/{plan.pk}/").content.decode()


def test_enterprise_staff_cannot_open_the_regulator_pages(graded):
    from shouhu.core.roles import Role

    staff = t.make_user(Role.PRINCIPAL, enterprise=graded[0], username="risk_staff")
    c = _client(staff)
    assert c.get("/risk/").status_code == 403
    assert c.get(f"/risk/enterprises/{graded[0].pk}/").status_code == 403
    assert RiskProfile.objects.count() == 3
