"""Production (生产记录) in the matrix.

Pushes name tenant A's objects by their codes (batch number, lot code, supplier name) the way an MES
does, so an outsider's push of the same body must find nothing (404) in its own enterprise; pushes that
only create (a supplier, a material) are the outsider's own business, and must leave A untouched.
"""

from __future__ import annotations

from datetime import datetime

from matrix_core import (
    ADMIN,
    ALL,
    ENTERPRISE,
    KEY,
    OFF,
    PEOPLE,
    QA,
    D,
    Op,
    P,
    Page,
)
from matrix_world import TODAY

RECORD = ENTERPRISE  # production.record (the platform admin has it too, but no enterprise to push for)
# A push names no enterprise: it is the caller's own. Permission comes first (regulators, who lack
# production.record, get 403 whatever the body says); the platform admin holds the permission but has no
# enterprise of its own to push for, and is refused on that input (422, `enterprise` required).
NO_ENTERPRISE = {ADMIN: 422}
NOW = datetime.now().replace(microsecond=0).isoformat()


def push(kind: str, body, *, targets: bool = True, ok: int = 200, **kw) -> Op:
    return Op(
        "POST",
        f"/production/{kind}",
        RECORD,
        ok,
        body=body,
        targets=targets,
        denied_by=NO_ENTERPRISE,
        **kw,
    )


PRODUCTION = [
    push("suppliers", lambda w: {"name": "新湘粮油有限公司"}, targets=False),
    push(
        "supplier-documents",
        lambda w: {
            "supplier": w.ids["supplier"],
            "kind": "licence",
            "number": "SC-NEW",
            "issued_on": str(TODAY),
        },
    ),
    # 供应商审核 is the quality organisation's (production.supplier.approve): not a 食品安全员's, nor the
    # platform admin's; an enterprise system records an approval signed in its own quality system
    Op(
        "POST",
        "/production/supplier-approvals",
        frozenset({P, D, QA, KEY}),
        body=lambda w: {"supplier": w.ids["supplier"], "approved_by": "质量部", "summary": "审核合格"},
        denied_by=NO_ENTERPRISE,
    ),
    push("materials", lambda w: {"code": "NEW-MAT-1", "name": "新物料"}, targets=False),
    push(
        "products",
        lambda w: {
            "name": "新婴幼儿米粉",
            "spec": "200g/盒",
            "category": "3001",
            "variety": "婴幼儿谷物辅助食品",
            "standard": "GB 10769",
            "shelf_life_days": 540,
        },
        targets=False,
    ),
    push(
        "lots",
        lambda w: {
            "code": "NEW-LOT-1",
            "material": w.ids["material"],
            "supplier": w.ids["supplier"],
            "quantity": "50",
            "received_on": str(TODAY),
            "inspector": "查验员",
            "tests": [{"item": "铅", "passed": True}, {"item": "镉", "passed": True}],
        },
    ),
    push(
        "batches",
        lambda w: {"number": "NEW-B-1", "product_id": w.ids["product_id"], "produced_on": str(TODAY)},
    ),
    push(
        "consumptions",
        lambda w: {
            "batch": w.ids["batch"],
            "lot": w.ids["lot"],
            "quantity": "5",
            "batcher_id": w.ids["batcher_id"],
            "checker_id": w.ids["checker_id"],
        },
    ),
    push(
        "ccp-records",
        lambda w: {
            "batch": w.ids["batch"],
            "point": "杀菌",
            "parameter": "温度",
            "value": "125",
            "at": NOW,
            "operator": "张三",
        },
    ),
    push(
        "clearances",
        lambda w: {
            "batch": w.ids["batch"],
            "area": "内包装车间",
            "at": NOW,
            "items": "清场",
            "responsible": "张三",
            "reviewer": "李四",
        },
    ),
    push(
        "release-tests",
        lambda w: {
            "batch": w.ids["batch"],
            "item": "铅",
            "result": "符合",
            "passed": True,
            "tester": "检验员",
            "tested_on": str(TODAY),
            "report_no": "R-NEW",
        },
    ),
    push("retention-samples", lambda w: {"batch": "MXA-B-READY", "quantity": "2", "retained_on": str(TODAY)}),
    push(
        "customers",
        lambda w: {"name": "新经销商", "kind": "distributor", "contact": "13800000000"},
        targets=False,
    ),
    push(
        "shipments",
        lambda w: {
            "batch": w.ids["sold"],
            "customer": w.ids["customer"],
            "quantity": "10",
            "shipped_on": str(TODAY),
        },
    ),
    push(
        "returns",
        lambda w: {
            "shipment_id": w.ids["shipment_id"],
            "quantity": "1",
            "returned_on": str(TODAY),
            "reason": "破损",
        },
    ),
    push(
        "records",
        lambda w: {
            "number": 10,
            "occurred_on": str(TODAY),
            "data": {f: "值" for f in w.ids["record_fields"]},
        },
        targets=False,
    ),
    Op(
        "POST",
        "/production/bulk/{kind}",
        RECORD,
        body=lambda w: [{"code": "BULK-MAT-1", "name": "散装物料"}],
        args={"kind": lambda w: "materials"},
        targets=False,
        denied_by=NO_ENTERPRISE,
    ),
    Op("GET", "/production/annex1", ALL, targets=False, shows=frozenset()),  # rule data, no tenant's
    Op("GET", "/production/lots", ALL, targets=False),
    Op("GET", "/production/batches", ALL, targets=False),
    Op("GET", "/production/batches/{batch_id}", ALL),
    Op("GET", "/production/batches/{batch_id}/release-check", ALL),
    Op(
        "POST",
        "/production/batches/{batch_id}/complete",
        RECORD | {ADMIN},
        body=lambda w: {"quantity": "100"},
        args={"batch_id": lambda w: w.ids["made_id"]},
    ),
    Op(
        "POST",
        "/production/batches/{batch_id}/release",
        {D, QA},
        body=lambda w: {"certificate_no": "HG-9", "report_no": "MXA-R-1"},
        args={"batch_id": lambda w: w.ids["ready_id"]},
    ),
    Op(
        "POST",
        "/production/records/{record_id}/correct",
        RECORD | {ADMIN},
        body=lambda w: {"data": {f: "更正值" for f in w.ids["record_fields"]}, "reason": "笔误"},
    ),
]

