"""Browser fixtures: headless Debian chromium via Playwright, with every non-local request aborted.

Never `playwright install` (it downloads a browser): the tests drive /usr/bin/chromium. Without it they
skip with a reason; in CI (CI=true) they fail instead, so a missing browser cannot pass unnoticed.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"{CHROMIUM} is not installed (apt-get install chromium): browser tests not run"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _own_static_files(settings):
    """Serve src/shouhu/static (the platform's stylesheet and icon) even while the settings do not list it
    in STATICFILES_DIRS; changing the setting clears the static finders' cache."""
    own = Path(settings.BASE_DIR) / "static"
    if own not in [Path(d) for d in settings.STATICFILES_DIRS]:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, own]


class Browsing:
    """A browser context in Chinese whose requests may only go to the live server."""

    def __init__(self, browser, base_url: str, *, javascript: bool = True, locale: str = "zh-CN"):
        self.base_url = base_url
        self.blocked: list[str] = []
        self.context = browser.new_context(
            locale=locale, java_script_enabled=javascript, viewport={"width": 1366, "height": 900}
        )
        self.context.set_default_timeout(20_000)
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()

    def _guard(self, route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def login(self, username: str, password: str) -> None:
        page = self.page
        page.goto(f"{self.base_url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert urlparse(page.url).path == "/", page.inner_text("main")[:500]

    def nav(self, name: str):
        """The bar's link `name`, its menu opened first when it sits in one (as a user would click)."""
        link = self.page.locator("[data-testid=main-nav]").get_by_role(
            "link", name=name, exact=True, include_hidden=True
        )
        if not link.is_visible():
            link.locator("xpath=ancestor::li[contains(@class, 'dropdown')]/button").click()
        return link

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browsing(chromium, live_server):
    sessions: list[Browsing] = []

    def open_(**kwargs) -> Browsing:
        session = Browsing(chromium, live_server.url, **kwargs)
        sessions.append(session)
        return session

    yield open_
    for session in sessions:
        session.close()
    attempted = [url for s in sessions for url in s.blocked]
    assert not attempted, f"pages tried to reach other hosts: {attempted}"
