"""Browser walk over every page kind in English, as the demo accounts see them: no untranslated UI text, and
the top bar keeps the user's name, logout and the language switch on the navy bar.

The demo landscape (`shouhu demo-data`, a few enterprises) is generated into the test database; each demo
account follows the links of its own pages, one page per kind (the same URL with another id is the same
kind). A page fails on Chinese characters in a visible text node, a placeholder, an aria-label or a title
that is not inside an element marked lang="zh-Hans" (Chinese data: names, addresses, rule texts).
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from shouhu.demo.generate import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNTS = ("province_admin", "changsha_reviewer", "yuelu_inspector", "ent01_principal", "platform_admin")
# Not pages a person reads in the platform's chrome: downloads, the API and its docs, Django's admin, the
# official Chinese print documents (审查报告, 核查记录: <html lang="zh-Hans">, checked as a whole below).
SKIP = re.compile(
    r"^/(api|admin|static|media|i18n|logout)/|/(xlsx|csv|pdf|epcis|document|documents)/?|/report/|/record/"
)
PAGES_PER_ACCOUNT = 14

# Text nodes (and the attributes a reader meets) with Chinese outside lang="zh-Hans"; the page's own
# <title> is left out (it names the object, e.g. an enterprise, before the platform's name).
UNTRANSLATED_JS = r"""
() => {
  const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  const zh = (el) => { const l = el && el.closest('[lang]'); return !!l && l.lang.toLowerCase().startsWith('zh'); };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
    if (cjk.test(n.textContent) && !zh(el)) found.push(n.textContent.trim().slice(0, 80));
  }
  for (const el of document.body.querySelectorAll('[placeholder], [aria-label], [title]')) {
    for (const a of ['placeholder', 'aria-label', 'title']) {
      const v = el.getAttribute(a);
      if (v && cjk.test(v) && !zh(el)) found.push('@' + a + ': ' + v.slice(0, 80));
    }
  }
  return [...new Set(found)];
}
"""
LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"


def _kind(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", path)


@pytest.fixture
def demo(db):
    call_command("demo-data", "--enterprises", "4", "--quiet")


def _slow_machine(session) -> None:
    """The first requests of a fresh live server (rules engine, divisions) are slow on a loaded machine."""
    session.context.set_default_timeout(60_000)
    session.context.set_default_navigation_timeout(60_000)


def _english(browsing, username: str):
    session = browsing(locale="en-US")
    _slow_machine(session)
    host = urlparse(session.base_url).hostname
    session.context.add_cookies([{"name": "django_language", "value": "en", "domain": host, "path": "/"}])
    session.login(username, DEMO_PASSWORD)
    return session


def test_every_page_kind_reads_in_english(browsing, demo):
    untranslated: dict[str, list[str]] = {}
    visited = 0
    for username in ACCOUNTS:
        session = _english(browsing, username)
        page = session.page
        queue, kinds = ["/"], set()
        while queue and len(kinds) < PAGES_PER_ACCOUNT:
            path = urlparse(queue.pop(0)).path
            if SKIP.search(path) or _kind(path) in kinds:
                continue
            kinds.add(_kind(path))
            response = page.goto(session.base_url + path)
            if (
                response is None
                or response.status != 200
                or "html" not in response.headers.get("content-type", "")
            ):
                continue
            visited += 1
            assert page.evaluate("document.documentElement.lang") == "en", path
            found = page.evaluate(UNTRANSLATED_JS)
            if found:
                untranslated[f"{username} {path}"] = found
            for href in page.evaluate(LINKS_JS):
                target = urlparse(href)
                if href.startswith("/") and not target.netloc and _kind(target.path) not in kinds:
                    queue.append(target.path)
        session.close()
    assert visited >= 30, f"only {visited} pages walked"
    report = "\n".join(f"{where}: {texts[:8]}" for where, texts in untranslated.items())
    assert not untranslated, f"untranslated UI text on {len(untranslated)} pages:\n{report}"


TOP_BAR_JS = """
() => {
  const bar = document.querySelector('.sh-header').getBoundingClientRect();
  const within = (sel) => {
    const el = document.querySelector(sel);
    if (!el) return sel + ': missing';
    const r = el.getBoundingClientRect();
    const ok = r.width > 0 && r.top >= bar.top - 1 && r.bottom <= bar.bottom + 1 && r.left >= 0
      && r.right <= document.documentElement.clientWidth + 1;
    return ok ? null : `${sel}: ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`
      + ` outside the bar ${Math.round(bar.width)}×${Math.round(bar.height)}`;
  };
  const problems = ['.sh-user-name', '.sh-user form[action$="/logout/"] button', '[data-testid=language-switcher]',
                    '[data-testid=main-nav] .nav-item:last-child'].map(within).filter(Boolean);
  // it may wrap (rather than push anything off its edge), but not take over the screen
  if (bar.height > 160) problems.push(`the bar takes ${Math.round(bar.height)} px`);
  return problems;
}
"""


@pytest.mark.parametrize(("language", "width"), [("zh-hans", 1024), ("en", 1280)])
def test_top_bar_fits(browsing, demo, language, width):
    problems = {}
    for username in ACCOUNTS:
        session = browsing(locale="en-US" if language == "en" else "zh-CN")
        _slow_machine(session)
        host = urlparse(session.base_url).hostname
        session.context.add_cookies(
            [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
        )
        session.page.set_viewport_size({"width": width, "height": 800})
        session.login(username, DEMO_PASSWORD)
        found = session.page.evaluate(TOP_BAR_JS)
        if found:
            problems[username] = found
        session.close()
    assert not problems, f"top bar at {width} px in {language}: {problems}"
