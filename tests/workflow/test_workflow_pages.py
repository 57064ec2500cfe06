"""Kernel pages: a run sheet scored from a phone form, findings acted on by form, tenancy, pinned queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shouhu.workflow.checklists.models import ItemResult
from shouhu.workflow.checklists.services import result_record, run_open, template_from_list
from shouhu.workflow.findings.services import finding_issue


@pytest.fixture
def run(list_template, principal_a, subject_a):
    return run_open(actor=principal_a, template=list_template, subject=subject_a)


def test_the_run_sheet_shows_items_and_takes_a_score(login, principal_a, run):
    c = login(principal_a)
    page = c.get(f"/checklists/runs/{run.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "原料库温湿度记录" in html
        and "重点项" in html
        and "细则第四十条" in html
        and 'name="viewport"' in html
    )
    assert html.count("data-sh-draft=") >= 2  # each item's form is kept in the browser until scored
    r = c.post(f"/checklists/runs/{run.pk}/items/A2/score", {"result": "pass", "note": "有"})
    assert r.status_code == 302
    assert ItemResult.objects.get().result == "pass"
    after = c.get(f"/checklists/runs/{run.pk}/").content.decode()
    assert (
        after.count("data-sh-draft-done=") == 1
        and after.count("data-sh-draft=") == html.count("data-sh-draft=") - 1
    )
    r = c.post(f"/checklists/runs/{run.pk}/items/A3/score", {"measured": "x"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "测量值" in r.content.decode()


def test_the_run_sheet_speaks_english(login, principal_a, run):
    c = login(principal_a)
    c.cookies["django_language"] = "en"
    html = c.get(f"/checklists/runs/{run.pk}/").content.decode()
    assert "Key item" in html and "Conclude" in html


def test_an_item_not_in_the_run_is_refused_on_the_page(login, principal_a, run):
    r = login(principal_a).post(f"/checklists/runs/{run.pk}/items/ZZZ/score", {"result": "pass"})
    assert r.status_code == 422 and ItemResult.objects.count() == 0


def test_another_tenants_run_and_finding_are_404(login, officer_b, run, county_inspector, subject_a):
    c = login(officer_b)
    assert c.get(f"/checklists/runs/{run.pk}/").status_code == 404
    assert c.post(f"/checklists/runs/{run.pk}/items/A2/score", {"result": "pass"}).status_code == 404
    f = finding_issue(actor=county_inspector, subject=subject_a, severity="minor", title="问题")
    assert c.get(f"/findings/{f.pk}/").status_code == 404
    assert c.post(f"/findings/{f.pk}/answer", {"answer": "x"}).status_code == 404


def test_a_finding_is_ordered_answered_with_a_photo_and_accepted_by_form(
    login, county_inspector, principal_a, subject_a, png
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = finding_issue(actor=county_inspector, subject=subject_a, severity="major", title="防鼠设施缺失")
    ci, cp = login(county_inspector), login(principal_a)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert ci.post(f"/findings/{f.pk}/order", {"due_on": due}).status_code == 302
    assert "防鼠设施缺失" in cp.get("/findings/").content.decode()
    r = cp.post(f"/findings/{f.pk}/answer", {"answer": "", "evidence": SimpleUploadedFile("a.png", png)})
    assert r.status_code == 422  # an answer says what was done
    r = cp.post(
        f"/findings/{f.pk}/answer", {"answer": "已安装挡鼠板", "evidence": SimpleUploadedFile("a.png", png)}
    )
    assert r.status_code == 302
    assert cp.post(f"/findings/{f.pk}/accept", {"note": ""}).status_code == 422  # not the decider
    assert ci.post(f"/findings/{f.pk}/accept", {"note": "ok"}).status_code == 302
    f.refresh_from_db()
    assert f.state == "closed"


def _big_run(actor, subject, n):
    items = [
        {
            "item_id": f"I{k}",
            "title": f"项目{k}",
            "scheme": "pass_fail",
            "key": k % 10 == 0,
            "group": f"G{k % 6}",
        }
        for k in range(n)
    ]
    tpl = template_from_list(actor=actor, title="大表", items=items, subject=subject)
    run = run_open(actor=actor, template=tpl, subject=subject)
    for k in range(0, n, 3):
        result_record(actor=actor, run=run, item_id=f"I{k}", result="pass", note="ok")
    return run


@pytest.mark.parametrize("n", [10, 150])
def test_the_run_sheet_query_count_does_not_grow_with_items(n, login, principal_a, subject_a):
    run = _big_run(principal_a, subject_a, n)
    c = login(principal_a)
    c.get(f"/checklists/runs/{run.pk}/")  # warm: session, user
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(f"/checklists/runs/{run.pk}/").status_code == 200
    assert len(ctx.captured_queries) <= 7, [q["sql"] for q in ctx.captured_queries]
