"""The licensing API: the workflow over HTTP, the error shape, uploads, tenancy and pinned query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import override_settings

from shouhu.licensing import services as svc
from shouhu.licensing.models import Application, Document, ItemScore

from .conftest import CEREAL, JPEG, PDF, fill_application, full_trial_report, sign_all

pytestmark = pytest.mark.django_db
BASE = "/api/v1/licensing"


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_create_and_fill_over_the_api(principal_a, ent_a):
    c = client(principal_a)
    r = c.post(
        f"{BASE}/applications",
        {"kind": "new", "site_address": "岳麓区麓谷大道1号", "site_division_code": "430104"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    assert r.json()["status"] == "draft" and r.json()["enterprise_id"] == ent_a.pk
    r = c.post(f"{BASE}/applications/{app_id}/products", CEREAL, content_type="application/json")
    assert r.status_code == 201, r.content
    r = c.post(
        f"{BASE}/applications/{app_id}/products",
        {**CEREAL, "variety": "不存在的品种"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    r = c.post(
        f"{BASE}/applications/{app_id}/equipment",
        {"kind": "extruder", "name": "挤压机", "capacity_kg_h": "250"},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = c.post(
        f"{BASE}/applications/{app_id}/staff",
        {"name": "钱", "role": "food_safety_manager", "education": "junior_college", "years_food_work": 2},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = c.post(
        f"{BASE}/applications/{app_id}/zones",
        {"name": "配料间", "grade": "quasi_clean"},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = c.post(
        f"{BASE}/applications/{app_id}/documents",
        {"kind": "site_plan", "title": "平面图", "file": SimpleUploadedFile("plan.pdf", PDF)},
    )
    assert r.status_code == 201 and r.json()["content_type"] == "application/pdf"
    preview = c.get(f"{BASE}/applications/{app_id}/checklist").json()
    assert {i["part"] for i in preview} == {
        "premises",
        "equipment",
        "layout_process",
        "personnel",
        "management",
        "trial_report",
    }


def test_wrong_file_type_and_oversized_upload_change_nothing(principal_a, ent_a):
    app = fill_application(principal_a, ent_a, documents=False)
    c = client(principal_a)
    r = c.post(
        f"{BASE}/applications/{app.pk}/documents",
        {
            "kind": "site_plan",
            "title": "伪装的PDF",
            "file": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error" and body["details"]["fields"][0]["code"] == "file.type"
    with override_settings(SHOUHU_MAX_UPLOAD_BYTES=1000):
        r = c.post(
            f"{BASE}/applications/{app.pk}/documents",
            {
                "kind": "site_plan",
                "title": "大文件",
                "file": SimpleUploadedFile("big.pdf", PDF + b"0" * 2000),
            },
        )
    assert r.status_code == 422 and r.json()["details"]["fields"][0]["code"] == "file.too_large"
    assert Document.objects.filter(application=app).count() == 0


def test_tenancy_other_enterprise_gets_404(principal_a, ent_a, officer_b, db):
    app = fill_application(principal_a, ent_a, documents=False)
    r = client(officer_b).get(f"{BASE}/applications/{app.pk}")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert client(officer_b).get(f"{BASE}/applications").json()["count"] == 0


def test_workflow_over_the_api(principal_a, ent_a, city_reviewer, inspectors):
    app = fill_application(principal_a, ent_a)
    full_trial_report(principal_a, app)
    applicant, reviewer = client(principal_a), client(city_reviewer)
    assert applicant.post(f"{BASE}/applications/{app.pk}/submit").status_code == 200
    # an applicant cannot review its own application
    assert applicant.post(f"{BASE}/applications/{app.pk}/review/start").status_code == 403
    r = reviewer.post(f"{BASE}/applications/{app.pk}/review/start")
    assert r.status_code == 200 and r.json()["status"] == "document_review"
    for item in r.json()["reviews"][-1]["items"]:
        rr = reviewer.post(
            f"{BASE}/applications/{app.pk}/review/items/{item['id']}",
            {"ok": True},
            content_type="application/json",
        )
        assert rr.status_code == 200, rr.content
    r = reviewer.post(f"{BASE}/applications/{app.pk}/review/accept")
    assert r.json()["decision_deadline"]["remaining_working_days"] == 10
    # approval before verification: 409 and nothing changes
    r = reviewer.post(
        f"{BASE}/applications/{app.pk}/approve",
        {"issuing_authority": "长沙市市场监督管理局"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    r = reviewer.post(
        f"{BASE}/applications/{app.pk}/verification",
        {"inspector_ids": [u.pk for u in inspectors]},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    ver = r.json()
    assert ver["deadline"]["remaining_working_days"] == 5
    item_id = ver["items"][0]["id"]
    insp = client(inspectors[0])
    url = f"{BASE}/verifications/{ver['id']}/items/{item_id}/score"
    r = insp.post(
        url, {"result": "基本符合", "note": "地面有积水", "photo": SimpleUploadedFile("a.jpg", JPEG)}
    )
    assert r.status_code == 200, r.content
    r = insp.post(url, {"result": "符合"})
    assert r.status_code == 409 and "重复" in r.json()["message"]
    assert ItemScore.objects.filter(item_id=item_id).count() == 1
    r = insp.post(f"{BASE}/verifications/{ver['id']}/conclude", {}, content_type="application/json")
    assert r.status_code == 409 and r.json()["details"]["reason"] == "unscored_items"
    from shouhu.licensing.models import Verification

    v = Verification.objects.get(pk=ver["id"])
    for u in inspectors:
        for it in v.items.all():
            if not it.scores.filter(inspector=u).exists():
                svc.item_score(actor=u, item=it, result="符合")
    sign_all(v, inspectors, principal_a)
    r = insp.post(f"{BASE}/verifications/{ver['id']}/conclude", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["passed"] is True
    r = reviewer.post(
        f"{BASE}/applications/{app.pk}/approve",
        {"issuing_authority": "长沙市市场监督管理局"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["number"].startswith("SC130430104")
    assert Application.objects.get(pk=app.pk).status == "approved"


def test_reviewer_list_query_count_is_pinned(
    principal_a, ent_a, city_reviewer, django_assert_max_num_queries
):
    for _ in range(5):
        a = fill_application(principal_a, ent_a, documents=False)
        svc.application_submit(actor=principal_a, application=a)
    c = client(city_reviewer)
    with django_assert_max_num_queries(4):  # session + user + count + page
        r = c.get(f"{BASE}/applications?status=submitted")
    assert r.json()["count"] == 5
    with django_assert_max_num_queries(5):  # session + user + count + page + open rectifications
        page = c.get("/licensing/?status=submitted")
    assert page.status_code == 200 and page.content.decode().count('data-testid="status"') == 5
