"""The production and trace API: push single and bulk (all-or-nothing, per-item errors), tenancy, exports."""

from __future__ import annotations

import json
from datetime import date, timedelta

import factories as t
import pytest
from django.test import Client

from shouhu.accounts.models import ApiKey, hash_key
from shouhu.core.models import AuditEntry
from shouhu.core.regulation import today as local_today
from shouhu.production.models import Batch, Material, MaterialLot
from shouhu.trace import epcis

pytestmark = pytest.mark.django_db
API = "/api/v1"


def key_for(ent) -> dict[str, str]:
    raw = ApiKey.generate()
    ApiKey.objects.create(enterprise=ent, name="MES", key_prefix=raw[:8], key_hash=hash_key(raw))
    return {"X-API-Key": raw}


def post(path, body, headers):
    return Client().post(
        API + path, data=json.dumps(body, default=str), content_type="application/json", headers=headers
    )


def get(path, headers=None, **params):
    return Client().get(API + path, params, headers=headers or {})


@pytest.fixture
def mes(ent_a):
    return key_for(ent_a)


def test_push_lot_single_and_rule_cited_error(mes, ent_a, product, rice, supplier):
    body = {
        "code": "API-LOT-1",
        "material": rice.code,
        "supplier": supplier.name,
        "quantity": "250.5",
        "received_on": str(date.today()),
        "inspector": "查验员",
        "tests": [{"item": "铅", "passed": True}],
    }
    r = post("/production/lots", body, mes)
    assert r.status_code == 422
    err = r.json()
    assert (
        set(err) == {"code", "message", "message_zh", "message_en", "details"}
        and err["code"] == "validation_error"
    )
    assert err["details"]["rule"] == "xize2017.art45.rice-pb-cd" and "第四十五条" in err["details"]["cite"]
    body["tests"].append({"item": "镉", "passed": True})
    r = post("/production/lots", body, mes)
    assert r.status_code == 200, r.content
    lot = MaterialLot.objects.get(pk=r.json()["id"])
    assert lot.on_hand == lot.quantity
    listed = get("/production/lots", mes).json()
    assert [x["code"] for x in listed] == ["API-LOT-1"]


def test_bulk_is_all_or_nothing_with_per_item_errors(mes, ent_a):
    items = [{"code": f"MAT-{i}", "name": f"物料{i}", "tags": ["rice"]} for i in range(5)]
    items[1] = {"code": "MAT-1"}  # no name: schema error
    items[3]["code"] = "MAT-0"  # duplicate code: service error
    before = AuditEntry.objects.count()
    r = post("/production/bulk/materials", items, mes)
    assert r.status_code == 422, r.content
    errs = r.json()["details"]["items"]
    assert [e["index"] for e in errs] == [1, 3]
    assert errs[0]["fields"][0]["field"] == "name"
    assert not Material.objects.exists() and AuditEntry.objects.count() == before
    items[1] = {"code": "MAT-1", "name": "物料1"}
    items[3]["code"] = "MAT-3"
    r = post("/production/bulk/materials", items, mes)
    assert r.status_code == 200 and len(r.json()["created"]) == 5
    assert Material.objects.filter(enterprise=ent_a).count() == 5


def test_bulk_unknown_kind(mes):
    r = post("/production/bulk/nonsense", [], mes)
    assert r.status_code == 422 and "lots" in r.json()["details"]["kinds"]


def test_refusals_speak_the_active_language_and_keep_both(mes):
    c = Client()
    c.cookies["django_language"] = "en"
    r = c.post(API + "/production/bulk/nonsense", data="[]", content_type="application/json", headers=mes)
    err = r.json()
    assert r.status_code == 422 and err["details"]["reason"] == "bulk.kind_unknown"
    assert err["message"] == err["message_en"] == "Unknown kind of record: nonsense"
    assert err["message_zh"] == "未知记录类型 nonsense"


def test_tenancy_and_no_enterprise(mes, ent_b, product, batch, county_inspector, city_reviewer):
    other = key_for(ent_b)
    assert get(f"/production/batches/{batch.pk}", other).status_code == 404
    assert get(f"/production/batches/{batch.pk}", mes).json()["number"] == batch.number
    assert get("/trace/trace", other, ref=batch.number).status_code == 404
    c = Client()
    c.force_login(county_inspector)
    assert c.get(f"{API}/production/batches/{batch.pk}").status_code == 200
    r = c.post(
        f"{API}/production/materials", data={"code": "X", "name": "Y"}, content_type="application/json"
    )
    assert r.status_code in (403, 422)


def test_batching_via_api_refuses_same_person(mes, batch, lot, staff):
    body = {
        "batch": batch.number,
        "lot": lot.code,
        "quantity": 5,
        "batcher_id": staff[0].pk,
        "checker_id": staff[0].pk,
    }
    r = post("/production/consumptions", body, mes)
    assert r.status_code == 422 and r.json()["details"]["rule"] == "xize2017.art54"
    body["checker_id"] = staff[1].pk
    assert post("/production/consumptions", body, mes).status_code == 200
    body["quantity"] = 1000
    r = post("/production/consumptions", body, mes)
    assert r.status_code == 422 and r.json()["details"]["rule"] == "xize2017.art51"


