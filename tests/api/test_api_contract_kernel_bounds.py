"""Bounds in the workflow kernel, production and recall inputs (issue 17, second pass): impossible dates and
moments (year 1, year 9999, a moment UTC cannot hold), numbers past a column's precision and strings past
a column's length are each a 422 naming the field — never a 500 when the row is saved."""

from __future__ import annotations

from datetime import timedelta

import factories as t
import pytest
from apitest import assert_error, call
from django.test import Client

from shouhu.core.regulation import today

pytestmark = pytest.mark.django_db

HUGE = "36893488147419103231"
YEAR_1 = "0001-01-01T00:00:00"  # naive: read in Asia/Shanghai, it is before year 1 in UTC
YEAR_9999 = "9999-12-31T23:59:59-14:00"  # aware: after year 9999 in UTC


@pytest.fixture
def client(principal_a):
    c = Client()
    c.force_login(principal_a)
    return c


@pytest.fixture
def batch(ent_a, product):
    return t.make_batch(product, number="B1")


def _field_codes(resp, field):
    got = assert_error(resp, 422, "validation_error")
    return [e["code"] for e in got["details"]["fields"] if e["field"] == field], got


CCP = {"batch": "B1", "point": "杀菌", "parameter": "温度", "value": "85", "operator": "张三"}
CLEARANCE = {"batch": "B1", "area": "内包间", "items": "清场", "responsible": "张三", "reviewer": "李四"}
CONSUMPTION = {"batch": "B1", "material": "M1", "quantity": "1", "batcher_id": 1, "checker_id": 2}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/production/ccp-records", {**CCP, "at": YEAR_1}, "at"),
        ("/production/ccp-records", {**CCP, "at": YEAR_9999}, "at"),
        ("/production/clearances", {**CLEARANCE, "at": YEAR_1}, "at"),
        ("/production/consumptions", {**CONSUMPTION, "at": YEAR_9999}, "at"),
        ("/trace/recalls", {"level": 1, "reason": "x", "batch": "B1", "started_at": YEAR_1}, "started_at"),
        ("/obligations/obligations", {"starts_at": YEAR_1}, "starts_at"),
        ("/obligations/obligations", {"starts_at": YEAR_9999}, "starts_at"),
        ("/findings/1/rectifications", {"due_on": "0001-01-01"}, "due_on"),
        ("/findings/1/rectifications", {"due_on": "9999-12-31"}, "due_on"),
        ("/checklists/templates/from-source", {"title": "x", "as_of": "0001-01-01"}, "as_of"),
        ("/obligations/schedules/1/generate", {"first": "0001-01-01", "last": "2026-01-01"}, "first"),
        ("/obligations/schedules", {"active_from": "9999-01-01"}, "active_from"),
        ("/publication/publications", {"due_by": "0001-01-01"}, "due_by"),
        ("/publication/publications", {"shown_until": "9999-12-31"}, "shown_until"),
        ("/production/ccp-records", {**CCP, "at": f"{today() + timedelta(days=2)}T08:00:00"}, "at"),
    ],
)
def test_impossible_dates_and_moments_are_422_naming_the_field(client, batch, path, body, field):
    codes, got = _field_codes(call(client, "POST", path, body), field)
    assert codes == ["date_out_of_range"], got


def test_a_moment_within_its_span_is_accepted(client, batch):
    resp = call(client, "POST", "/production/ccp-records", {**CCP, "at": f"{today()}T00:00:00+08:00"})
    assert resp.status_code == 200, resp.content


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/production/batches", {"number": "B" * 65, "product_id": 1, "produced_on": "2026-01-01"}, "number"),
        ("/production/customers", {"name": "客" * 201, "kind": "retailer", "contact": "x"}, "name"),
        ("/production/customers", {"name": "x", "kind": "retailer", "contact": "x" * 101}, "contact"),
        ("/production/suppliers", {"name": "x", "uscc": "9" * 19}, "uscc"),
        ("/production/ccp-records", {**CCP, "at": YEAR_1, "operator": "x" * 65}, "operator"),
        ("/trace/recalls/1/complete", {"disposal": "x", "place": "x" * 201, "rectification": "x"}, "place"),
        ("/findings", {"subject_type": "x" * 101, "subject_id": "1"}, "subject_type"),
    ],
)
def test_strings_longer_than_their_column_are_422(client, batch, path, body, field):
    codes, got = _field_codes(call(client, "POST", path, body), field)
    assert codes == ["string_too_long"], got


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("GET", f"/findings?limit={HUGE}", None, "limit"),
        ("GET", "/findings?limit=0", None, "limit"),
        ("GET", f"/findings?state={'x' * 65}", None, "state"),
        ("GET", f"/obligations/obligations?status={'x' * 65}", None, "status"),
        ("POST", "/obligations/notifications/read", {"ids": [int(HUGE)]}, "ids.0"),
        ("POST", "/checklists/runs/1/results", {"item_id": "a", "measured": "1e30"}, "measured"),
        ("POST", "/checklists/runs/1/results", {"item_id": "a", "measured": "1.00001"}, "measured"),
        ("POST", "/checklists/runs", {"template_id": int(HUGE), "subject_type": "x", "subject_id": "1"}, "template_id"),
        ("POST", "/findings/rectifications/1/recheck", {"run_id": int(HUGE)}, "run_id"),
        ("POST", "/findings/rectifications/1/answer", {"answer": "x", "evidence": [int(HUGE)]}, "evidence.0"),
    ],
)  # fmt: skip
def test_numbers_and_filters_out_of_range_are_422(client, method, path, body, field):
    resp = call(client, method, path, body)
    got = assert_error(resp, 422, "validation_error")
    assert field in [e["field"] for e in got["details"]["fields"]], got


def test_a_bulk_record_from_year_1_is_refused_not_stored(client, ent_a):
    item = {"number": 1, "occurred_on": "0001-01-01", "data": {}}
    got = assert_error(call(client, "POST", "/production/bulk/records", [item]), 422, "validation_error")
    assert "date.out_of_range" in str(got["details"]), got