OPS = PRODUCTION

# ---- pages (issue 15) ----------------------------------------------------------------------------------
# Pages are people's: the enterprise's staff keep the records, regulators and the platform admin read them.
# A page that writes for the caller's own enterprise (new batch, goods receipt) is not there for a caller
# with none (404); a service refusal on an action is a flash message on the redirect (302).
STAFF = frozenset({P, D, OFF, QA})  # people of an enterprise
KEEP = STAFF | {ADMIN}  # production.record, among people
NONE = frozenset()


def _batch(name: str):
    return lambda w: f"/production/batches/{w.ids[name]}/"


PAGES = [
    Page("production/batches/", lambda w: "/production/batches/", PEOPLE, targets=False),
    Page("production/batches/new/", lambda w: "/production/batches/new/", STAFF, targets=False, denied=404),
    Page(
        "production/batches/new/",
        lambda w: "/production/batches/new/",
        STAFF,
        method="POST",
        ok=302,
        body=lambda w: {"product": w.ids["product_id"], "number": "PAGE-B-1", "produced_on": str(TODAY)},
        denied=404,
        name="create",
    ),
    Page("production/batches/<int:pk>/", _batch("batch_id"), PEOPLE),
    Page(
        "production/batches/<int:pk>/do/<slug:action>/",
        lambda w: f"/production/batches/{w.ids['made_id']}/do/complete/",
        KEEP,
        method="POST",
        ok=302,
        body=lambda w: {"quantity": "100"},
        denied=302,
        name="complete",
    ),
    Page(
        "production/batches/<int:pk>/do/<slug:action>/",
        lambda w: f"/production/batches/{w.ids['ready_id']}/do/release/",
        frozenset({D, QA}),  # production.batch.release: a person of the quality function signs
        method="POST",
        ok=302,
        body=lambda w: {"certificate_no": "HG-P-1", "report_no": "MXA-R-1"},
        denied=302,
        name="release",
    ),
    Page("production/lots/", lambda w: "/production/lots/", PEOPLE, targets=False),
    Page(
        "production/lots/receive/",
        lambda w: (
            f"/production/lots/receive/?material={w.ids['material_pk']}&supplier={w.ids['supplier_pk']}"
        ),
        STAFF,
        targets=False,  # the ids are in the query: an outsider gets its own form, without A's material
        denied=404,
    ),
    # a lot's intake inspection: its versions for everyone who reads production; corrections (第七十条)
    # by those who keep the records (a regulator's POST is refused, 403, nothing written)
    Page("production/lots/<int:pk>/", lambda w: f"/production/lots/{w.ids['lot_pk']}/", PEOPLE),
    Page(
        "production/lots/<int:pk>/",
        lambda w: f"/production/lots/{w.ids['lot_pk']}/",
        KEEP,
        method="POST",
        ok=302,
        body=lambda w: {"inspector": "复核查验员", "reason": "笔误"},
        name="correct",
    ),
    Page("production/records/", lambda w: "/production/records/", PEOPLE, targets=False, shows=NONE),
    Page("production/records/<int:number>/", lambda w: "/production/records/10/", PEOPLE, targets=False),
    Page(
        "production/records/<int:number>/",
        lambda w: "/production/records/10/",
        STAFF,
        method="POST",
        ok=302,
        body=lambda w: {"occurred_on": str(TODAY), **_fields(w, "值")},
        targets=False,
        denied=404,  # a record is the caller's own enterprise's: a caller with none finds no such form
        name="create",
    ),
    Page(
        "production/records/entry/<int:pk>/",
        lambda w: f"/production/records/entry/{w.ids['record_id']}/",
        PEOPLE,
    ),
    Page(
        "production/records/entry/<int:pk>/",
        lambda w: f"/production/records/entry/{w.ids['record_id']}/",
        KEEP,
        method="POST",
        ok=302,
        body=lambda w: {"reason": "笔误", **_fields(w, "更正值")},
        denied=200,  # the refusal is shown on the record's page, nothing written
        name="correct",
    ),
    # release tests and CCP records: their versions for everyone who reads production; corrections by
    # those who keep the records (a regulator's POST is refused, 403, nothing written)
    Page("production/tests/<int:pk>/", lambda w: f"/production/tests/{w.ids['test_id']}/", PEOPLE),
    Page(
        "production/tests/<int:pk>/",
        lambda w: f"/production/tests/{w.ids['test_id']}/",
        KEEP,
        method="POST",
        ok=302,
        body=lambda w: {
            "result": "符合",
            "passed": "1",
            "tester": "复核员",
            "tested_on": str(TODAY),
            "report_no": "MXA-R-1",
            "reason": "笔误",
        },
        name="correct",
    ),
    Page("production/ccp/<int:pk>/", lambda w: f"/production/ccp/{w.ids['ccp_id']}/", PEOPLE),
    Page(
        "production/ccp/<int:pk>/",
        lambda w: f"/production/ccp/{w.ids['ccp_id']}/",
        KEEP,
        method="POST",
        ok=302,
        body=lambda w: {"value": "126", "at": w.ids["ccp_at"], "operator": "张三", "reason": "笔误"},
        name="correct",
    ),
    Page(
        "production/clearances/<int:pk>/",
        lambda w: f"/production/clearances/{w.ids['clearance_id']}/",
        PEOPLE,
    ),
    Page(
        "production/clearances/<int:pk>/",
        lambda w: f"/production/clearances/{w.ids['clearance_id']}/",
        KEEP,
        method="POST",
        ok=302,
        body=lambda w: {
            "area": "内包装车间",
            "at": w.ids["ccp_at"],
            "items": "清场合格（复核）",
            "responsible": "张三",
            "reviewer": "李四",
            "reason": "笔误",
        },
        name="correct",
    ),
    Page("production/suppliers/", lambda w: "/production/suppliers/", PEOPLE, targets=False),
    Page(
        "production/suppliers/",
        lambda w: "/production/suppliers/",
        STAFF,
        method="POST",
        ok=302,
        body=lambda w: {"name": "页面新增供应商", "contact": "0731-2"},
        targets=False,
        denied=404,  # a supplier is the caller's own enterprise's: a caller with none has no such form
        name="create",
    ),
    Page(
        "production/suppliers/<int:pk>/", lambda w: f"/production/suppliers/{w.ids['supplier_pk']}/", PEOPLE
    ),
    Page(
        "production/suppliers/<int:pk>/do/<slug:action>/",
        lambda w: f"/production/suppliers/{w.ids['supplier_pk']}/do/document/",
        KEEP,
        method="POST",
        ok=302,
        body=lambda w: {"kind": "licence", "number": "SC-PAGE", "issued_on": str(TODAY)},
        denied=302,
        name="document",
    ),
    Page(
        "production/suppliers/<int:pk>/do/<slug:action>/",
        lambda w: f"/production/suppliers/{w.ids['supplier_pk']}/do/approve/",
        frozenset({P, D, QA}),  # production.supplier.approve, signed in person
        method="POST",
        ok=302,
        body=lambda w: {"summary": "复审合格", "on": str(TODAY)},
        denied=302,
        name="approve",
    ),
    Page(
        "production/suppliers/<int:pk>/do/<slug:action>/",
        lambda w: f"/production/suppliers/{w.ids['supplier_pk']}/do/suspend/",
        frozenset({P, D, QA}),
        method="POST",
        ok=302,
        body=lambda w: {"reason": "抽检不合格"},
        denied=302,
        name="suspend",
    ),
    # the world has no non-conforming record: a list page of none (exact lists: tests/production)
    Page(
        "production/nonconforming/", lambda w: "/production/nonconforming/", PEOPLE, targets=False, shows=NONE
    ),
]


def _fields(w, value: str) -> dict[str, str]:
    return {f"f{n}": value for n, _ in enumerate(w.ids["record_fields"])}
