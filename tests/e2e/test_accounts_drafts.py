"""Work in progress survives the idle time-out (issue 18 point 4): the form's draft is kept in the browser,
the expired POST sends the user through the login page back to the form, and the draft is put back."""

from __future__ import annotations

import time

import factories as t
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from shouhu.accounts.login import SEEN
from shouhu.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTES = "现场检查记录：第三车间地面积水，已要求整改"


def _age_every_session(seconds: int) -> None:
    for row in Session.objects.all():
        store = SessionStore(session_key=row.session_key)
        store[SEEN] = int(time.time()) - seconds
        store.save()


def test_draft_survives_reauthentication(chromium, live_server, settings):
    settings.ROOT_URLCONF = "accounts.draft_urls"
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS]
    t.make_user(
        Role.INSPECTOR, division_code=t.COUNTY, username="draft_inspector", password="draft-pass-12345"
    )
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()

    def login():
        page.fill("#id_username", "draft_inspector")
        page.fill("#id_password", "draft-pass-12345")
        with page.expect_navigation():
            page.click("main button[type=submit]")

    page.goto(f"{live_server.url}/login/?next=/draft-test/")
    login()
    page.fill("#notes", NOTES)
    page.check("#ok")
    _age_every_session(settings.SHOUHU_SESSION_IDLE_SECONDS + 5)  # the inspector went away for a while
    with page.expect_navigation():
        page.click("#save")
    assert "/login/" in page.url and "next=/draft-test/" in page.url
    assert "会话已超时" in page.inner_text("main")
    login()
    assert page.url.endswith("/draft-test/")
    page.wait_for_selector("form[data-sh-draft-restored=true]")
    assert page.input_value("#notes") == NOTES and page.is_checked("#ok")
    with page.expect_navigation():
        page.click("#save")  # stored now: the page says so, and the draft is dropped
    page.wait_for_selector("[data-testid=saved]")
    page.goto(f"{live_server.url}/draft-test/")
    assert page.input_value("#notes") == ""
    context.close()
