"""The bulk push read once and checked by plain code (core.bulkjson): wrong types and out-of-bound fields
answer a clear error per item and field, nothing written; production's batch push carries the clean zone
(core.hooks.batch_zone_record), an unknown zone rolls the batch back."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import factories as t
import pytest
from django.test import Client
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apitest import row_counts

from shouhu.cleanroom.models import BatchZone

pytestmark = pytest.mark.django_db


def _key_client(ent):
    _key, raw = t.make_api_key(ent)
    return Client(headers={"X-API-Key": raw})


def _ok(i=0):
    at = (timezone.now() - dt.timedelta(hours=2, minutes=i)).isoformat()
    return {"zone": "C01", "parameter": "temperature", "unit": "°C", "at": at, "value": 20}


def test_bulk_bad_fields_answer_per_item_and_write_nothing(zone, ent):
    c = _key_client(ent)
    bad = [
        (dict(_ok(), value="20"), "value"),  # a string is no number
        (dict(_ok(), value=float("1e13")), "value"),  # out of bounds
        (dict(_ok(), at="yesterday"), "at"),
        (dict(_ok(), at="1899-01-01T00:00:00+08:00"), "at"),
        ({k: v for k, v in _ok().items() if k != "unit"}, "unit"),  # missing
        (dict(_ok(), zone="Z" * 33), "zone"),
        (dict(_ok(), by=5), "by"),
        (dict(_ok(), inputs={"vent_area_m2": 0, "air_speed_m_s": 1}), "inputs.vent_area_m2"),
        ("not an object", ""),
    ]
    before = row_counts()
    body = json.dumps({"sensor": "TH-01", "items": [_ok(1)] + [b for b, _f in bad]})
    r = c.post("/api/v1/cleanroom/readings", data=body, content_type="application/json")
    assert r.status_code == 422, r.content
    got = r.json()["details"]["items"]
    assert [g["index"] for g in got] == list(range(1, len(bad) + 1))
    assert [g["details"]["fields"][0]["field"] for g in got] == [
        f"items[{i + 1}].{f}" for i, (_b, f) in enumerate(bad)
    ]
    assert {g["details"]["reason"] for g in got} == {"reading.field_invalid"}
    for raw, reason in (("{", "request.json_invalid"), ("[]", "request.json_invalid"),
                        ('{"items": []}', "request.items_invalid"),
                        (json.dumps({"items": [_ok()] * 10_001}), "request.too_many"),
                        (json.dumps({"sensor": "S" * 65, "items": [_ok()]}), "reading.field_invalid")):  # fmt: skip
        r = c.post("/api/v1/cleanroom/readings", data=raw, content_type="application/json")
        assert r.status_code == 422 and r.json()["details"]["reason"] == reason, (raw[:30], r.content[:200])
    assert row_counts() == before
    r = c.post(
        "/api/v1/cleanroom/readings", data=json.dumps({"items": [_ok(1)]}), content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["count"] == 1


def test_production_batch_push_carries_the_zone(zone, ent):
    c = _key_client(ent)
    product = t.make_product(ent)
    day = str(timezone.localdate() - dt.timedelta(days=1))
    r = c.post("/api/v1/production/batches", data=json.dumps(
        {"number": "BZ-1", "product_id": product.pk, "produced_on": day, "zone": "C01", "line": "罐装线1"}),
        content_type="application/json")  # fmt: skip
    assert r.status_code == 200, r.content
    bz = BatchZone.objects.get(batch_id=r.json()["id"])
    assert bz.zone == zone and bz.line.name == "罐装线1"
    before = row_counts()
    for zone_code, line, status in (("NOPE", "", 404), ("C01", "无此线", 422), ("", "罐装线1", 422)):
        r = c.post("/api/v1/production/batches", data=json.dumps(
            {"number": "BZ-2", "product_id": product.pk, "produced_on": day, "zone": zone_code, "line": line}),
            content_type="application/json")  # fmt: skip
        assert r.status_code == status, (zone_code, line, r.content)
    assert row_counts() == before  # the batch was rolled back with its zone
    r = c.post("/api/v1/production/batches", data=json.dumps(
        {"number": "BZ-3", "product_id": product.pk, "produced_on": day}), content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and not BatchZone.objects.filter(batch_id=r.json()["id"]).exists()


def test_other_enterprises_zone_is_not_found(zone, other):
    c = _key_client(other)
    product = t.make_product(other)
    day = str(timezone.localdate() - dt.timedelta(days=1))
    r = c.post("/api/v1/production/batches", data=json.dumps(
        {"number": "BZ-X", "product_id": product.pk, "produced_on": day, "zone": "C01"}),
        content_type="application/json")  # fmt: skip
    assert r.status_code == 404
