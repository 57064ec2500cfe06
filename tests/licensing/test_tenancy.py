"""Tenancy on every licensing endpoint and page: outside the caller's tenancy, everything is 404."""

from __future__ import annotations

import factories as t
import pytest
from django.test import Client

from shouhu.core.roles import Role
from shouhu.licensing import services as svc
from shouhu.licensing.models import Application, ItemScore, Rectification

from .conftest import fill_application, to_accepted

pytestmark = pytest.mark.django_db
BASE = "/api/v1/licensing"


@pytest.fixture
def world(principal_a, ent_a, city_reviewer, inspectors):
    app = fill_application(principal_a, ent_a)
    to_accepted(app, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    return app, ver, ver.items.first()


def outsiders(officer_b):
    return {
        "other enterprise": officer_b,
        "other city reviewer": t.make_user(Role.REVIEWER, division_code=t.OTHER_CITY),
        "other city inspector": t.make_user(Role.INSPECTOR, division_code=t.OTHER_CITY),
    }


def test_every_endpoint_hides_other_tenants(world, officer_b):
    app, ver, item = world
    a, v, i = app.pk, ver.pk, item.pk
    gets = [
        f"{BASE}/applications/{a}",
        f"{BASE}/applications/{a}/trial-coverage",
        f"{BASE}/applications/{a}/checklist",
        f"{BASE}/verifications/{v}",
        f"/licensing/{a}/",
        f"/licensing/{a}/report.html",
        f"/licensing/verifications/{v}/",
        f"/licensing/verifications/{v}/record.html",
        f"/licensing/verifications/{v}/record.xlsx",
        f"/licensing/documents/{app.documents.first().pk}/",
    ]
    posts = [
        (f"{BASE}/applications/{a}/products", {"category": "3001", "variety": "婴幼儿谷物辅助食品"}),
        (f"{BASE}/applications/{a}/equipment", {"kind": "oven", "name": "x"}),
        (f"{BASE}/applications/{a}/staff", {"name": "x", "role": "operator"}),
        (f"{BASE}/applications/{a}/zones", {"name": "x", "grade": "general"}),
        (f"{BASE}/applications/{a}/submit", None),
        (f"{BASE}/applications/{a}/review/start", None),
        (f"{BASE}/applications/{a}/review/items/site_plan", {"ok": True}),
        (f"{BASE}/applications/{a}/review/return", {"reasons": "x"}),
        (f"{BASE}/applications/{a}/review/accept", None),
        (f"{BASE}/applications/{a}/verification", {"inspector_ids": []}),
        (f"{BASE}/applications/{a}/approve", {"issuing_authority": "x"}),
        (f"{BASE}/applications/{a}/reject", {"reasons": [{"rule_id": "xize2017.art5", "text": "x"}]}),
        (f"{BASE}/verifications/{v}/items/{i}/not-applicable", {"reason": "x"}),
        (f"{BASE}/verifications/{v}/sign", None),
        (f"{BASE}/verifications/{v}/applicant-sign", {"signer": "x"}),
        (f"{BASE}/verifications/{v}/conclude", {}),
    ]
    for who, user in outsiders(officer_b).items():
        c = Client()
        c.force_login(user)
        for url in gets:
            assert c.get(url).status_code == 404, (who, url)
        for url, body in posts:
            r = c.post(url, body, content_type="application/json") if body is not None else c.post(url)
            assert r.status_code == 404, (who, url, r.status_code, r.content[:200])
        r = c.post(f"{BASE}/verifications/{v}/items/{i}/score", {"result": "符合"})
        assert r.status_code == 404, (who, "score")
        for page in (f"/licensing/{a}/do/submit/", f"/licensing/verifications/{v}/do/sign/"):
            assert c.post(page).status_code == 404, (who, page)
        assert c.get(f"{BASE}/applications").json()["count"] == 0
        assert c.get(f"{BASE}/rectifications").json()["count"] == 0
    assert Application.objects.get(pk=a).status == "verification"
    assert not ItemScore.objects.exists() and not Rectification.objects.exists()


def test_compliance_endpoints_hide_other_tenants(world, officer_b, ent_a):
    lic = t.make_licence(ent_a)
    for who, user in outsiders(officer_b).items():
        c = Client()
        c.force_login(user)
        for url, body in (
            (f"{BASE}/licences/{lic.pk}/reverification", {"inspector_ids": []}),
            (f"{BASE}/licences/{lic.pk}/conditions", {"site_address": "x"}),
            (f"{BASE}/rectifications/999999/close", {"accepted": True, "note": "x"}),
        ):
            r = c.post(url, body, content_type="application/json")
            assert r.status_code == 404, (who, url, r.status_code)
        assert c.get(f"{BASE}/changes").json() == []