def test_trace_exports_via_api(mes, principal_a, batch, lot, staff):
    from shouhu.production import services

    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=5, batcher=staff[0], checker=staff[1]
    )
    data = get("/trace/trace", mes, ref=batch.number, direction="back").json()
    assert [x["code"] for x in data["lots"]] == [lot.code]
    r = get("/trace/trace/epcis", mes, ref=lot.code)
    assert r["Content-Type"] == "application/ld+json" and epcis.errors(json.loads(r.content)) == []
    r = get("/trace/trace/xlsx", mes, ref=lot.code)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert get("/trace/trace", mes, ref="NOPE").status_code == 404
    assert get("/trace/trace", mes, ref=lot.code, direction="up").status_code == 422


def test_public_lookup_shows_released_batches_only_and_is_rate_limited(product, monkeypatch):
    from django.core.cache import cache

    from shouhu.trace import public as public_mod

    monkeypatch.setattr(public_mod, "_now", lambda: 1_000_000.0)  # one rate window for the whole test

    cache.clear()
    b = t.make_batch(
        product, number="PUB-1", status="released", released_on=date.today(), certificate_no="HG-9"
    )
    pending = t.make_batch(product, number="PUB-2")
    r = get(f"/trace/public/{b.trace_code}")
    assert r.status_code == 200
    body = r.json()
    assert body["product"] == product.name and body["certificate_no"] == "HG-9"
    assert "customers" not in body and "shipments" not in body
    assert get(f"/trace/public/{pending.number}").status_code == 404
    from shouhu.trace import public

    for _ in range(public.LIMIT_PER_MINUTE):
        get("/trace/public/PUB-1")
    r = get("/trace/public/PUB-1")
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    cache.clear()


def test_recall_via_api_reaches_the_regulator(mes, principal_a, county_inspector, ent_a, batch, lot, staff):
    from shouhu.production import services

    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=5, batcher=staff[0], checker=staff[1]
    )
    services.batch_complete(actor=principal_a, batch=batch, quantity=10)
    Batch.objects.filter(pk=batch.pk).update(status="released", released_on=date.today() - timedelta(1))
    r = post("/trace/recalls", {"level": 2, "reason": "标签错误", "lot": lot.code}, mes)
    assert r.status_code == 200, r.content
    rc = r.json()
    assert rc["items"][0]["quantity"] == "10.000"
    assert post(f"/trace/recalls/{rc['id']}/report", {}, mes).status_code == 200
    c = Client()
    c.force_login(county_inspector)
    listed = c.get(f"{API}/trace/recalls").json()
    assert [x["number"] for x in listed] == [rc["number"]] and listed[0]["reported_at"]
    r = post(f"/trace/recall-items/{rc['items'][0]['id']}/recover", {"quantity": 4, "notified": True}, mes)
    assert r.status_code == 200 and r.json()["recovered"] == "4.000"


def test_bulk_records_fast_path_validates_all_and_chains_the_ledger(mes, ent_a, principal_a):
    from shouhu.core import ledger
    from shouhu.production import services
    from shouhu.production.models import Record
    from shouhu.rules import engine

    # an entry written the ordinary way first: the bulk entries must continue the same chain
    fields13 = engine().rule("xize2017.annex1.record13").params["fields"]
    services.record_create(
        actor=principal_a,
        enterprise=ent_a,
        number=13,
        occurred_on=date.today(),
        data={f: "x" for f in fields13},
    )
    fields10 = engine().rule("xize2017.annex1.record10").params["fields"]
    good = {"number": 10, "occurred_on": str(date.today()), "data": {f: "值" for f in fields10}}
    items = [dict(good) for _ in range(50)]
    items[7] = {**good, "data": {fields10[0]: "张三"}}  # missing fields
    items[9] = {**good, "occurred_on": str(local_today() + timedelta(days=1))}
    items[11] = {**good, "number": 33}
    r = post("/production/bulk/records", items, mes)
    assert r.status_code == 422
    errs = r.json()["details"]["items"]
    assert [e["index"] for e in errs] == [7, 9, 11]
    assert errs[0]["details"]["rule"] == "xize2017.annex1.record10" and errs[0]["details"]["missing"]
    assert Record.objects.count() == 1
    items = [dict(good, external_id=f"MES-{i}") for i in range(50)]
    r = post("/production/bulk/records", items, mes)
    assert r.status_code == 200 and len(r.json()["created"]) == 50
    assert Record.objects.filter(number=10).count() == 50
    checked, breaks = ledger.verify(ent_a.pk)
    assert breaks == [] and checked >= 51
    rec = Record.objects.filter(number=10).first()
    assert ledger.history(rec).get().action == "production.record.create"


def test_every_annex1_record_has_a_home(mes):
    from shouhu.rules import engine

    rows = get("/production/annex1", mes).json()
    assert [r["number"] for r in rows] == list(range(1, 33))
    for r in rows:
        assert r["fields"] == engine().rule(f"xize2017.annex1.record{r['number']:02d}").params["fields"]
        assert r["endpoint"] and r["model"]
    generic = {r["number"] for r in rows if r["model"] == "production.Record"}
    assert 3 not in generic and 13 in generic
    r = post("/production/records", {"number": 3, "occurred_on": str(date.today()), "data": {}}, mes)
    assert r.status_code == 422 and r.json()["details"]["fields"][0]["code"] == "record.has_own_model"
