"""The sales API end to end (issue 34): a pushed sweep tied to shops in the background (202 + status URL),
a takedown request with its answer, the registry's creates replayed by client id, and each bad input of
the issue — unknown columns, a shop claimed by two sellers, a takedown without findings — refused with
the one error shape and nothing written; another division's regulator gets 404 and writes nothing."""

from __future__ import annotations

import json
import uuid

from apitest import changed, row_counts
from django.test import Client

from shouhu.labelstore.models import LabelSweep
from shouhu.sales.models import ListingMatch, PlatformRequest, Seller, Shop, SweepLink

from .conftest import HEADER, ROWS

API = "/api/v1/sales"
ERROR_KEYS = {"code", "message", "message_zh", "message_en", "details"}


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(c: Client, path: str, body: dict):
    return c.post(API + path, data=json.dumps(body), content_type="application/json")


def _rows() -> list[dict[str, str]]:
    keys = HEADER.strip().split(",")
    return [dict(zip(keys, line.split(","), strict=True)) for line in ROWS]


def _push_and_link(c: Client, capture) -> dict:
    with capture(execute=True):
        r = _post(c, "/sweeps", {"name": "接口推送", "rows": _rows()})
    assert r.status_code == 202, r.content
    assert LabelSweep.objects.get(pk=r.json()["id"]).status == "done"
    with capture(execute=True):  # the job runs inline in tests (core.jobs mode "inline")
        link = _post(c, r.json()["link_url"].removeprefix(API), {})
    assert link.status_code == 202, link.content
    status = c.get(link.json()["status_url"])
    assert status.status_code == 200
    return status.json()


def test_pushed_sweep_is_tied_to_shops_and_a_takedown_is_answered(world, django_capture_on_commit_callbacks):
    c = _client(world["insp"])
    link = _push_and_link(c, django_capture_on_commit_callbacks)
    assert link["status"] == "done" and link["done"] == link["rows"] == 4, link
    assert link["matched"] == 4 and link["shops_created"] == 2
    seller = world["seller"]
    tally = {s["seller_id"]: s for s in link["summary"]["sellers"]}
    assert tally[seller.pk]["listings"] == 2 and tally[seller.pk]["with_findings"] >= 1
    shop = c.get(f"{API}/shops/{world['shop'].pk}").json()
    assert shop["flagged"] >= 1 and shop["platform"] == "优选商城"
    assert c.get(f"{API}/sellers/{seller.pk}").json()["sweeps_flagged"] == 1

    # a takedown request with the findings, its deadline from the kernel, then the platform's answer
    cid = str(uuid.uuid4())
    r = _post(c, f"/shops/{world['shop'].pk}/requests", {"kind": "takedown", "client_id": cid})
    assert r.status_code == 201, r.content
    req = r.json()
    assert req["findings"] and req["citations"] and req["obligation_id"] and req["status"] == "sent"
    before = row_counts()
    again = _post(c, f"/shops/{world['shop'].pk}/requests", {"kind": "takedown", "client_id": cid})
    assert again.status_code == 201 and again.json()["id"] == req["id"]
    assert not changed(before, row_counts()), "a replayed request writes nothing"
    assert [x["id"] for x in c.get(f"{API}/requests?open_only=true").json()] == [req["id"]]
    r = _post(c, f"/requests/{req['id']}/answer", {"answer_kind": "removed", "answer": "已下架2件商品"})
    assert r.status_code == 200 and r.json()["status"] == "answered", r.content
    r = _post(c, f"/requests/{req['id']}/answer", {"answer_kind": "removed", "answer": "再次"})
    assert r.status_code == 409 and r.json()["details"]["reason"] == "request.state"


def test_another_divisions_regulator_gets_404_and_writes_nothing(world, django_capture_on_commit_callbacks):
    link = _push_and_link(_client(world["insp"]), django_capture_on_commit_callbacks)
    other = _client(world["other"])
    shop, seller = world["shop"], world["seller"]
    before = row_counts()
    for path in (f"/shops/{shop.pk}", f"/sellers/{seller.pk}", f"/links/{link['id']}"):
        r = other.get(API + path)
        assert r.status_code == 404 and set(r.json()) == ERROR_KEYS, (path, r.content)
    assert other.get(f"{API}/sellers").json() == [] and other.get(f"{API}/shops").json() == []
    assert _post(other, f"/shops/{shop.pk}/requests", {}).status_code == 404
    assert _post(other, f"/shops/{shop.pk}/claim", {"seller_id": seller.pk}).status_code == 404
    assert _post(other, f"/sweeps/{link['sweep_id']}/link", {}).status_code == 404
    body = {"name": "越界登记", "permit_kind": "licence", "permit_no": "JY1", "address": "某地",
            "division_code": seller.division_code}  # fmt: skip
    r = _post(other, "/sellers", body)
    assert r.status_code == 422 and r.json()["details"]["reason"] == "division.invalid"
    assert not changed(before, row_counts())
    # an enterprise's staff have no sales pages or API
    assert _client(world["owner"]).get(f"{API}/sellers").status_code == 403


