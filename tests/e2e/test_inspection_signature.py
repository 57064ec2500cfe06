"""A signature drawn on the 结果记录表 with a finger on a 360 px phone (issue 25 point 2): the pad (static
signature.js, pointer events) draws under touch, the page fits 360 px, the drawing goes to the server as a
PNG that is stored as the kernel signature's evidence file and printed on the record."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import factories as t
import pytest

from shouhu.core.roles import Role

LOCAL_HOSTS = {"127.0.0.1", "localhost"}  # as conftest.py: the live server only

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    from shouhu.inspection import services
    from shouhu.workflow.checklists.models import TemplateItem

    a = t.make_enterprise(t.COUNTY, name="岳麓禾苗食品有限公司")
    t.make_licence(a)
    t.make_product(a, category="3001", name="婴幼儿营养米粉")
    one = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="sig_one", password="sig-pass-12345")
    two = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="sig_two")
    inspection = services.inspection_create(actor=one, enterprise_id=a.pk, inspector_ids=[one.pk, two.pk])
    for item_id in TemplateItem.objects.filter(template_id=inspection.template_id).values_list(
        "item_id", flat=True
    ):
        services.result_record(actor=one, inspection=inspection.pk, item_id=item_id, result="pass")
    return services.inspection_conclude(actor=one, inspection=inspection.pk), one


def _touch_stroke(page, box) -> None:
    """A finger stroke across the pad through the DevTools protocol (real touch events, which Chromium
    turns into pointer events of type touch)."""
    cdp = page.context.new_cdp_session(page)
    x0, y0, w, h = box["x"], box["y"], box["width"], box["height"]
    points = [(x0 + w * (0.1 + 0.08 * n), y0 + h * (0.3 + 0.4 * (n % 2))) for n in range(10)]
    cdp.send(
        "Input.dispatchTouchEvent",
        {"type": "touchStart", "touchPoints": [{"x": points[0][0], "y": points[0][1]}]},
    )
    for x, y in points[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_drawn_signature_is_a_png_on_the_record(chromium, live_server):
    from shouhu.workflow.checklists.models import Signature

    inspection, one = _world()
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    blocked: list[str] = []

    def guard(route):
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.set_default_timeout(60_000)  # a shared, loaded machine
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "sig_one")
        page.fill("#id_password", "sig-pass-12345")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        page.goto(f"{live_server.url}/inspection/{inspection.pk}/")
        pad = page.locator("[data-testid=signature-pad]")
        pad.scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # fits the phone
        _touch_stroke(page, pad.bounding_box())
        page.wait_for_selector("[data-testid=signature-pad][data-sh-signed=true]")
        assert page.eval_on_selector("input[name=drawing_png]", "e => e.value").startswith(
            "data:image/png;base64,"
        )
        pad.locator("xpath=ancestor::form").locator("button:not([type=button])").click()
        deadline = time.monotonic() + 60
        while not Signature.objects.filter(signer=one).exists() and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        sig = Signature.objects.select_related("image").get(signer=one)
        assert sig.image is not None and sig.image.content_type == "image/png" and sig.drawing.startswith("M")
        page = context.new_page()  # the signing page reloads itself once the outbox is empty
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_server.url}/inspection/{inspection.pk}/record.pdf?format=html")
        img = page.locator("[data-testid=signature-image]")
        assert img.count() == 1
        assert page.evaluate("document.querySelector('[data-testid=signature-image]').naturalWidth") == 600
        page.goto(f"{live_server.url}/inspection/{inspection.pk}/team/")
        assert page.locator("[data-testid=section]").count() > 3
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the team page fits too
        assert not errors, errors
    finally:
        context.close()
    assert not blocked, blocked
