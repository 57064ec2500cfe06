"""Printable documents' PDFs are rendered off the request (issue 12.1): the request queues the PDF and
answers with a waiting page; the page refreshes until the file is there, then hands it over; a failure is
said on the page with the HTML version to print; another user's job is not found."""

from __future__ import annotations

import factories as t
import pytest
from django.test import Client

from shouhu.core import jobs, pdfjobs
from shouhu.core.roles import Role

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def two(db):
    return t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="pdf_a"), t.make_user(
        Role.INSPECTOR, division_code=t.COUNTY, username="pdf_b"
    )


def test_a_queued_pdf_waits_on_a_refreshing_page_then_serves_the_file_to_its_owner_only(two):
    a, b = two
    job_id = "0" * 31 + "1"
    jobs._save(
        job_id,
        {
            "id": job_id,
            "kind": pdfjobs.KIND,
            "status": jobs.RUNNING,
            "owner": {"user": a.pk, "name": "审查报告-1.pdf"},
        },
    )
    page = _client(a).get(f"/documents/pdf/{job_id}/")
    html = page.content.decode()
    assert page.status_code == 202 and '<meta http-equiv="refresh" content="2">' in html
    assert "审查报告-1.pdf" in html and 'data-status="running"' in html
    assert _client(b).get(f"/documents/pdf/{job_id}/").status_code == 404
    assert _client(a).get(f"/documents/pdf/{job_id}/file/").status_code == 404  # not rendered yet


def test_the_rendered_pdf_is_handed_over_once_done(two):
    a, b = two
    job = pdfjobs.submit(user=a, html="<html><body><p>测试文书</p></body></html>", filename="测试.pdf")
    assert job["status"] == jobs.DONE  # the inline test mode renders at once, in the capped child
    done = _client(a).get(f"/documents/pdf/{job['id']}/")
    assert done.status_code == 302 and done["Location"].endswith(f"/documents/pdf/{job['id']}/file/")
    pdf = _client(a).get(done["Location"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "filename*=UTF-8''%E6%B5%8B%E8%AF%95.pdf" in pdf["Content-Disposition"]
    assert _client(b).get(done["Location"]).status_code == 404


def test_a_full_queue_is_a_429_with_retry_after(two, rf, monkeypatch):
    a, _ = two

    def busy(**kw):
        raise jobs.Busy("busy", details={"retry_after": 30, "reason": "jobs.queue_full"})

    monkeypatch.setattr(jobs, "submit", busy)
    request = rf.get("/x.pdf")
    request.user = a
    r = pdfjobs.respond(request, "<p>x</p>", "x.pdf")
    assert r.status_code == 429 and r["Retry-After"] == "30"
