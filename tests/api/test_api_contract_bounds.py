"""Every integer, decimal and date bounded (issue 17): a huge limit/offset/page, a `1e30` quantity, a
fourth decimal, a year-1 date — each a 422 naming the field, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest
from apitest import assert_error, call
from django.test import Client

from shouhu.core.regulation import today

pytestmark = pytest.mark.django_db

HUGE = "36893488147419103231"


@pytest.fixture
def client(principal_a):
    c = Client()
    c.force_login(principal_a)
    return c


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/labels/checks?limit={HUGE}", "limit"),
        (f"/labels/checks?offset={HUGE}", "offset"),
        ("/labels/checks?limit=0", "limit"),
        (f"/labels/sweeps?limit={HUGE}", "limit"),
        (f"/production/batches?limit={HUGE}", "limit"),
        (f"/production/lots?limit={HUGE}", "limit"),
        (f"/registry/enterprises?page={HUGE}", "page"),
        ("/registry/enterprises?page_size=100000", "page_size"),
        (f"/production/batches/{HUGE}", "batch_id"),
        (f"/labels/checks/{HUGE}", "check_id"),
        (f"/trace/recalls/{HUGE}", "recall_id"),
    ],
)
def test_huge_or_zero_numbers_in_the_query_or_path_are_422(client, path, field):
    body = assert_error(call(client, "GET", path), 422, "validation_error")
    assert [e["field"] for e in body["details"]["fields"]] == [field], body


@pytest.fixture
def shipped(principal_a, ent_a, product):
    t.make_batch(product, number="B1")
    return product


@pytest.mark.parametrize("quantity", ["1e30", 1e30, "123.4567", "-1", "0", "NaN", "Infinity", 10**20])
def test_a_quantity_out_of_range_or_precision_is_422(client, shipped, quantity):
    body = {"batch": "B1", "customer": "长沙母婴连锁", "quantity": quantity, "shipped_on": str(date.today())}
    resp = call(client, "POST", "/production/shipments", body)
    got = assert_error(resp, 422, "validation_error")
    assert "quantity" in [e["field"] for e in got["details"]["fields"]], got


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/production/batches", {"number": "B9", "product_id": 1, "produced_on": "0001-01-01"}, "produced_on"),
        ("/production/batches", {"number": "B9", "product_id": 1, "produced_on": "9999-12-31"}, "produced_on"),
        (
            "/production/batches",
            {"number": "B9", "product_id": 1, "produced_on": str(today() + timedelta(days=1))},
            "produced_on",
        ),
        ("/labels/checks", {"text": "米粉", "as_of": "0001-01-01"}, "as_of"),
        (
            "/registry/enterprises/{ent}/contracts",
            {"manufacturer_id": 1, "manufacturer_uscc": "9" * 18, "products": "米粉",
             "starts_on": "2026-01-01", "ends_on": "2999-01-01"},
            "ends_on",
        ),
    ],
)  # fmt: skip
def test_dates_outside_their_span_are_422_naming_the_field(client, ent_a, path, body, field):
    got = assert_error(call(client, "POST", path.format(ent=ent_a.pk), body), 422, "validation_error")
    entries = [e for e in got["details"]["fields"] if e["field"] == field]
    assert [e["code"] for e in entries] == ["date_out_of_range"], got
    assert entries[0]["message_zh"] and entries[0]["message_en"].isascii()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/sampling/statistics?year=99999", "year"),
        ("/sampling/statistics?year=2026&quarter=5", "quarter"),
        ("/sampling/public?year=1", "year"),
        (f"/selfcontrol/daily?limit={HUGE}", "limit"),
        ("/selfcontrol/daily?first=0001-01-01", "first"),
        ("/selfcontrol/completion?last=9999-12-31", "last"),
        ("/trace/trace?ref=" + "B" * 81, "ref"),
        ("/trace/trace/xlsx?ref=B1&direction=" + "x" * 17, "direction"),
        ("/licensing/applications?q=" + "q" * 201, "q"),
        ("/licensing/rectifications?state=" + "s" * 65, "state"),
        ("/registry/enterprises?division=4301021", "division"),
        ("/trace/public/" + "C" * 65, "code"),
    ],
)
def test_every_app_refuses_an_unbounded_query_with_the_field_named(client, path, field):
    # the whole API, not only the kernel (the input-bounds walk lists every operation; these are its witnesses)
    body = assert_error(call(client, "GET", path), 422, "validation_error")
    assert field in [e["field"] for e in body["details"]["fields"]], body
