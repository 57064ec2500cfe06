"""Pinned query counts (no N+1): the same number of queries with 5 and with 50 enterprises.

Each count includes the session and the user lookups of an authenticated request (2). If a change adds a
query on purpose, update the pin here and say why in the commit; a count that grows with the data is a bug.
"""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shouhu.core import ledger
from shouhu.core.services import update_record
from shouhu.registry.events import RegistryAction

# Pinned: session + user, then the page's own reads.
REGULATOR_HOME = 2 + 6  # counts ×2, 接入率, renewals (counts, first rows), recent changes
ENTERPRISE_LIST = 2 + 4  # filter divisions, count, page, categories of the page
# enterprise, sites, licences + items, people, their notes (training bars), their training this year (latest
# date, hours: the training hook's two reads for all people), contracts, history count + page
ENTERPRISE_DETAIL = 2 + 11
LICENCE_DETAIL = 2 + 3  # licence (+ enterprise, site), items, history

SIZES = [5, 50]


@pytest.fixture
def landscape(db, admin_user):
    """`n` enterprises in 长沙 with licences, staff and ledger entries, and one licence due for renewal."""

    def build(n: int):
        ents = t.make_enterprises_bulk(
            n, (t.COUNTY, t.OTHER_COUNTY), seed=n, licences=2, people=3, ledger_entries=True
        )
        t.make_licence(ents[0], expires_on=date.today() + timedelta(days=40))
        for ent in ents[:n]:
            t.make_contract(ent, ents[-1] if ent != ents[-1] else ents[0])
        return ents

    return build


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_regulator_home_queries(client, city_reviewer, landscape, n, django_assert_num_queries):
    landscape(n)
    client.force_login(city_reviewer)
    client.get(reverse("home"))  # warm the rules engine and the division table (no queries, but caches)
    with django_assert_num_queries(REGULATOR_HOME):
        response = client.get(reverse("home"))
    assert response.context["counts"].enterprises == n and response.context["renewals"]


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_enterprise_list_queries(client, province_admin, landscape, n, django_assert_num_queries):
    landscape(n)
    client.force_login(province_admin)
    with django_assert_num_queries(ENTERPRISE_LIST):
        response = client.get(reverse("registry:enterprise-list"))
    assert response.context["page"].paginator.count == n
    with django_assert_num_queries(ENTERPRISE_LIST):  # filtered and searched: the same shape
        client.get(
            reverse("registry:enterprise-list"), {"q": "食品", "category": "3001", "division": "430100"}
        )
    with django_assert_num_queries(ENTERPRISE_LIST):  # an HTMX fragment: the same reads
        client.get(reverse("registry:enterprise-list"), {"page": 2}, headers={"HX-Request": "true"})


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_enterprise_detail_queries(
    client, province_admin, admin_user, landscape, n, django_assert_num_queries
):
    """One enterprise with `n` licences, people and history entries (and `n` others around it)."""
    ents = landscape(n)
    ent = ents[0]
    for _ in range(n):
        t.make_licence(ent)
        t.make_person(ent)
    with transaction.atomic():
        for i in range(n):
            ledger.record(
                actor=admin_user,
                action=RegistryAction.ENTERPRISE_UPDATE,
                obj=ent,
                before={"contact_name": str(i)},
                after={"contact_name": str(i + 1)},
                enterprise_id=ent.pk,
                reason="更正",
            )
    client.force_login(province_admin)
    with django_assert_num_queries(ENTERPRISE_DETAIL):
        response = client.get(reverse("registry:enterprise-detail", args=[ent.pk]))
    assert len(response.context["licences"]) == n + 3


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_licence_detail_queries(client, province_admin, admin_user, landscape, n, django_assert_num_queries):
    ents = landscape(n)
    lic = t.make_licence(ents[0])
    for i in range(n):
        update_record(
            actor=admin_user,
            instance=lic,
            changes={"issuing_authority": f"发证机关{i}"},
            enterprise_id=ents[0].pk,
            reason="更正",
            action=RegistryAction.LICENCE_UPDATE,
        )
    client.force_login(province_admin)
    with django_assert_num_queries(LICENCE_DETAIL):
        response = client.get(reverse("registry:licence-detail", args=[lic.pk]))
    assert len(response.context["history"]) == n


@pytest.mark.django_db
def test_counts_do_not_grow_with_the_data(client, province_admin, landscape):
    """Belt and braces for the pins above: measure both sizes in one database and compare."""
    landscape(5)
    client.force_login(province_admin)
    urls = [reverse("home"), reverse("registry:enterprise-list")]
    small = [_count(client, url) for url in urls]
    landscape(50)
    assert [_count(client, url) for url in urls] == small
