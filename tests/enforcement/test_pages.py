"""Enforcement pages (issue 30, point 4): the regulator's list by state, deadline and violation with the
overdue filter and the Excel export, the clues to register, a case's forms through to decision and its
documents, the statistics; the credit file for the enterprise and its regulator, the public credit page and
typical cases without login; outsiders get 404; phone-friendly (no fixed widths, 44 px targets)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from shouhu.enforcement import services
from shouhu.enforcement.models import Case

from .conftest import age, decided, filed

pytestmark = pytest.mark.django_db


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_regulator_registers_a_clue_files_and_sees_the_case_in_the_list(world):
    c = client(world.insp)
    page = c.get("/enforcement/clues/")
    assert page.status_code == 200 and "进货查验记录缺失" in page.content.decode()
    r = c.post(f"/enforcement/clues/{world.clue.pk}/register/", {"violation": "incoming"})
    case = Case.objects.get(clue=world.clue)
    assert r.status_code == 302 and r.url == f"/enforcement/{case.pk}/"
    c.post(f"/enforcement/{case.pk}/do/file/", {"note": "经负责人批准立案"})
    html = c.get(f"/enforcement/{case.pk}/").content.decode()
    assert "调查中" in html and "作出处理决定" in html and "第六十四条" in html
    assert f'href="/enterprises/{world.a.pk}/" data-testid="clue-source"' in html  # the clue's record
    assert "监督检查重点项不符合" in html and "inspection.key_item" not in html  # words, not codes
    listing = c.get("/enforcement/?status=open&violation=incoming").content.decode()
    assert case.number in listing and "未按规定进货查验、出厂检验" in listing
    assert case.number not in c.get("/enforcement/?status=open&violation=label").content.decode()


def test_overdue_filter_and_excel_export(world):
    late, fresh = filed(world), None
    age(late, "decision", 100)
    from .conftest import raise_clue

    world.clue = raise_clue(world.insp, world.a, "另一线索")
    fresh = filed(world)
    c = client(world.insp)
    html = c.get("/enforcement/?status=&overdue=1").content.decode()
    assert late.number in html and fresh.number not in html and "已逾期" in html
    r = c.get("/enforcement/?status=&format=xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    numbers = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert numbers == {late.number, fresh.number}


def test_a_late_decision_on_the_page_says_why_and_writes_nothing(world):
    case = filed(world)
    age(case, "decision", 100)
    c = client(world.insp)
    r = c.post(
        f"/enforcement/{case.pk}/do/decide/",
        {"procedure": "general", "penalties": ["warning"], "decision_no": "岳市监处罚〔2026〕7号"},
        follow=True,
    )
    assert "已超过作出处理决定的期限" in r.content.decode()
    assert Case.objects.get(pk=case.pk).status == "investigating"


def test_documents_and_statistics(world):
    case = decided(world)
    c = client(world.insp)
    html = c.get(f"/enforcement/{case.pk}/documents/decision/").content.decode()
    assert "行政处罚决定书" in html and "岳市监处罚〔2026〕1号" in html
    assert c.get(f"/enforcement/{case.pk}/documents/referral/").status_code == 404
    # rendered off the request: the waiting page hands the file over once it is made
    pdf = c.get(f"/enforcement/{case.pk}/documents/filing/?format=pdf", follow=True)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    stats = c.get("/enforcement/statistics/").content.decode()
    assert "未按规定进货查验" in stats


def test_outsiders_get_404_and_enterprises_no_case_pages(world):
    case = filed(world)
    assert client(world.insp_b).get(f"/enforcement/{case.pk}/").status_code == 404
    assert client(world.principal).get(f"/enforcement/{case.pk}/").status_code == 403
    assert client(world.principal).get("/enforcement/").status_code == 403
    assert client(world.principal_b).get(f"/enforcement/credit/{world.a.pk}/").status_code == 404


def test_credit_file_public_page_and_typical_cases(world):
    case = services.case_publish(actor=world.insp, case=decided(world, penalties=("fine", "revocation")).pk)
    own = client(world.principal).get(f"/enforcement/credit/{world.a.pk}/").content.decode()
    assert "岳市监处罚〔2026〕1号" in own and "名单内" in own and "申请信用修复" in own
    anon = Client().get(f"/enforcement/public/credit/{world.a.pk}/").content.decode()
    assert "岳市监处罚〔2026〕1号" in anon and "列入日期" in anon
    other = Client().get(f"/enforcement/public/credit/{world.b.pk}/").content.decode()
    assert "岳市监处罚" not in other
    r = client(world.principal).post(
        f"/enforcement/credit/{world.a.pk}/do/repair/",
        {"case": case.pk, "harm_removed": "已召回", "commitment": "守法"},
        follow=True,
    )
    assert "未满1年" in r.content.decode()
    assert Client().get("/enforcement/public/typical/").status_code == 200


def test_nav_shows_enforcement_to_regulators_and_the_credit_file_to_staff(world):
    assert "/enforcement/" in client(world.insp).get("/").content.decode()
    home = client(world.principal).get("/").content.decode()
    assert f"/enforcement/credit/{world.a.pk}/" in home


def test_the_list_runs_a_pinned_number_of_queries_whatever_the_number_of_cases(world):
    """The province's list reads the case rows only (the nearest deadline is copied on each): the same
    queries for 2 cases as for 6 (the speed budget itself is bench/enforcement_bench.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import raise_clue

    def count() -> int:
        c = client(world.jadm)
        c.get("/enforcement/")  # session, nav and catalog warm
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/enforcement/?status=").status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        world.clue = raise_clue(world.insp, world.a, f"线索{i}")
        filed(world)
    few = count()
    for i in range(4):
        world.clue = raise_clue(world.insp, world.a, f"更多线索{i}")
        services.case_register(actor=world.insp, clue=world.clue)
    assert count() == few
    assert few <= 12, few


def test_english_pages_are_translated_with_chinese_data_marked(world):
    """Every enforcement page in English: no Chinese outside data marked lang="zh-Hans"."""
    from tests.licensing.test_pages_words import _untranslated

    case = services.case_publish(actor=world.insp, case=decided(world, penalties=("fine", "revocation")).pk)
    pages = {
        world.jadm: [
            "/enforcement/?status=",
            "/enforcement/clues/",
            "/enforcement/statistics/",
            f"/enforcement/{case.pk}/",
            f"/enforcement/credit/{world.a.pk}/",
        ],
        world.principal: [f"/enforcement/credit/{world.a.pk}/"],
    }
    for user, urls in pages.items():
        c = client(user)
        c.cookies["django_language"] = "en"
        for url in urls:
            html = c.get(url).content.decode()
            assert 'lang="en"' in html[:300], url
            assert not _untranslated(html), f"{url}: {_untranslated(html)[:10]}"
    anon = Client()
    anon.cookies["django_language"] = "en"
    for url in (f"/enforcement/public/credit/{world.a.pk}/", "/enforcement/public/typical/"):
        html = anon.get(url).content.decode()
        assert not _untranslated(html), f"{url}: {_untranslated(html)[:10]}"
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)  # the requests left English active in this thread
