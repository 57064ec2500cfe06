"""The pages a person notices: the portal files and shows the number once, the status page escapes what
was typed, the county's inbox flags overdue ones, the enterprise answers on the complaint's page."""

from __future__ import annotations

from datetime import timedelta

import factories as t
import pytest
from django.test import Client
from django.utils import timezone

from shouhu.complaints import services
from shouhu.complaints.models import Submission
from shouhu.workflow.obligations.models import Obligation

from .conftest import complaint, png

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script>'


def test_the_portal_files_without_login_and_the_status_page_escapes_the_text(ent):
    c = Client()
    assert c.get("/complaints/").status_code == 200
    resp = c.post(
        "/complaints/",
        {**complaint(ent, description=f"异味 {SCRIPT}"), "consent_forward": "on", "photos": [_upload()]},
    )
    assert resp.status_code == 201
    s = Submission.objects.get()
    html = resp.content.decode()
    assert s.tracking_no in html and s.photos.count() == 1
    token = html.split('data-testid="token">', 1)[1].split("<", 1)[0]
    services.submission_act(
        actor=t.make_user("inspector", division_code=t.COUNTY), submission=s, action="accept", note=SCRIPT
    )
    page = c.post("/complaints/status/", {"tracking_no": s.tracking_no, "token": token}).content.decode()
    assert "已受理" in page and SCRIPT not in page and "&lt;script&gt;" in page
    assert c.post("/complaints/status/", {"tracking_no": s.tracking_no, "token": "x"}).status_code == 404


def test_a_refused_filing_keeps_what_was_typed_and_writes_nothing(ent):
    resp = Client().post("/complaints/", {**complaint(ent, contact_phone=""), "description": SCRIPT})
    assert resp.status_code == 422 and not Submission.objects.exists()
    html = resp.content.decode()
    assert "&lt;script&gt;" in html and SCRIPT not in html


def test_the_inbox_flags_overdue_and_the_enterprise_answers_a_forwarded_complaint(ent, county, principal):
    s = services.submission_file(data=complaint(ent)).submission
    Obligation.objects.filter(subject_id=str(s.pk)).update(due_at=timezone.now() - timedelta(days=2))
    c = Client()
    c.force_login(county)
    inbox = c.get("/complaints/inbox/?overdue=1").content.decode()
    assert s.tracking_no in inbox and "已逾期" in inbox
    assert "受理决定 1" in inbox  # overdue by step
    assert c.post(f"/complaints/{s.pk}/", {"action": "accept"}).status_code == 409  # late: extend first
    c.post(f"/complaints/{s.pk}/", {"action": "extend", "amount": "2", "note": "补充材料"})
    assert c.post(f"/complaints/{s.pk}/", {"action": "accept"}).status_code == 302
    c.post(f"/complaints/{s.pk}/", {"action": "forward", "note": "请先行处理"})
    e = Client()
    e.force_login(principal)
    assert s.tracking_no in e.get("/complaints/inbox/").content.decode()
    assert e.post(f"/complaints/{s.pk}/", {"action": "answer", "answer": "已退货"}).status_code == 302
    assert Submission.objects.get(pk=s.pk).enterprise_answer == "已退货"


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.png", png(), content_type="image/png")


def test_the_decision_documents_print_for_the_state_reached(ent, county, principal):
    s = services.submission_file(data=complaint(ent)).submission
    c = Client()
    c.force_login(county)
    assert c.get(f"/complaints/{s.pk}/documents/acceptance/").status_code == 404  # not decided yet
    services.submission_act(actor=county, submission=s, action="decline", note="不属于本部门管辖")
    html = c.get(f"/complaints/{s.pk}/documents/non-acceptance/").content.decode()
    assert (
        "不予受理决定书" in html
        and "不属于本部门管辖" in html
        and s.tracking_no in html
        and "第十八条" in html
    )
    assert c.get(f"/complaints/{s.pk}/documents/acceptance/").status_code == 404
    e = Client()
    e.force_login(principal)
    # not forwarded to the enterprise, so outside its view: not found, before any permission answer
    assert e.get(f"/complaints/{s.pk}/documents/non-acceptance/").status_code == 404
