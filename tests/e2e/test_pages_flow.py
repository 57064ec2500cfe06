"""Browser end-to-end over the foundation's pages: log in, navigate, search via htmx, detail pages, 404s
across tenants, switch language — with every asset served locally (other hosts are aborted and counted)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import factories as t
import pytest
from django.utils import timezone

from shouhu.core.roles import Role
from shouhu.registry import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "e2e-pass-123456"


@pytest.fixture
def landscape():
    """长沙: two named enterprises with licences and history, a dozen more with realistic names; 株洲: one."""
    ent_a = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司", last_push_at=timezone.now())
    ent_b = t.make_enterprise(t.OTHER_COUNTY, name="芙蓉康贝营养食品有限公司")
    ent_c = t.make_enterprise(t.OTHER_CITY_COUNTY, name="株洲天元辅食有限公司")
    lic_a = t.make_licence(ent_a, expires_on=date.today() + timedelta(days=40))
    lic_b = t.make_licence(ent_b, category="3002", variety="泥（糊）状罐装食品")
    t.make_licence(ent_c)
    t.make_person(ent_a, name="王秀兰", role="director")
    t.make_enterprises_bulk(12, (t.COUNTY, t.OTHER_COUNTY), seed=7)
    admin = t.make_user(Role.PLATFORM_ADMIN, username="e2e_admin", password=PASSWORD)
    services.licence_set_status(
        actor=admin, licence=lic_a, status="suspended", reason="飞行检查发现问题，责令整改"
    )
    services.licence_set_status(actor=admin, licence=lic_a, status="active", reason="整改完成，恢复生产")
    t.make_user(
        Role.REVIEWER, division_code=t.CITY, username="e2e_reviewer", password=PASSWORD, display_name="刘晓燕"
    )
    t.make_user(
        Role.PRINCIPAL, enterprise=ent_a, username="e2e_principal", password=PASSWORD, display_name="赵志强"
    )
    return {"a": ent_a, "b": ent_b, "c": ent_c, "lic_a": lic_a, "lic_b": lic_b}


def _assets_loaded(page) -> None:
    """htmx and Bootstrap (CSS and JS) and the platform's stylesheet really loaded from the live server."""
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"
    # Bootstrap's grid makes .row a flex container; the platform stylesheet paints the header navy.
    assert page.evaluate("getComputedStyle(document.querySelector('.row, .navbar')).display") == "flex"
    header = page.evaluate("getComputedStyle(document.querySelector('.sh-header')).backgroundColor")
    assert header == "rgb(18, 58, 115)", header


def test_regulator_logs_in_searches_and_reads_history(browsing, landscape):
    session = browsing()
    page = session.page
    session.login("e2e_reviewer", PASSWORD)

    # Home: the jurisdiction figures with 接入率 (1 of the 14 licensed 长沙 enterprises pushed data).
    assert "刘晓燕" in page.inner_text("[data-testid=current-user]")
    assert "接入率" in page.inner_text("main")
    assert re.fullmatch(r"\d+\.\d%", page.inner_text("[data-testid=connection-rate]").strip())
    _assets_loaded(page)

    # Enterprise list: 14 in 长沙 (not 株洲); searching narrows the table in place and updates the URL.
    with page.expect_navigation():
        session.nav("企业名录").click()
    assert "共 14 家企业" in page.inner_text("[data-testid=result-count]")
    page.evaluate("window.__noReload = true")
    page.fill("#id_q", "芙蓉康贝")
    page.wait_for_function(
        "document.querySelector('[data-testid=result-count]').innerText.includes('共 1 家')"
    )
    assert page.evaluate("window.__noReload") is True  # swapped by htmx, not a full page load
    page.wait_for_function("location.search.includes('q=')")
    assert parse_qs(urlparse(page.url).query)["q"] == ["芙蓉康贝"]
    rows = page.locator("[data-testid=enterprise-table] tbody tr")
    assert rows.count() == 1 and "芙蓉康贝营养食品有限公司" in rows.first.inner_text()

    # A filter from the select works the same way; clearing the search brings everyone back.
    page.fill("#id_q", "")
    page.select_option("#id_category", "3002")
    page.wait_for_function("location.search.includes('category=3002')")
    page.wait_for_function(
        "!document.querySelector('[data-testid=result-count]').innerText.includes('共 14')"
    )
    assert "芙蓉康贝营养食品有限公司" in page.inner_text("[data-testid=enterprise-table]")
    assert page.evaluate("window.__noReload") is True

    # Back to A via the search, then its detail page and its licence with the audit history.
    page.fill("#id_q", "岳麓禾苗")
    page.select_option("#id_category", "")
    page.wait_for_function(
        "document.querySelector('[data-testid=result-count]').innerText.includes('共 1 家')"
    )
    with page.expect_navigation():
        page.get_by_role("link", name="岳麓禾苗婴幼儿食品有限公司").click()
    assert landscape["a"].uscc in page.inner_text("[data-testid=uscc]")
    # Back: the list comes back as it was searched (URL, search box and table agree); then forward again.
    page.go_back()
    page.wait_for_function(
        "document.querySelector('[data-testid=result-count]').innerText.includes('共 1 家')"
    )
    assert page.input_value("#id_q") == "岳麓禾苗"
    assert "岳麓禾苗婴幼儿食品有限公司" in page.inner_text("[data-testid=enterprise-table]")
    page.go_forward()
    page.wait_for_selector("[data-testid=uscc]")
    assert "湖南省长沙市岳麓区" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("link", name=landscape["lic_a"].number).first.click()
    history = page.inner_text("[data-testid=history-table]")
    assert "飞行检查发现问题，责令整改" in history and "整改完成，恢复生产" in history
    assert page.locator("[data-testid=history-table] del").first.inner_text() == "有效"

    # English and back: the same page re-renders in the chosen language.
    with page.expect_navigation():
        page.click("[data-testid=language-switcher] button[value=en]")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "Audit history" in page.inner_text("main") and "审计记录" not in page.inner_text("main")
    assert "Licensing reviewer" in page.inner_text("[data-testid=current-user]")
    with page.expect_navigation():
        session.nav("Enterprises").click()
    assert "14 enterprises" in page.inner_text("[data-testid=result-count]")
    with page.expect_navigation():
        page.click("[data-testid=language-switcher] button[value=zh-hans]")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert "共 14 家企业" in page.inner_text("[data-testid=result-count]")


def test_enterprise_user_sees_own_licences_and_404_elsewhere(browsing, landscape, live_server):
    session = browsing()
    page = session.page
    session.login("e2e_principal", PASSWORD)
    main = page.inner_text("main")
    assert landscape["lic_a"].number in main and landscape["lic_b"].number not in main
    assert "待办事项" in main and "接入率" not in main
    _assets_loaded(page)

    for path in (
        f"/enterprises/{landscape['b'].pk}/",
        f"/licences/{landscape['lic_b'].pk}/",
        f"/enterprises/{landscape['c'].pk}/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
        assert "未找到该页面" in page.inner_text("main")
    response = page.goto(f"{live_server.url}/enterprises/{landscape['a'].pk}/")
    assert response.status == 200 and "王秀兰" in page.inner_text("main")


def test_enterprise_list_works_without_javascript(browsing, landscape):
    session = browsing(javascript=False)
    page = session.page
    session.login("e2e_reviewer", PASSWORD)
    page.goto(f"{session.base_url}/enterprises/")
    page.fill("#id_q", "芙蓉康贝")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "共 1 家企业" in page.inner_text("[data-testid=result-count]")
    assert parse_qs(urlparse(page.url).query)["q"] == ["芙蓉康贝"]
