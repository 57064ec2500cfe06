"""Stored label checks: enterprises check before printing, regulators sweep listings; tenancy holds."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.test import Client

from shouhu.core import ledger
from shouhu.core.models import AuditEntry
from shouhu.labelstore.models import LabelCheck, LabelSweep

pytestmark = pytest.mark.django_db

VIOLATING = "产品名称：婴幼儿有机大米米粉\n配料：大米粉、蜂蜜粉、碳酸钙\n益智配方，让宝宝更聪明"
CLEAN = "产品名称：婴幼儿有机大米米粉\n配料：大米、碳酸钙、维生素D\n添加铁、锌。1岁以下婴儿不宜食用蜂蜜。"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post_check(client, **body):
    return client.post("/api/v1/labels/checks", data=json.dumps(body), content_type="application/json")


def test_enterprise_check_is_stored_with_findings_rules_and_ledger(principal_a, ent_a):
    r = post_check(client_for(principal_a), text=VIOLATING, category="3001", as_of="2026-11-23")
    assert r.status_code == 201, r.content
    body = r.json()
    assert {"claim.health_function", "ingredient.banned"} <= set(body["codes"])
    honey = next(f for f in body["result"]["findings"] if f["code"] == "ingredient.banned")
    assert honey["span"]["text"] in VIOLATING and "蜂蜜" in honey["span"]["text"]
    assert honey["basis"]["rule_id"] and "《" in honey["basis"]["citation"]
    assert body["result"]["rules"], "the rule-set versions used are kept with the result"
    record = LabelCheck.objects.get(pk=body["id"])
    assert record.enterprise == ent_a and record.division_code == ent_a.division_code
    assert ledger.history(record).get().chain.key == f"enterprise:{ent_a.pk}"


def test_clean_label_with_negated_honey_has_no_banned_ingredient(principal_a):
    r = post_check(client_for(principal_a), text=CLEAN, category="3001", as_of="2026-11-23")
    assert r.status_code == 201
    assert "ingredient.banned" not in r.json()["codes"]
    assert not any(c.startswith("claim.") for c in r.json()["codes"])


def test_other_enterprise_and_other_county_get_404(
    principal_a, officer_b, county_inspector, city_reviewer, ent_b
):
    check_id = post_check(client_for(principal_a), text=VIOLATING).json()["id"]
    assert client_for(officer_b).get(f"/api/v1/labels/checks/{check_id}").status_code == 404
    assert client_for(county_inspector).get(f"/api/v1/labels/checks/{check_id}").status_code == 200
    other = post_check(client_for(officer_b), text=VIOLATING).json()["id"]
    assert client_for(county_inspector).get(f"/api/v1/labels/checks/{other}").status_code == 404
    assert client_for(city_reviewer).get(f"/api/v1/labels/checks/{other}").status_code == 200
    listed = client_for(officer_b).get("/api/v1/labels/checks").json()["items"]
    assert [c["id"] for c in listed] == [other]
    assert client_for(officer_b).get(f"/labels/checks/{check_id}/").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "x", "fields": {"product_name": "y"}},
        {"category": "3001"},
        {"text": "abc", "category": "9999"},
        {"text": "abc", "as_of": "2026-02-30"},
    ],
)
def test_bad_input_is_422_and_writes_nothing(principal_a, body):
    before = (LabelCheck.objects.count(), AuditEntry.objects.count())
    r = post_check(client_for(principal_a), **body)
    assert r.status_code == 422, r.content
    assert r.json()["code"] == "validation_error" and r.json()["details"]["fields"]
    assert (LabelCheck.objects.count(), AuditEntry.objects.count()) == before


def test_unreadable_image_is_a_clear_error(principal_a):
    c = client_for(principal_a)
    fake = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"garbage" * 20)
    fake.name = "label.png"
    r = c.post("/api/v1/labels/checks/image", {"image": fake})
    assert r.status_code == 422
    assert r.json()["details"]["fields"][0]["code"].startswith("image.")
    assert LabelCheck.objects.count() == 0


def test_pdf_proof_is_checked_before_printing_and_stored(principal_a, ent_a):
    """The printer's proof (印刷稿) is a PDF: its text layer is checked and the result kept like any other."""
    from pathlib import Path

    proof = Path(__file__).resolve().parents[1] / "data" / "labels" / "label_claims_3001.pdf"
    upload = io.BytesIO(proof.read_bytes())
    upload.name = "印刷稿.pdf"
    c = client_for(principal_a)
    r = c.post("/api/v1/labels/checks/image", {"image": upload, "as_of": "2026-11-23"})
    assert r.status_code == 202, (
        r.content
    )  # OCR/PDF work is queued (core.jobs); the status URL says when done
    job = c.get(r.json()["status_url"]).json()
    assert job["status"] == "done", job
    body = c.get(f"/api/v1/labels/checks/{job['check']}").json()
    assert {"claim.health_function", "claim.disease"} <= set(body["codes"])
    record = LabelCheck.objects.get(pk=body["id"])
    assert record.source == "pdf" and record.enterprise == ent_a
    assert record.result["ocr"]["pages"][0]["method"] == "text"
    broken = io.BytesIO(b"%PDF-1.4 broken")
    broken.name = "proof.pdf"
    r = c.post("/api/v1/labels/checks/image", {"image": broken})
    assert r.status_code == 422 and r.json()["details"]["fields"][0]["code"] == "pdf.unreadable"
    assert LabelCheck.objects.count() == 1