def test_unknown_columns_are_refused_with_the_expected_ones_and_nothing_written(world):
    c = _client(world["insp"])
    before = row_counts()
    rows = [{"id": "X1", "title": "婴儿米粉", "shop": "S100", "mall": "优选商城"}]
    r = _post(c, "/sweeps", {"rows": rows})
    assert r.status_code == 422, r.content
    body = r.json()
    assert set(body) == ERROR_KEYS and body["details"]["reason"] == "columns.unknown"
    assert "店铺ID" in body["details"]["expected"] and "shop_url" in body["details"]["expected"]
    assert body["details"]["found"] == ["id", "title", "shop", "mall"]
    assert "店铺ID" in body["message_zh"] and body["message_en"] != body["message_zh"]
    assert not changed(before, row_counts()) and not LabelSweep.objects.exists()
    # a mapping naming a column the rows lack is refused too; a right one is taken
    r = _post(c, "/sweeps", {"rows": rows, "columns": {"shop_id": "店铺"}})
    assert r.status_code == 422 and r.json()["details"]["reason"] == "columns.map_invalid"
    r = _post(c, "/sweeps", {"rows": rows, "columns": {"shop_id": "shop", "platform": "mall"}})
    assert r.status_code == 202, r.content
    # a field we do not read is refused by the schema, naming the field
    r = _post(c, "/sweeps", {"rows": rows, "columns": {"colour": "shop"}})
    assert r.status_code == 422 and r.json()["code"] == "validation_error"


def test_a_shop_claimed_by_a_second_seller_is_refused(world):
    c = _client(world["insp"])
    body = {"name": "另一家母婴店", "permit_kind": "filing", "permit_no": "YB1", "address": "长沙市岳麓区某路",
            "division_code": world["seller"].division_code}  # fmt: skip
    second = _post(c, "/sellers", body)
    assert second.status_code == 201, second.content
    before = row_counts()
    r = _post(c, f"/shops/{world['shop'].pk}/claim", {"seller_id": second.json()["id"], "reason": "平台说明"})
    assert r.status_code == 409 and set(r.json()) == ERROR_KEYS, r.content
    assert r.json()["details"]["reason"] == "shop.claimed" and "长沙好宝贝母婴商行" in r.json()["message_zh"]
    assert not changed(before, row_counts())
    assert Shop.objects.get(pk=world["shop"].pk).seller_id == world["seller"].pk


def test_a_takedown_without_findings_is_refused(world):
    c = _client(world["insp"])
    before = row_counts()
    r = _post(c, f"/shops/{world['shop'].pk}/requests", {"kind": "takedown"})
    assert r.status_code == 422 and r.json()["details"]["reason"] == "request.no_findings", r.content
    assert not changed(before, row_counts()) and not PlatformRequest.objects.exists()


def test_registry_creates_are_replay_safe_and_bounded(world):
    c = _client(world["insp"])
    cid = str(uuid.uuid4())
    body = {"client_id": cid, "name": "岳麓新店", "permit_kind": "licence", "permit_no": "JY14301040000002",
            "address": "长沙市岳麓区桃子湖路2号", "division_code": world["seller"].division_code}  # fmt: skip
    first = _post(c, "/sellers", body)
    assert first.status_code == 201, first.content
    before = row_counts()
    again = _post(c, "/sellers", body)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert not changed(before, row_counts()) and Seller.objects.filter(name="岳麓新店").count() == 1
    # the same id from another division's regulator: refused without saying whose
    r = _post(_client(world["other"]), "/sellers", body)
    assert r.status_code == 409 and r.json()["details"]["reason"] == "client_id.taken"
    shop = {"client_id": str(uuid.uuid4()), "platform_id": world["p2"].pk, "shop_id": "K9", "name": "岳麓新店快购店",
            "division_code": world["seller"].division_code, "seller_id": first.json()["id"]}  # fmt: skip
    r1, r2 = _post(c, "/shops", shop), _post(c, "/shops", shop)
    assert r1.status_code == r2.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    assert r1.json()["seller_id"] == first.json()["id"]
    plat = {"client_id": str(uuid.uuid4()), "name": "新平台", "operator": "新平台公司", "registration_no": "ICP-9",
            "division_code": "330110", "contact": "王五", "contact_channel": "tk@new.example"}  # fmt: skip
    p1, p2 = _post(c, "/platforms", plat), _post(c, "/platforms", plat)
    assert p1.status_code == p2.status_code == 201 and p1.json()["id"] == p2.json()["id"]
    assert c.get(f"{API}/platforms/{p1.json()['id']}").json()["name"] == "新平台"
    # bounds: an over-long name, a huge id, too many rows are 422s naming the field, never a 500
    before = row_counts()
    assert _post(c, "/sellers", body | {"client_id": None, "name": "长" * 201}).status_code == 422
    assert c.get(f"{API}/shops/{2**63}").status_code == 422
    assert _post(c, "/sweeps", {"rows": [{"店铺ID": "S"}] * 5001}).status_code == 422
    assert not changed(before, row_counts())
    assert not SweepLink.objects.exists() and not ListingMatch.objects.exists()


def test_a_seller_inspection_is_read_here_and_scored_through_the_kernel(world):
    from shouhu.sales import services
    from shouhu.workflow.checklists.models import TemplateItem

    inspection = services.inspection_open(actor=world["insp"], seller=world["seller"])
    c = _client(world["insp"])
    r = c.get(f"{API}/inspections/{inspection.pk}")
    assert r.status_code == 200 and r.json()["seller"] == "长沙好宝贝母婴商行" and r.json()["result"] == ""
    run_id = r.json()["run_id"]
    item = TemplateItem.objects.filter(template=inspection.run.template).first()
    scored = c.post(
        f"/api/v1/checklists/runs/{run_id}/results",
        data=json.dumps({"item_id": item.item_id, "result": "pass"}),
        content_type="application/json",
    )
    assert scored.status_code == 201, scored.content
    assert [i["id"] for i in c.get(f"{API}/inspections").json()] == [inspection.pk]
    # another county's inspector neither reads it nor scores it
    other = _client(world["other"])
    assert other.get(f"{API}/inspections/{inspection.pk}").status_code == 404
    assert other.get(f"{API}/inspections").json() == []
