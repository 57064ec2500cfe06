"""Tenancy for every endpoint: no cross-tenant read or write, proven endpoint by endpoint.

Enterprise A's staff (and A's API key) get 404 on B's objects; a county inspector gets 404 on another
county's; a city reviewer reaches its counties but not another city's; anonymous callers get 401. Lists
hold exactly the caller's tenancy. A refused write writes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest
from apitest import assert_error, call, row_counts
from endpoints import ANSWERED_ELSEWHERE, ENDPOINTS, OBJECT_ENDPOINTS

from shouhu.config.api import api

pytestmark = pytest.mark.django_db

GETS = [e for e in OBJECT_ENDPOINTS if e.method == "GET"]


def test_every_endpoint_is_listed():
    """The matrix below walks `ENDPOINTS`; an endpoint missing there would go untested."""
    schema = api.get_openapi_schema()
    live = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, ops in schema["paths"].items()
        if path.startswith(("/api/v1/registry", "/api/v1/accounts", "/api/v1/training/people"))
        for method in ops
    }
    listed = {(e.method, e.path.replace("{ent}", "{enterprise_id}")) for e in ENDPOINTS}
    listed = {
        (
            m,
            p.replace("{licence}", "{licence_id}")
            .replace("{person}", "{person_id}")
            .replace("{key}", "{key_id}"),
        )
        for m, p in listed
    }
    assert live == listed | ANSWERED_ELSEWHERE


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_gets_401(endpoint, world, client_for):
    before = row_counts()
    resp = call(client_for(None), endpoint.method, endpoint.url(world.a), endpoint.payload(world, world.a))
    assert_error(resp, 401, "unauthenticated")
    assert row_counts() == before


@pytest.mark.parametrize("endpoint", OBJECT_ENDPOINTS, ids=str)
def test_enterprise_user_gets_404_on_another_enterprise(endpoint, world, principal_a, client_for):
    before = row_counts()
    resp = call(
        client_for(principal_a), endpoint.method, endpoint.url(world.b), endpoint.payload(world, world.b)
    )
    assert_error(resp, 404, "not_found")
    assert row_counts() == before


@pytest.mark.parametrize("endpoint", OBJECT_ENDPOINTS, ids=str)
def test_enterprise_api_key_gets_404_on_another_enterprise(endpoint, world, client_for):
    before = row_counts()
    resp = call(
        client_for(None),
        endpoint.method,
        endpoint.url(world.b),
        endpoint.payload(world, world.b),
        **{"X-API-Key": world.a.raw_key},
    )
    # Key management is not for keys themselves (403 before any lookup); everything else is 404.
    if endpoint.name in {"apikey-create", "apikey-revoke"}:
        assert resp.status_code in {403, 404}
        assert_error(resp, resp.status_code, "permission_denied" if resp.status_code == 403 else "not_found")
    else:
        assert_error(resp, 404, "not_found")
    assert row_counts() == before


@pytest.mark.parametrize("endpoint", OBJECT_ENDPOINTS, ids=str)
def test_county_inspector_gets_404_on_another_county(endpoint, world, county_inspector, client_for):
    before = row_counts()
    resp = call(
        client_for(county_inspector), endpoint.method, endpoint.url(world.b), endpoint.payload(world, world.b)
    )
    assert_error(resp, 404, "not_found")
    assert row_counts() == before


@pytest.mark.parametrize("endpoint", OBJECT_ENDPOINTS, ids=str)
def test_city_reviewer_gets_404_in_another_city(endpoint, world, city_reviewer, client_for):
    before = row_counts()
    resp = call(
        client_for(city_reviewer), endpoint.method, endpoint.url(world.c), endpoint.payload(world, world.c)
    )
    assert_error(resp, 404, "not_found")
    assert row_counts() == before


@pytest.mark.parametrize("endpoint", GETS, ids=str)
def test_city_reviewer_reads_each_of_its_counties(endpoint, world, city_reviewer, client_for):
    client = client_for(city_reviewer)
    for o in (world.a, world.b):
        assert call(client, "GET", endpoint.url(o)).status_code == 200


@pytest.mark.parametrize("endpoint", GETS, ids=str)
def test_own_enterprise_and_own_county_are_readable(
    endpoint, world, principal_a, county_inspector, client_for
):
    for user in (principal_a, county_inspector):
        assert call(client_for(user), "GET", endpoint.url(world.a)).status_code == 200


# ---- lists hold exactly the caller's tenancy -----------------------------------------------------------


def _ids(resp, key):
    assert resp.status_code == 200, resp.content
    body = resp.json()
    items = body["items"] if isinstance(body, dict) else body
    return {key(item) for item in items}


VISIBLE = {  # actor -> which of the world's enterprises it sees
    "principal_a": {"a"},
    "a_key": {"a"},
    "county_inspector": {"a"},
    "city_reviewer": {"a", "b"},
    "province_admin": {"a", "b", "c"},
    "admin_user": {"a", "b", "c"},
}


@pytest.fixture
def as_actor(request, world, client_for):
    """(client, headers) for an actor named in VISIBLE."""
    name = request.param
    if name == "a_key":
        return client_for(None), {"X-API-Key": world.a.raw_key}
    return client_for(request.getfixturevalue(name)), {}


def _ent_ids(world, letters):
    return {getattr(world, x).ent.pk for x in letters}


@pytest.mark.parametrize("as_actor", list(VISIBLE), indirect=True)
def test_lists_hold_exactly_the_tenancy(as_actor, world, request):
    client, headers = as_actor
    letters = VISIBLE[request.node.callspec.params["as_actor"]]
    expected = _ent_ids(world, letters)
    assert _ids(call(client, "GET", "/registry/enterprises", **headers), lambda i: i["id"]) == expected
    assert (
        _ids(call(client, "GET", "/registry/licences", **headers), lambda i: i["enterprise_id"]) == expected
    )
    assert _ids(call(client, "GET", "/registry/people", **headers), lambda i: i["enterprise_id"]) == expected
    contracts = _ids(call(client, "GET", "/registry/contracts", **headers), lambda i: i["id"])
    expected_contracts = {
        c.pk for c in (world.contract_ab, world.contract_bc) if {c.principal_id, c.manufacturer_id} & expected
    }
    assert contracts == expected_contracts


@pytest.mark.parametrize("as_actor", list(VISIBLE), indirect=True)
def test_filtering_for_another_tenancy_returns_nothing(as_actor, world, request):
    client, headers = as_actor
    letters = VISIBLE[request.node.callspec.params["as_actor"]]
    visible = _ent_ids(world, letters)
    for pk in _ent_ids(world, {"a", "b", "c"} - letters):
        for path in ("/registry/licences", "/registry/people"):
            assert call(client, "GET", f"{path}?enterprise_id={pk}", **headers).json()["items"] == []
        # A contract stays visible to its visible party, whichever party the filter names.
        for item in call(client, "GET", f"/registry/contracts?enterprise_id={pk}", **headers).json()["items"]:
            assert {item["principal_id"], item["manufacturer_id"]} & visible


@pytest.mark.parametrize("as_actor", list(VISIBLE), indirect=True)
def test_renewal_due_holds_exactly_the_tenancy(as_actor, world, request):
    client, headers = as_actor
    letters = VISIBLE[request.node.callspec.params["as_actor"]]
    for o in (world.a, world.b, world.c):
        t.make_licence(o.ent, issued_on=date.today() - timedelta(days=5 * 365 - 20))  # expires in ~20 days
    resp = call(client, "GET", "/registry/licences/renewal-due", **headers)
    assert resp.status_code == 200, resp.content
    assert {r["licence"]["enterprise_id"] for r in resp.json()} == _ent_ids(world, letters)
    assert all(r["apply_by"] <= r["licence"]["expires_on"] for r in resp.json())


@pytest.mark.parametrize("user", ["principal_a", "director_a", "admin_user"])
def test_key_lists_hold_exactly_the_tenancy(user, world, client_for, request):
    client = client_for(request.getfixturevalue(user))
    everyone = user == "admin_user"
    got = _ids(call(client, "GET", "/accounts/keys"), lambda i: i["enterprise_id"])
    assert got == (_ent_ids(world, {"a", "b", "c"}) if everyone else {world.a.ent.pk})
    filtered = _ids(call(client, "GET", f"/accounts/keys?enterprise_id={world.b.ent.pk}"), lambda i: i["id"])
    assert filtered == ({world.b.key.pk} if everyone else set())


def test_me_names_role_and_tenancy(world, principal_a, county_inspector, client_for):
    me = call(client_for(principal_a), "GET", "/registry/me").json()
    assert (
        me["role"] == "principal"
        and me["role_label_zh"] == "主要负责人"
        and me["role_label_en"] == "Principal"
    )
    assert me["enterprise"]["id"] == world.a.ent.pk and me["jurisdiction"] is None and me["kind"] == "user"
    me = call(client_for(county_inspector), "GET", "/registry/me").json()
    assert me["enterprise"] is None
    assert me["jurisdiction"] == {"code": t.COUNTY, "full_name": "湖南省长沙市岳麓区"}
    me = call(client_for(None), "GET", "/registry/me", **{"X-API-Key": world.a.raw_key}).json()
    assert (
        me["kind"] == "api_key" and me["role"] == "integration" and me["enterprise"]["id"] == world.a.ent.pk
    )
