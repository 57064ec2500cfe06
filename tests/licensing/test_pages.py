"""Licensing pages, printable documents and exports; page actions show refusals and change nothing."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shouhu.licensing import services as svc
from shouhu.licensing.models import Document

from .conftest import fill_application, full_trial_report, score_all, sign_all, to_accepted

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> bytes:
    """The PDF with its Flate streams inflated (font names may sit in compressed object streams)."""
    import zlib

    out = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(m.group(1)))
    return b"".join(out)


def client(user):
    c = Client()
    c.force_login(user)
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


def test_pages_render_for_each_role(verified, principal_a, city_reviewer, inspectors):
    app, ver = verified
    for user in (principal_a, city_reviewer, inspectors[0]):
        c = client(user)
        assert c.get("/licensing/").status_code == 200
        r = c.get(f"/licensing/{app.pk}/")
        assert r.status_code == 200 and app.reference in r.content.decode()
        r = c.get(f"/licensing/verifications/{ver.pk}/")
        body = r.content.decode()
        assert r.status_code == 200 and "生产场所" in body and "核查结论" in body
        assert "挤压膨化设备「双螺杆挤压膨化机」单台设计能力 250 kg/h，不满足 &gt;= 300 kg/h" in body


def test_documents_are_served_inside_the_tenancy(verified, city_reviewer):
    app, _ = verified
    doc = app.documents.first()
    r = client(city_reviewer).get(f"/licensing/documents/{doc.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_other_enterprise_gets_404(verified, officer_b):
    app, ver = verified
    c = client(officer_b)
    assert c.get(f"/licensing/{app.pk}/").status_code == 404
    assert c.get(f"/licensing/verifications/{ver.pk}/").status_code == 404
    assert c.get(f"/licensing/verifications/{ver.pk}/record.pdf").status_code == 404


def test_record_html_pdf_and_excel(verified, city_reviewer):
    app, ver = verified
    c = client(city_reviewer)
    html = c.get(f"/licensing/verifications/{ver.pk}/record.html").content.decode()
    assert "现场核查记录" in html and "通过" in html and "第二十五条" in html
    pdf = c.get(f"/licensing/verifications/{ver.pk}/record.pdf", follow=True)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content)  # the CJK TrueType font is embedded (subset), under its CSS family name
    assert re.search(rb"/FontName /[A-Z]+\+(ShouhuCJK|WenQuanYi)", text) and b"/FontFile2" in text
    report = c.get(f"/licensing/{app.pk}/report.pdf", follow=True)
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    xlsx = c.get(f"/licensing/verifications/{ver.pk}/record.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    ws = wb["现场核查表"]
    assert ws.max_row == 2 + ver.items.count()
    assert ws.cell(3, 2).value == "生产场所"
    assert "自动预检" in wb.sheetnames


def test_pdf_unavailable_is_said_on_the_page_with_the_html_version_not_a_crash(
    verified, city_reviewer, monkeypatch
):
    _, ver = verified
    from shouhu.core import jobs

    def broken(target, payload, **caps):  # the renderer's child answers as it does without pango
        return "error", {"code": "job.error", "detail": "WeasyPrint unavailable: no pango"}

    monkeypatch.setattr(jobs, "run_isolated", broken)
    r = client(city_reviewer).get(f"/licensing/verifications/{ver.pk}/record.pdf", follow=True)
    page = r.content.decode()
    assert r.status_code == 200 and 'data-status="failed"' in page and "no pango" in page
    assert f'href="/licensing/verifications/{ver.pk}/record.html"' in page


def test_page_upload_of_wrong_type_shows_error_and_stores_nothing(principal_a, ent_a):
    app = fill_application(principal_a, ent_a, documents=False)
    c = client(principal_a)
    r = c.post(
        f"/licensing/{app.pk}/do/document/",
        {"kind": "site_plan", "title": "x", "file": SimpleUploadedFile("x.pdf", b"GIF89a....")},
        follow=True,
    )
    assert "文件类型不允许" in r.content.decode()
    assert not Document.objects.filter(application=app).exists()


def test_enterprise_walks_application_pages(principal_a, ent_a):
    c = client(principal_a)
    r = c.post(
        "/licensing/new/",
        {"kind": "new", "site_address": "麓谷大道1号", "site_division_code": "430104"},
    )
    assert r.status_code == 302
    app_url = r["Location"]
    r = c.post(
        app_url + "do/product/",
        {"category": "3001", "variety": "婴幼儿谷物辅助食品", "processes": ["extrusion"]},
        follow=True,
    )
    assert "已添加申请品种" in r.content.decode()
    r = c.post(app_url + "do/submit/", follow=True)
    assert "已提交" in r.content.decode()
    actions = re.findall(r'data-testid="history-action">([^<]*)<', r.content.decode())
    assert actions == ["新建许可申请", "提交许可申请"]


def test_flash_messages_and_refusals_follow_the_chosen_language(principal_a, ent_a):
    from django.conf import settings
    from django.utils import translation
    from django.utils.html import escape

    from shouhu.licensing.models import APPLICATION_FLOW

    app = fill_application(principal_a, ent_a, documents=False)
    c = client(principal_a)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = c.post(
        f"/licensing/{app.pk}/do/document/",
        {"kind": "site_plan", "title": "x", "file": SimpleUploadedFile("x.pdf", b"GIF89a....")},
        follow=True,
    )
    body = r.content.decode()
    assert "file type not allowed" in body and "文件类型不允许" not in body
    r = c.post(f"/licensing/{app.pk}/do/submit/", follow=True)
    body = r.content.decode()
    assert "Application submitted" in body  # the flash
    assert "Licence application submitted" in body and "licensing.application.submit" not in body  # history
    r = c.post(f"/licensing/{app.pk}/do/submit/", follow=True)  # submitted: the table refuses
    with translation.override("en"):
        refusal = APPLICATION_FLOW.refusal("submit", "submitted").message
    assert escape(refusal) in r.content.decode()
