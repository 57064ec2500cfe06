"""Issue 27: the jurisdiction's admin registers a lab on a page, sees its key once, rotates and revokes it
(with a reason, in the ledger); the key is stored hashed and stops at once; an inspector has no such page."""

from __future__ import annotations

import factories as t
import pytest
from django.test import Client

from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.sampling.models import Laboratory
from shouhu.sampling.services.labs import lab_for_key

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_admin_registers_rotates_and_revokes_a_lab_key_shown_once(world):
    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code="430100", username="labs_admin")
    c = _client(admin)
    nav = c.get("/sampling/").content.decode()
    assert 'href="/sampling/labs/"' in nav
    resp = c.post("/sampling/labs/", {"name": "长沙市食品检验所", "division_code": "430104"})
    assert resp.status_code == 200 and resp["Cache-Control"] == "no-store"
    lab = Laboratory.objects.get(name="长沙市食品检验所")
    raw = resp.context["raw"]
    assert (
        raw.startswith("lab_") and raw in resp.content.decode() and lab.key_hash and raw not in lab.key_hash
    )
    assert lab_for_key(raw) == lab
    assert raw not in c.get("/sampling/labs/").content.decode()  # shown once
    rotated = c.post("/sampling/labs/", {"rotate": lab.pk}).context["raw"]
    assert rotated != raw and lab_for_key(raw) is None and lab_for_key(rotated) == lab
    refused = c.post("/sampling/labs/", {"revoke": lab.pk, "reason": ""}, follow=True)
    assert lab_for_key(rotated) == lab and "请填写停用原因" in refused.content.decode()
    c.post("/sampling/labs/", {"revoke": lab.pk, "reason": "资质到期"})
    lab.refresh_from_db()
    assert not lab.active and lab_for_key(rotated) is None
    actions = list(
        AuditEntry.objects.filter(object_type="sampling.Laboratory", object_id=str(lab.pk))
        .order_by("pk")
        .values_list("action", "reason")
    )
    assert [a for a, _ in actions] == ["sampling.lab.create", "sampling.lab.key", "sampling.lab.revoke"]
    assert actions[-1][1] == "资质到期"


def test_another_jurisdictions_lab_is_not_found_and_an_inspector_has_no_labs_page(world):
    other = t.make_user(Role.JURISDICTION_ADMIN, division_code="430200", username="labs_admin_zz")
    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code="430100", username="labs_admin_cs")
    _client(admin).post("/sampling/labs/", {"name": "长沙市食品检验所", "division_code": "430104"})
    lab = Laboratory.objects.get()
    c = _client(other)
    assert "长沙市食品检验所" not in c.get("/sampling/labs/").content.decode()
    resp = c.post("/sampling/labs/", {"rotate": lab.pk}, follow=True)
    assert not resp.context["raw"] and "未找到该检验机构" in resp.content.decode()
    assert c.post("/sampling/labs/", {"name": "株洲检验所", "division_code": "430104"}).context["raw"] == ""
    assert Laboratory.objects.count() == 1
    insp = _client(world.insp)
    assert insp.get("/sampling/labs/").status_code == 403
    assert 'href="/sampling/labs/"' not in insp.get("/sampling/").content.decode()
