"""Browser end-to-end: apply → document review → on-site verification → approval → the licence appears
on the enterprise's page. Headless Debian chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import re
from datetime import date

import factories as t
import pytest

from shouhu.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "e2e-pass-123456"


@pytest.fixture
def browser(chromium):
    """The suite's one headless chromium (tests/e2e/conftest.py): Playwright's sync API allows one
    instance per thread, so a test file must not start its own beside it."""
    return chromium


def login(browser, base, username):
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login/" not in page.url, page.inner_text("body")[:1500]
    return page


def go(page, target):
    """Click something that submits a form, and wait for the page it leads to."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def expect_message(page, text):
    assert text in page.content(), page.inner_text("main")[:2000]


def test_apply_review_verify_approve_licence_on_enterprise_page(browser, live_server):
    base = live_server.url
    ent = t.make_enterprise(t.COUNTY, name="岳麓端到端婴幼儿食品有限公司")
    t.make_user(
        Role.PRINCIPAL, enterprise=ent, username="e2e_principal", password=PASSWORD, display_name="赵总"
    )
    t.make_user(Role.REVIEWER, division_code=t.CITY, username="e2e_reviewer", password=PASSWORD)
    for name in ("e2e_insp1", "e2e_insp2"):
        t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username=name, password=PASSWORD)

    # 1. the enterprise applies
    page = login(browser, base, "e2e_principal")
    page.goto(f"{base}/licensing/")
    go(page, "[data-testid=new-application]")
    page.select_option("#kind", "new")
    page.fill("#site_address", "长沙市岳麓区麓谷大道8号")
    page.fill("#site_division_code", t.COUNTY)
    go(page, "button[type=submit]")
    expect_message(page, "申请已创建")
    app_url = page.url

    product = page.locator("[data-testid=product-form]")
    product.locator("#variety").select_option("婴幼儿谷物辅助食品")
    product.locator("#p_extrusion").check()
    go(page, product.locator("button"))
    expect_message(page, "已添加申请品种")
    for kind, name, capacity, sphere in (
        ("extruder", "双螺杆挤压膨化机", "350", ""),
        ("mixer", "混合机", "800", ""),
        ("metal_detector", "金属检测机", "", "1.5"),
    ):
        form = page.locator("[data-testid=equipment-form]")
        form.locator("select[name=kind]").select_option(kind)
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=capacity_kg_h]").fill(capacity)
        form.locator("input[name=detects_sphere_mm]").fill(sphere)
        go(page, form.locator("button"))
        expect_message(page, "已添加设备")
    for name, role in (("赵总", "principal"), ("钱经理", "food_safety_manager")):
        form = page.locator("[data-testid=staff-form]")
        form.locator("input[name=name]").fill(name)
        form.locator("select[name=role]").select_option(role)
        form.locator("select[name=education]").select_option("bachelor")
        form.locator("select[name=major]").select_option("food")
        form.locator("input[name=years_food_work]").fill("6")
        form.locator("input[name=trained]").check()
        form.locator("input[name=assessed]").check()
        go(page, form.locator("button"))
        expect_message(page, "已添加人员")
    for name, grade in (("内包装车间", "clean"), ("配料混合车间", "quasi_clean"), ("成品仓库", "general")):
        form = page.locator("[data-testid=zone-form]")
        form.locator("input[name=name]").fill(name)
        form.locator("select[name=grade]").select_option(grade)
        go(page, form.locator("button"))
        expect_message(page, "已添加作业区")
    for kind in (
        "site_plan",
        "zoning_plan",
        "equipment_list",
        "process_flow",
        "personnel",
        "management_system",
        "trial_report",
    ):
        form = page.locator("[data-testid=document-form]")
        form.locator("select[name=kind]").select_option(kind)
        form.locator("input[type=file]").set_input_files(
            files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        go(page, form.locator("button"))
        expect_message(page, "材料已上传")
    trial = page.locator("[data-testid=trial-form]")
    trial.locator("input[name=laboratory]").fill("湖南省食品质量监督检验研究院")
    trial.locator("input[name=report_number]").fill("WT2026-E2E")
    trial.locator("input[name=issued_on]").fill(date(2026, 11, 2).isoformat())
    go(page, trial.locator("button"))
    expect_message(page, "覆盖全部项目")
    go(page, "[data-testid=submit-application]")
    expect_message(page, "申请已提交")

    # 2. document review: every item marked, accepted; the decision deadline is shown
    rev = login(browser, base, "e2e_reviewer")
    rev.goto(app_url)
    go(rev, "[data-testid=review-start]")
    go(rev, "[data-testid=review-all-ok]")
    go(rev, "[data-testid=review-accept]")
    expect_message(rev, "已受理")
    assert "剩余 10 个工作日" in rev.inner_text("[data-testid=decision-deadline]")
    rev.check("[data-testid=inspector-e2e_insp1]")
    rev.check("[data-testid=inspector-e2e_insp2]")
    go(rev, "[data-testid=assign]")
    expect_message(rev, "已派发现场核查")
    ver_url = rev.url
    assert "/verifications/" in ver_url
    assert "核查期限" in rev.inner_text("[data-testid=verification-deadline]")

    # 3. on-site verification by two inspectors, then signatures and the verdict
    inspectors = [login(browser, base, name) for name in ("e2e_insp1", "e2e_insp2")]
    for insp in inspectors:
        insp.goto(ver_url)
        for sel in insp.query_selector_all("select.sh-score"):  # each item scored on purpose
            sel.select_option("符合")
        go(insp, "[data-testid=save-scores]")
        expect_message(insp, "已评分")
        go(insp, "[data-testid=inspector-sign]")
        expect_message(insp, "已签字")
    page.goto(ver_url)
    go(page, "[data-testid=applicant-sign]")
    expect_message(page, "申请人已签字")
    inspectors[0].goto(ver_url)
    go(inspectors[0], "[data-testid=conclude]")
    expect_message(inspectors[0], "已作出核查结论")
    assert "核查结论：通过" in inspectors[0].inner_text("[data-testid=verdict]")

    # 4. approval issues the licence
    rev.goto(app_url)
    go(rev, "[data-testid=approve]")
    expect_message(rev, "已准予许可并发证")
    number = rev.inner_text("[data-testid=licence-number]").strip()
    assert re.fullmatch(r"SC130430104\d{5}", number)

    # 5. the licence appears on the enterprise's page
    page.goto(f"{base}/enterprises/{ent.pk}/")
    assert number in page.inner_text("[data-testid=licence-table]")
