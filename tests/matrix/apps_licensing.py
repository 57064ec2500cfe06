"""Licensing (许可审查) in the matrix: each operation against tenant A's application or verification in the
state the operation needs (`matrix_world._licensing` builds one of each)."""

from __future__ import annotations

from datetime import timedelta

from matrix_core import ALL, INSP, JADM, KEY, OFF, REV, D, Multipart, Op, P, Upload
from matrix_world import CEREAL, PDF, TODAY

APPLY = frozenset({P, D, KEY})  # licensing.application.submit
REVIEW = frozenset({REV, JADM})  # licensing.review / assign / decide
VERIFY = frozenset({INSP})  # licensing.verify
BASE = "/licensing/applications/{application_id}"
VER = "/licensing/verifications/{verification_id}"


def _app(name: str):
    return {"application_id": lambda w: w.ids[name]}


def _ver(name: str, **more):
    return {"verification_id": lambda w: w.ids[name], **more}


def _inspectors(w):
    return {"inspector_ids": [w.users["inspector"].pk, w.users["inspector2"].pk]}


OPS = [
    Op("GET", "/licensing/applications", ALL, targets=False),
    Op(
        "POST",
        "/licensing/applications",
        APPLY,
        201,
        body=lambda w: {
            "enterprise_id": w.a.ent.pk,
            "kind": "new",
            "site_address": "长沙市岳麓区麓谷大道9号",
            "site_division_code": "430104",
        },
    ),
    Op("GET", BASE, ALL),
    Op("PATCH", BASE, APPLY, body=lambda w: {"zoning_plan": "清洁区改在三楼"}),
    Op(
        "POST",
        f"{BASE}/products",
        APPLY,
        201,
        body=lambda w: {**CEREAL, "variety": "婴幼儿高蛋白谷物辅助食品"},
    ),
    Op("POST", f"{BASE}/equipment", APPLY, 201, body=lambda w: {"kind": "mixer", "name": "二号混合机"}),
    Op("POST", f"{BASE}/staff", APPLY, 201, body=lambda w: {"name": "孙操作", "role": "operator"}),
    Op("POST", f"{BASE}/zones", APPLY, 201, body=lambda w: {"name": "外包装车间", "grade": "general"}),
    Op(
        "POST",
        f"{BASE}/documents",
        APPLY,
        201,
        body=lambda w: Multipart(
            {"kind": "site_plan", "title": "厂区平面图", "file": Upload("plan.pdf", PDF)}
        ),
    ),
    Op(
        "POST",
        f"{BASE}/trial-reports",
        APPLY,
        201,
        body=lambda w: {
            "product_key": "3001:婴幼儿谷物辅助食品",
            "laboratory": "湖南省食品质量监督检验研究院",
            "report_number": "WT2026-0009",
            "issued_on": str(TODAY - timedelta(days=3)),
            "results": [{"name": "铅", "value": "符合", "conclusion": "合格"}],
        },
    ),
    Op("GET", f"{BASE}/trial-coverage", ALL),
    Op("GET", f"{BASE}/checklist", ALL),
    Op("POST", f"{BASE}/submit", APPLY),
    Op("POST", f"{BASE}/review/start", REVIEW, args=_app("submitted_id")),
    Op(
        "POST",
        f"{BASE}/review/items/{{item_id}}",
        REVIEW,
        body=lambda w: {"ok": False, "note": "平面图不清晰"},
        args={**_app("reviewing_id"), "item_id": lambda w: w.ids["review_item"]},
    ),
    Op(
        "POST",
        f"{BASE}/review/return",
        REVIEW,
        body=lambda w: {"reasons": "补正平面图"},
        args=_app("reviewing_id"),
    ),
    Op(
        "POST",
        f"{BASE}/review/accept",
        REVIEW,
        args=_app("reviewing_id"),
    ),
    Op("POST", f"{BASE}/verification", REVIEW, 201, body=_inspectors, args=_app("accepted_id")),
    Op(
        "POST",
        f"{BASE}/approve",
        REVIEW,
        body=lambda w: {"issuing_authority": "长沙市市场监督管理局"},
        args=_app("concluded_id"),
    ),
    Op(
        "POST",
        f"{BASE}/reject",
        REVIEW,
        body=lambda w: {"reasons": [{"rule_id": "xize2017.art5", "text": "条件不符"}]},
        args=_app("concluded_id"),
    ),
    Op("GET", VER, ALL),
    Op(
        "POST",
        f"{VER}/items/{{item_id}}/score",
        VERIFY,
        body=lambda w: Multipart({"result": "符合", "note": ""}),
        args={"item_id": lambda w: w.ids["ver_item"]},
    ),
    Op(
        "POST",
        f"{VER}/items/{{item_id}}/not-applicable",
        VERIFY,
        body=lambda w: {"reason": "不涉及该工艺"},
        args={"item_id": lambda w: w.ids["ver_item"]},
    ),
    Op("POST", f"{VER}/sign", VERIFY, args=_ver("ver_scored")),
    Op("POST", f"{VER}/applicant-sign", {P, D}, body=lambda w: {"signer": "赵总"}, args=_ver("ver_scored")),
    Op("POST", f"{VER}/conclude", VERIFY, body=lambda w: {}, args=_ver("ver_signed")),
    Op("POST", "/licensing/licences/{licence_id}/reverification", REVIEW, 201, body=_inspectors),
    Op("GET", "/licensing/rectifications", ALL, targets=False),
    Op(
        "POST",
        "/licensing/rectifications/{rectification_id}/submit",
        {P, D, OFF, KEY},
        body=lambda w: Multipart({"note": "已整改完毕"}),
    ),
    Op(
        "POST",
        "/licensing/rectifications/{rectification_id}/close",
        {INSP, REV, JADM},
        body=lambda w: {"accepted": True, "note": "整改到位"},
        args={"rectification_id": lambda w: w.ids["submitted_rectification_id"]},
    ),
    Op(
        "POST",
        "/licensing/licences/{licence_id}/conditions",
        {P, D, KEY},
        201,
        body=lambda w: {"site_address": "长沙市岳麓区麓谷大道1号", "processes": ["extrusion"]},
    ),
    Op(
        "GET", "/licensing/changes", ALL, targets=False, shows=frozenset()
    ),  # the world has no undeclared change
]
