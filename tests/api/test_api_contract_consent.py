"""A cross-enterprise link needs the other party's consent (issue 17): contract manufacturing is filed
pending, the 受托方 confirms or declines, and it shows on the 受托方's side only once confirmed. Naming a
受托方 reveals nothing: an unknown id and a known id with the wrong USCC are the same 404."""

from __future__ import annotations

from datetime import timedelta

import factories as t
import pytest
from apitest import assert_error, call, row_counts
from django.test import Client

from shouhu.core.models import AuditEntry
from shouhu.core.regulation import today
from shouhu.registry.models import ContractManufacturing

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def principal_b(ent_b):
    return t.make_user("principal", enterprise=ent_b, username="principal_b")


def _file(client, ent_a, ent_b, **overrides):
    body = {
        "manufacturer_id": ent_b.pk,
        "manufacturer_uscc": ent_b.uscc,
        "products": "婴幼儿米粉",
        "starts_on": str(today()),
        "ends_on": str(today() + timedelta(days=365)),
        **overrides,
    }
    return call(client, "POST", f"/registry/enterprises/{ent_a.pk}/contracts", body)


def _listed(client, path="/registry/contracts"):
    return {i["id"] for i in call(client, "GET", path).json()["items"]}


def test_filed_pending_then_confirmed_by_the_manufacturer(principal_a, principal_b, ent_a, ent_b):
    a, b = _client(principal_a), _client(principal_b)
    resp = _file(a, ent_a, ent_b)
    assert resp.status_code == 201, resp.content
    filed = resp.json()
    assert filed["status"] == "pending" and filed["answered_at"] is None
    assert filed["id"] in _listed(a)  # the principal sees its own request
    assert filed["id"] not in _listed(b)  # not yet a link on the manufacturer's side
    assert _listed(b, "/registry/contracts/requests") == {filed["id"]}
    page = b.get(f"/enterprises/{ent_b.pk}/")
    assert page.status_code == 200 and "婴幼儿米粉" not in page.content.decode()

    resp = call(b, "POST", f"/registry/contracts/{filed['id']}/confirm", {})
    assert resp.status_code == 200, resp.content
    assert resp.json()["status"] == "confirmed" and resp.json()["answered_at"]
    assert filed["id"] in _listed(b) and not _listed(b, "/registry/contracts/requests")
    assert "婴幼儿米粉" in b.get(f"/enterprises/{ent_b.pk}/").content.decode()
    assert AuditEntry.objects.filter(action="registry.contract.confirm").count() == 1
    # answered once: a second answer is a conflict and changes nothing
    assert_error(call(b, "POST", f"/registry/contracts/{filed['id']}/decline", {}), 409, "conflict")
    assert ContractManufacturing.objects.get(pk=filed["id"]).status == "confirmed"


def test_declined_never_shows_on_the_manufacturer_side(principal_a, principal_b, ent_a, ent_b):
    a, b = _client(principal_a), _client(principal_b)
    pk = _file(a, ent_a, ent_b).json()["id"]
    resp = call(b, "POST", f"/registry/contracts/{pk}/decline", {"reason": "未签订合同"})
    assert resp.status_code == 200 and resp.json()["status"] == "declined"
    assert pk not in _listed(b) and not _listed(b, "/registry/contracts/requests")
    assert call(a, "GET", "/registry/contracts").json()["items"][0]["status"] == "declined"


def test_only_the_manufacturer_answers_and_other_ids_are_404(principal_a, principal_b, ent_a, ent_b, ent_c):
    a, b = _client(principal_a), _client(principal_b)
    pk = _file(a, ent_a, ent_b).json()["id"]
    principal_c = t.make_user("principal", enterprise=ent_c, username="principal_c")
    for client, contract_id in [(a, pk), (_client(principal_c), pk), (b, pk + 1000)]:
        for verb in ("confirm", "decline"):
            resp = call(client, "POST", f"/registry/contracts/{contract_id}/{verb}", {})
            assert_error(resp, 404, "not_found")
    assert ContractManufacturing.objects.get(pk=pk).status == "pending"


def test_unknown_and_mismatched_manufacturers_answer_alike(principal_a, ent_a, ent_b, ent_c):
    a = _client(principal_a)
    before = row_counts()
    unknown = _file(a, ent_a, ent_b, manufacturer_id=ent_c.pk + 1000)
    wrong_uscc = _file(a, ent_a, ent_b, manufacturer_uscc=ent_c.uscc)
    for resp in (unknown, wrong_uscc):
        assert_error(resp, 404, "not_found")
        assert ent_b.name not in resp.content.decode() and ent_c.name not in resp.content.decode()
    assert unknown.json() == wrong_uscc.json()
    assert row_counts() == before
