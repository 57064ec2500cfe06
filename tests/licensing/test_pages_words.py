"""Licensing pages read as words in either language (issue 16): the list fills 类型 and 状态, processes and
scores by name, English pages translated with Chinese data marked lang="zh-Hans"."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from shouhu.licensing import services as svc

from .conftest import fill_application, full_trial_report, score_all, sign_all, to_accepted

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


class _Untranslated(HTMLParser):
    """Chinese text outside any element marked lang="zh-Hans" (and outside <title>, scripts, styles)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        zh = dict(attrs).get("lang", "").lower().startswith("zh")
        inherited = zh or (self.stack[-1][1] if self.stack else False) or tag in ("title", "script", "style")
        if tag not in self.VOID:
            self.stack.append((tag, inherited))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if CJK.search(data) and not (self.stack and self.stack[-1][1]):
            self.found.append(data.strip()[:80])


def _untranslated(html: str) -> list[str]:
    parser = _Untranslated()
    parser.feed(html)
    return parser.found


def _client(user, language="zh-hans"):
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = language
    return c


@pytest.fixture
def verified(principal_a, ent_a, city_reviewer, inspectors):
    app = fill_application(principal_a, ent_a, extruder_kg_h=250)
    full_trial_report(principal_a, app)
    to_accepted(app, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    score_all(ver, inspectors)
    sign_all(ver, inspectors, principal_a)
    svc.verification_conclude(actor=inspectors[0], verification=ver)
    return app, ver


def test_list_fills_kind_and_status_columns(verified, city_reviewer):
    app, _ver = verified
    app.refresh_from_db()
    body = _client(city_reviewer).get("/licensing/").content.decode()
    row = re.search(rf"{app.reference}.*?</tr>", body, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert str(app.get_kind_display()) in cells, cells
    assert str(app.get_status_display()) in row
    english = _client(city_reviewer, "en").get("/licensing/").content.decode()
    assert "Status" in english and "Varieties" in english


def test_english_pages_are_translated_and_mark_chinese_data(verified, principal_a, city_reviewer, inspectors):
    app, ver = verified
    for user in (principal_a, city_reviewer, inspectors[0]):
        c = _client(user, "en")
        for url in (
            "/licensing/",
            f"/licensing/{app.pk}/",
            f"/licensing/verifications/{ver.pk}/",
            "/licensing/rectifications/",
        ):
            response = c.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert 'lang="en"' in html[:300]
            assert not _untranslated(html), f"{user.username} {url}: {_untranslated(html)[:10]}"
    body = _client(city_reviewer, "en").get(f"/licensing/verifications/{ver.pk}/").content.decode()
    assert "Production premises" in body and "Conforms" in body  # parts and scores by name
    assert '<span lang="zh-Hans">' in body  # the rule texts and names are Chinese data


def test_processes_show_their_names_not_codes(verified, city_reviewer):
    app, _ver = verified
    codes = [code for p in app.products.all() for code in p.processes]
    assert codes, "the fixture's products name their processes"
    body = _client(city_reviewer).get(f"/licensing/{app.pk}/").content.decode()
    section = body[body.index('data-testid="products"') :].split("</ul>", 1)[0]
    for code in codes:
        assert code not in section, f"process code {code} shown"
