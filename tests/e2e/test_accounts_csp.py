"""The enforced Content-Security-Policy in a real browser: htmx search, Bootstrap and the
form scripts (no inline handler is left) still work, and the browser reports no violation. (The e2e suite runs with the policy
report-only, because Playwright's string evaluation is itself refused by an enforced policy; here
the page is driven by selectors and clicks only.)"""

from __future__ import annotations

import factories as t
import pytest
from django.test import override_settings

from shouhu.config.settings import base
from shouhu.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_enforced_policy(chromium, live_server, settings):
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS]  # clears the finders' cache, as e2e does
    licence = t.make_licence(t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司"))
    t.make_enterprise(t.OTHER_COUNTY, name="芙蓉康贝营养食品有限公司")
    t.make_user(Role.REVIEWER, division_code=t.CITY, username="csp_reviewer", password="csp-pass-123456")
    with override_settings(CONTENT_SECURITY_POLICY=base.CONTENT_SECURITY_POLICY):
        context = chromium.new_context(locale="zh-CN")
        page = context.new_page()
        violations: list[str] = []
        page.on(
            "console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None
        )
        page.goto(f"{live_server.url}/login/")
        assert (
            "default-src 'self'"
            in page.request.get(f"{live_server.url}/login/").headers["content-security-policy"]
        )
        page.fill("#id_username", "csp_reviewer")
        page.fill("#id_password", "csp-pass-123456")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        nav = page.locator("[data-testid=main-nav]")
        nav.get_by_role("button", name="企业与许可").click()  # Bootstrap's dropdown runs under the policy
        nav.get_by_role("link", name="企业名录", exact=True).click()
        # (how many the list holds depends on what other browser tests of this worker left, e.g. the demo)
        page.wait_for_selector("[data-testid=result-count]")
        page.fill("#id_q", "芙蓉康贝")  # htmx swaps the table in place
        page.wait_for_selector("[data-testid=result-count]:has-text('共 1 家')")
        # the re-verification form posts to the chosen licence's URL (static/shouhu/forms.js, no inline handler)
        page.goto(f"{live_server.url}/licensing/changes/")
        page.select_option("select[name=licence]", str(licence.pk))
        with page.expect_request(lambda r: r.method == "POST") as posted:
            page.click("text=派发核查")
        assert posted.value.url.endswith(f"/licensing/licences/{licence.pk}/reverify/")
        context.close()
    assert not violations, violations
