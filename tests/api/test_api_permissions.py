"""Roles: a visible object the role may not change is 403 `permission_denied`, and nothing is written.
The right role's write succeeds and is in the ledger with who and why."""

from __future__ import annotations

import pytest
from apitest import assert_error, call, row_counts
from endpoints import BY_NAME

from shouhu.core.models import AuditEntry
from shouhu.registry.events import RegistryAction

pytestmark = pytest.mark.django_db


# (actor, endpoint): the object is in the actor's tenancy (enterprise A / 岳麓区), the role may not act.
REFUSED = [
    ("officer_a", "enterprise-update"),
    ("county_inspector", "enterprise-update"),
    ("principal_a", "enterprise-create"),
    ("county_inspector", "enterprise-create"),
    ("principal_a", "licence-register"),
    ("county_inspector", "licence-register"),
    ("principal_a", "licence-status"),
    ("county_inspector", "licence-status"),
    ("county_inspector", "site-create"),
    ("officer_a", "site-create"),
    ("county_inspector", "person-create"),
    ("county_reviewer", "person-update"),
    ("county_inspector", "training-create"),
    ("county_inspector", "contract-create"),
    ("officer_a", "contract-create"),
    ("officer_a", "apikey-list"),
    ("county_inspector", "apikey-list"),
    ("officer_a", "apikey-create"),
    ("county_admin", "apikey-create"),
    ("officer_a", "apikey-revoke"),
    ("county_inspector", "apikey-revoke"),
    ("a_key", "enterprise-update"),
    ("a_key", "enterprise-history"),
    ("a_key", "licence-history"),
    ("a_key", "licence-register"),
    ("a_key", "apikey-list"),
    ("a_key", "apikey-create"),
    ("a_key", "apikey-revoke"),
]

# (actor, endpoint, expected status): the role may, inside its tenancy.
ALLOWED = [
    ("principal_a", "enterprise-update", 200),
    ("county_admin", "enterprise-update", 200),
    ("county_admin", "enterprise-create", 201),
    ("province_admin", "enterprise-create", 201),
    ("admin_user", "enterprise-create", 201),
    ("county_reviewer", "licence-register", 201),
    ("city_reviewer", "licence-register", 201),
    ("county_reviewer", "licence-status", 200),
    ("principal_a", "site-create", 201),
    ("director_a", "site-create", 201),
    ("a_key", "site-create", 201),
    ("officer_a", "person-create", 201),
    ("a_key", "person-create", 201),
    ("officer_a", "person-update", 200),
    ("a_key", "person-update", 200),
    ("officer_a", "training-create", 201),
    ("a_key", "training-create", 201),
    ("principal_a", "contract-create", 201),
    ("a_key", "contract-create", 201),
    ("principal_a", "apikey-create", 201),
    ("director_a", "apikey-create", 201),
    ("admin_user", "apikey-create", 201),
    ("director_a", "apikey-revoke", 200),
]


def _client(name, request, world, client_for):
    if name == "a_key":
        return client_for(None), {"X-API-Key": world.a.raw_key}
    return client_for(request.getfixturevalue(name)), {}


@pytest.mark.parametrize(("who", "name"), REFUSED, ids=[f"{w}-{n}" for w, n in REFUSED])
def test_role_without_permission_gets_403(who, name, world, request, client_for):
    client, headers = _client(who, request, world, client_for)
    endpoint = BY_NAME[name]
    before = row_counts()
    resp = call(client, endpoint.method, endpoint.url(world.a), endpoint.payload(world, world.a), **headers)
    body = assert_error(resp, 403, "permission_denied")
    assert body["details"]["action"]
    assert row_counts() == before


@pytest.mark.parametrize(("who", "name", "status"), ALLOWED, ids=[f"{w}-{n}" for w, n, _ in ALLOWED])
def test_role_with_permission_writes_and_is_audited(who, name, status, world, request, client_for):
    client, headers = _client(who, request, world, client_for)
    endpoint = BY_NAME[name]
    before = AuditEntry.objects.count()
    resp = call(client, endpoint.method, endpoint.url(world.a), endpoint.payload(world, world.a), **headers)
    assert resp.status_code == status, resp.content
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() > before
    if who == "a_key":
        assert entry.actor is None and entry.actor_label.startswith("API key MES")
    else:
        assert entry.actor == request.getfixturevalue(who)
    reason = (endpoint.payload(world, world.a) or {}).get("reason")
    if reason and endpoint.method == "PATCH":
        assert entry.reason == reason


def test_integration_history_is_refused_but_regulators_and_staff_read_it(
    world, principal_a, county_inspector, officer_a, client_for
):
    call(
        client_for(principal_a),
        "PATCH",
        f"/registry/people/{world.a.person.pk}",
        {"major": "食品科学", "reason": "补录"},
    )
    for user in (principal_a, officer_a, county_inspector):
        items = call(client_for(user), "GET", f"/registry/enterprises/{world.a.ent.pk}/history").json()[
            "items"
        ]
        assert [i["action"] for i in items] == [RegistryAction.PERSON_UPDATE]
        assert items[0]["changed_fields"] == [{"field": "major", "before": "", "after": "食品科学"}]
        assert items[0]["reason"] == "补录" and items[0]["actor"].endswith("(principal_a)")