def sweep_file(rows: str, name="listings.csv"):
    return sweep_file_bytes(rows.encode("utf-8"), name)


def sweep_file_bytes(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_regulator_sweep_checks_every_row_and_reports(county_inspector, django_capture_on_commit_callbacks):
    csv_rows = (
        "id,title,text\n"
        f"1,米粉,{VIOLATING.replace(chr(10), ' ')}\n"
        f"2,米粉,{CLEAN.replace(chr(10), ' ')} 产品标准代号：GB 10769\n3,,\n"
    )
    c = client_for(county_inspector)
    with django_capture_on_commit_callbacks(execute=True):  # the sweep task runs after the commit
        r = c.post("/api/v1/labels/sweeps", {"file": sweep_file(csv_rows), "name": "十一月排查"})
    assert r.status_code == 202, r.content
    sweep = LabelSweep.objects.get(pk=r.json()["id"])
    assert sweep.status == "done"
    assert (sweep.rows, sweep.rows_with_findings, sweep.rows_with_errors) == (3, 1, 1)
    assert sweep.summary["rows_by_code"].get("claim.health_function") == 1
    xlsx = c.get(f"/api/v1/labels/sweeps/{sweep.pk}/report.xlsx")
    assert xlsx.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames
    page = c.get(f"/labels/sweeps/{sweep.pk}/")
    assert page.status_code == 200 and "<mark" in page.content.decode()


def test_regulator_sweeps_an_excel_listing_file(county_inspector, django_capture_on_commit_callbacks):
    wb = openpyxl.Workbook()
    wb.active.append(["链接", "标题", "详情"])
    wb.active.append(["https://shop.example/1", "婴儿米粉 GB 10769—2025", "益智配方，让宝宝更聪明"])
    wb.active.append(["https://shop.example/2", "婴儿米粉 GB 10769—2025", "不含蜂蜜"])
    buf = io.BytesIO()
    wb.save(buf)
    c = client_for(county_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/api/v1/labels/sweeps", {"file": sweep_file_bytes(buf.getvalue(), "网店.xlsx")})
    assert r.status_code == 202, r.content
    sweep = LabelSweep.objects.get(pk=r.json()["id"])
    assert (sweep.status, sweep.rows, sweep.rows_with_findings) == ("done", 2, 1)
    flagged = sweep.items.get(finding_count__gt=0)
    assert flagged.listing_id == "https://shop.example/1", "the listing's link identifies the flagged row"
    assert "claim.health_function" in flagged.codes


def test_an_unreadable_workbook_is_refused_at_upload(county_inspector):
    c = client_for(county_inspector)
    r = c.post("/api/v1/labels/sweeps", {"file": sweep_file_bytes(b"\xd0\xcf\x11\xe0 old xls", "list.xlsx")})
    assert r.status_code == 422
    assert "xlsx" in r.content.decode()
    assert LabelSweep.objects.count() == 0


def test_sweep_needs_a_regulator_role_and_a_listing_file(principal_a, county_inspector):
    r = client_for(principal_a).post("/api/v1/labels/sweeps", {"file": sweep_file("id,text\n1,abc\n")})
    assert r.status_code == 403
    r = client_for(county_inspector).post(
        "/api/v1/labels/sweeps", {"file": sweep_file("abc", "listings.exe")}
    )
    assert r.status_code == 422
    assert LabelSweep.objects.count() == 0


def test_check_page_highlights_findings_in_place(principal_a):
    c = client_for(principal_a)
    assert c.get("/labels/").status_code == 200
    r = c.post("/labels/", {"text": VIOLATING, "category": "3001"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-code="claim.health_function"' in html and "<mark" in html
    assert "<html" not in html, "an HTMX request gets only the result panel"
    r = c.post("/labels/", {"text": ""})
    assert r.status_code == 422


def test_image_check_page_draws_findings_on_the_image(principal_a, ent_a):
    """Issue 35.4: a finished image check stores a preview; its page draws each finding's box on it
    (SVG, no script, at most the phone's width)."""
    import base64

    from shouhu.labels.overlay import page_marks
    from shouhu.labelstore import services

    text = "产品名称：婴幼儿米粉\n增强免疫力，宝宝少生病"
    at = text.index("少生病")
    tiny = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff\xd9").decode()
    value = {
        "as_of": "2026-11-23",
        "source": "image",
        "category": None,
        "text": text,
        "fields": {},
        "rules": {},
        "findings": [
            {
                "code": "claim.disease",
                "severity": "error",
                "span": {"start": at, "end": at + 3, "text": "少生病"},
                "message": {"zh": "疾病用语", "en": "disease claim"},
                "field": None,
                "basis": {"rule_id": "r", "citation": "c", "confidence": None},
            }
        ],
        "ocr": {
            "width": 1000,
            "height": 400,
            "lines": [{"text": text, "box": [40, 100, 480, 140], "start": 0, "end": len(text)}],
        },
        "preview": [{"page": 1, "image": tiny}],
    }
    job = {"owner": {"user": principal_a.pk, "enterprise": ent_a.pk, "division": ent_a.division_code}}
    pk = services.label_check_finish(job, ("ok", value))["check"]
    html = client_for(principal_a).get(f"/labels/checks/{pk}/").content.decode()
    assert 'data-testid="label-overlay"' in html and "<svg" in html and 'viewBox="0 0 1000 400"' in html
    assert f'href="{tiny}"' in html and '<rect data-code="claim.disease"' in html
    assert "max-width:480px" in html and "w-100" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<script" not in svg and " on" not in svg.replace(" one", "")
    assert page_marks(value)[0]["marks"][0]["w"] > 0


def test_check_page_shows_the_category_and_the_words_it_was_read_from(principal_a):
    """Issue 35.3: no category given; the page shows the one read from the label and the evidence."""
    text = "产品名称：宝宝营养早餐\n产品类别：婴幼儿谷类辅助食品\n配料：大米\n产品标准代号：GB 10770—2025"
    r = client_for(principal_a).post("/labels/", {"text": text}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert 'data-testid="category-evidence"' in html and "谷类" in html
    assert 'data-code="standard.mismatch"' in html
