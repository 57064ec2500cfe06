"""Issue 26 point 3 in the browser: results scored offline meet a server that moved on — the same item was
scored from another phone meanwhile, and the session expired. Going online, the page says the login has
expired and keeps the queue; after logging in again through the status's link, the sound entry is
stored, the clashing one is shown as a conflict with its reason (never overwritten), and the inspector
resolves it visibly by discarding the phone's copy."""

from __future__ import annotations

import pytest
from test_inspection_offline import _results, _score_offline, _world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_conflict_shown_and_resolved_after_the_session_expired(browsing):
    from django.contrib.sessions.models import Session

    from shouhu.accounts.models import User
    from shouhu.inspection import services

    inspection, items = _world()
    items = items[:2]
    s = browsing()
    s.context.set_default_timeout(60_000)  # a shared, loaded CI machine
    s.login("off_one", "off-pass-12345")
    _score_offline(s, inspection, items)  # item 0 fail, item 1 pass, both queued and the page reloaded
    one = User.objects.get(username="off_one")
    services.result_record(actor=one, inspection=inspection.pk, item_id=items[0].item_id, result="pass")
    Session.objects.all().delete()  # the session expired while the phone was offline
    page = s.page
    s.context.set_offline(False)
    page.wait_for_selector("[data-testid=offline-status][data-state=expired]")
    assert page.locator("[data-testid=outbox-entry][data-state=waiting]").count() == 2  # the queue is kept
    assert len(_results(inspection)) == 1
    with page.expect_navigation():
        page.click("[data-sh-offline-login]")  # 重新登录, back to this page afterwards
    page.fill("#id_username", "off_one")
    page.fill("#id_password", "off-pass-12345")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=offline-status][data-state=conflict]")
    assert f"/inspection/{inspection.pk}/" in page.url
    clash = page.locator("[data-testid=outbox-entry][data-state=conflict]")
    assert clash.count() == 1 and "服务器上为「符合」" in clash.inner_text()
    got = dict((r[0], r[1]) for r in _results(inspection))
    assert got == {items[0].item_id: "pass", items[1].item_id: "pass"}  # stored once; nothing overwritten
    clash.locator("[data-sh-discard]").click()  # the inspector keeps the server's result, visibly
    page.wait_for_selector("[data-testid=offline-status][data-state=synced]")
    assert page.locator("[data-testid=outbox-entry]").count() == 0
    assert len(_results(inspection)) == 2
