"""Lists cost a fixed number of queries, however many rows a page holds (no N+1 behind the schemas)."""

from __future__ import annotations

import factories as t
import pytest
from apitest import call
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

LISTS = [
    "/registry/enterprises",
    "/registry/licences",
    "/registry/people",
    "/registry/contracts",
    "/registry/enterprises/{ent}/sites",
    "/registry/enterprises/{ent}/history",
    "/registry/licences/{licence}/history",
    "/accounts/keys",
]


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        resp = call(client, "GET", path)
    assert resp.status_code == 200, resp.content
    return len(ctx.captured_queries)


def _grow(world, principal_a, client_for):
    """Add more of everything to enterprise A, some of it through the API so the ledger grows too."""
    client = client_for(principal_a)
    a = world.a.ent
    for i in range(4):
        t.make_enterprise(t.COUNTY)
        t.make_licence(a, category="3002", variety=f"品种{i}")
        t.make_site(a)
        t.make_api_key(a, name=f"key{i}")
        t.make_contract(a, world.c.ent)
        call(client, "POST", f"/registry/enterprises/{a.pk}/people", {"name": f"员工{i}", "role": "officer"})
        call(
            client,
            "PATCH",
            f"/registry/people/{world.a.person.pk}",
            {"years_food_work": i + 10, "reason": "更正"},
        )


@pytest.mark.parametrize("path", LISTS)
def test_list_query_count_does_not_grow_with_rows(path, world, principal_a, admin_user, client_for):
    client = client_for(admin_user)
    url = path.format(ent=world.a.ent.pk, licence=world.a.licence.pk)
    small = _queries(client, url)
    _grow(world, principal_a, client_for)
    assert _queries(client, url) == small
