"""Statistics by enterprise, product and cause (and their export); consumer alerts shown on the portal."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from shouhu.complaints import selectors, services
from shouhu.core.errors import PermissionDenied, ServiceError

from .conftest import complaint

pytestmark = pytest.mark.django_db


def test_statistics_count_by_enterprise_product_and_cause(ent, county, principal):
    services.submission_file(data=complaint(ent, cause="foreign", product_name="米粉"))
    services.submission_file(
        data=complaint(
            ent, cause="foreign", product_name="米粉", contact_phone="13900000002", description="又一件"
        )
    )
    services.submission_file(
        data=complaint(
            None,
            kind="report",
            anonymous=True,
            enterprise_name="无名作坊",
            division_code=ent.division_code,
            cause="unlicensed",
        )
    )
    stats = selectors.statistics(county)
    assert [(r["label"], r["n"]) for r in stats["enterprise"]] == [(ent.name, 2), ("无名作坊", 1)]
    assert {r["label"]: r["n"] for r in stats["cause"]} == {"异物": 2, "无证生产或超范围生产": 1}
    with pytest.raises(PermissionDenied):
        selectors.statistics(principal)
    c = Client()
    c.force_login(county)
    resp = c.get("/complaints/statistics/?format=xlsx")
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["按企业", "按产品", "按问题类别"] and wb["按企业"]["A2"].value == ent.name
    resp = c.get("/complaints/inbox/?format=xlsx")
    assert load_workbook(io.BytesIO(resp.content)).active.max_row == 4


def test_an_unknown_cause_is_refused(ent):
    with pytest.raises(ServiceError) as exc:
        services.submission_file(data=complaint(ent, cause="aliens"))
    assert exc.value.details["reason"] == "complaints.cause_invalid"


def test_a_published_alert_shows_on_the_portal_and_the_look_up_until_withdrawn(county):
    a = services.article_create(
        actor=county,
        kind="alert",
        title_zh="选购米粉看清执行标准",
        body_zh="请认准 GB 10769",
        title_en="Check the standard",
    )
    c = Client()
    assert "选购米粉看清执行标准" not in c.get("/complaints/").content.decode()  # a draft is not public
    a = services.article_act(actor=county, article=a, action="publish")
    assert "选购米粉看清执行标准" in c.get("/complaints/").content.decode()
    assert "选购米粉看清执行标准" in c.get("/trace/lookup/").content.decode()
    with pytest.raises(ServiceError):
        services.article_act(actor=county, article=a, action="withdraw", reason="")
    services.article_act(actor=county, article=a, action="withdraw", reason="标准已更新")
    assert "选购米粉看清执行标准" not in c.get("/complaints/").content.decode()
