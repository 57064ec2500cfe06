"""Walk every page kind of the demo landscape in a browser, as the demo roles, in Chinese and in English.

A *page kind* is a resolved view (`registry:enterprise-detail`), whatever its arguments: the walk starts at
each role's home page, follows same-site links breadth first and opens each kind once per language (the
first role that reaches it). On each page it hands the live Playwright page to the callers' `checks`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

from django.urls import Resolver404, resolve

DEMO_PASSWORD = "shouhu2026"  # shouhu.demo.generate.DEMO_PASSWORD; asserted in make_demo()
# Anonymous first (the login page), then one account per kind of user in the demo: the platform, the
# province, a city reviewer, a county inspector, an enterprise's principal and its food safety officer.
ROLES = (
    "",
    "platform_admin",
    "province_admin",
    "changsha_reviewer",
    "yuelu_inspector",
    "ent01_principal",
    "ent01_officer",
)
LANGUAGES = ("zh-hans", "en")
# Not pages: actions (POST), downloads, htmx fragments, the admin and the API (tested on their own).
SKIP_PREFIXES = ("/logout", "/i18n/", "/admin/", "/api/", "/static/", "/media/")
SKIP_NAME_PARTS = (
    "action",
    "report",
    "document",
    "job",
    "count",
    "score",
    "disable",
    "unlock",
    "recovery",
    "export",
    "xlsx",
    "pdf",
    "download",
    "book",
    "brief",  # the command view's weekly PDF brief
)
SKIP_VIEWS = {"licensing:record"}  # a verification record's PDF
# Pages not every role's navigation links: opened directly (a 403 or 404 for this role is passed over).
EXTRA_PATHS = ("/checklists/runs/", "/findings/", "/publications/", "/account/api-keys/", "/trace/lookup/")
# Page kinds per role and language: every role gets its own pages walked (a global budget was spent by
# the platform admin alone once the apps grew past it), and the walk still ends.
ROLE_BUDGET = 40


@dataclass
class Visit:
    language: str
    role: str
    kind: str
    url: str


@dataclass
class Walk:
    visits: list[Visit] = field(default_factory=list)
    findings: dict[str, list[str]] = field(default_factory=dict)

    def add(self, check: str, visit: Visit, problem: str) -> None:
        self.findings.setdefault(check, []).append(
            f"[{visit.language} {visit.role or 'anonymous'}] {visit.url} ({visit.kind}): {problem}"
        )

    def kinds(self, language: str) -> set[str]:
        return {v.kind for v in self.visits if v.language == language}


def make_demo(enterprises: int = 3) -> None:
    from django.core.management import call_command

    from shouhu.demo.generate import DEMO_PASSWORD as password

    assert password == DEMO_PASSWORD
    call_command("demo-data", enterprises=enterprises, stdout=io.StringIO())


def page_kind(path: str) -> str | None:
    if path.startswith(SKIP_PREFIXES) or "." in path.rsplit("/", 1)[-1]:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name in SKIP_VIEWS or any(part in (match.url_name or "") for part in SKIP_NAME_PARTS):
        return None
    return name


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    host = urlparse(base).netloc
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urljoin(page.url, href)
        parsed = urlparse(url)
        if parsed.netloc != host:
            continue
        out.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return out


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert urlparse(page.url).path == "/", (username, page.url, page.inner_text("main")[:300])


def walk(
    browser,
    base: str,
    checks: Callable[[object, Visit, Walk], None],
    *,
    languages: tuple[str, ...] = LANGUAGES,
    roles: tuple[str, ...] = ROLES,
) -> Walk:
    result = Walk()
    host = urlparse(base).hostname
    for language in languages:
        seen: set[str] = set()
        for role in roles:
            context = browser.new_context(
                locale="zh-CN" if language == "zh-hans" else "en-US", viewport={"width": 1366, "height": 900}
            )
            context.set_default_timeout(30_000)
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if urlparse(route.request.url).hostname == host else route.abort()
                ),
            )
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            try:
                if role:
                    _login(page, base, role)
                    queue = ["/", *EXTRA_PATHS]
                else:
                    queue = ["/login/", "/no-such-page/"]
                queued = set(queue)
                new_here = 0
                while queue and new_here < ROLE_BUDGET:
                    path = queue.pop(0)
                    kind = page_kind(path) or ("404" if path == "/no-such-page/" else None)
                    if kind is None:
                        continue
                    if kind in seen and path != "/":
                        continue
                    answer = page.goto(base + path)
                    if answer is None or "text/html" not in (answer.headers.get("content-type") or ""):
                        continue
                    if answer.status >= 400 and kind != "404":
                        continue
                    page.wait_for_load_state("load")
                    for link in _links(page, base):
                        if link not in queued and (page_kind(link) or "") not in seen:
                            queued.add(link)
                            queue.append(link)
                    if kind in seen:
                        continue
                    seen.add(kind)
                    new_here += 1
                    visit = Visit(language, role, kind, path)
                    result.visits.append(visit)
                    checks(page, visit, result)
            finally:
                context.close()
    return result
