"""The matrix's world: tenant A with one object of every kind (in the states the operations need), the
outsiders' tenancies, and a logged-in client for every actor.

Built once per test module (see `conftest.py`) because the matrix runs some 2,500 requests: each test then
runs in a savepoint that is rolled back, so a successful write never leaks into the next test. Objects
are made with the factories and, for workflow states, through the public API itself (paths are stable;
service internals are being refactored), with the few public services the API has no bulk form for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import factories as t
from django.conf import settings
from django.test import Client
from matrix_core import API, OUTSIDERS, Multipart, Upload

from shouhu.core.roles import Role

MARK = "矩阵甲"  # in the names of tenant A's objects: a leak check looks for it
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LABEL_PDF = Path(__file__).resolve().parents[1] / "data" / "labels" / "label_claims_3001.pdf"
TODAY = date.today()
CEREAL = {"category": "3001", "variety": "婴幼儿谷物辅助食品", "processes": ["extrusion"], "attributes": {}}
DOC_KINDS = (
    "site_plan",
    "zoning_plan",
    "equipment_list",
    "process_flow",
    "personnel",
    "management_system",
    "trial_report",
)


@dataclass
class Tenant:
    """One enterprise's registry objects (the shape `tests/api/endpoints.py` builds URLs from)."""

    ent: Any
    site: Any
    licence: Any
    person: Any
    key: Any
    raw_key: str


@dataclass
class World:
    a: Tenant  # 岳麓区: the target of every request
    b: Tenant  # 芙蓉区 (same city): the other enterprise
    c: Tenant  # 株洲天元区 (other city)
    users: dict[str, Any] = field(default_factory=dict)  # actor name -> user
    sessions: dict[str, str] = field(default_factory=dict)  # actor name -> session key
    keys: dict[str, str] = field(default_factory=dict)  # actor name -> raw API key
    ids: dict[str, Any] = field(default_factory=dict)  # path parameter / object name -> value
    markers: set[str] = field(default_factory=set)  # strings only tenant A's data contains
    # what the world keeps in Django's cache (a queued job's state): the suite empties the cache before
    # each test, so `conftest.w` puts these back
    cached: dict[str, Any] = field(default_factory=dict)

    # ---- calling ---------------------------------------------------------------------------------
    def client(self, actor: str | None) -> tuple[Client, dict[str, str]]:
        """A fresh client for an actor (a Role value for tenant A's, or an OUTSIDERS name; None: anonymous)."""
        client = _shared_client()
        client.cookies.clear()
        if actor is None:
            return client, {}
        if actor in self.keys:
            return client, {"X-API-Key": self.keys[actor]}
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[actor]
        return client, {}

    def user(self, actor: str) -> Any:
        return self.users.get(actor)

    def fill(self, path: str, params: dict[str, Any]) -> str:
        values = {**self.ids, **params}
        return path.format(**values)

    def api(self, actor: str, method: str, path: str, body: Any = None, expect: int | None = 200) -> Any:
        """A call made while building the world; it must succeed."""
        client, headers = self.client(actor)
        kwargs: dict[str, Any] = {"headers": headers}
        if isinstance(body, Multipart):
            kwargs["data"] = body.data()
        elif body is not None:
            kwargs.update(data=json.dumps(body, default=str), content_type="application/json")
        resp = getattr(client, method.lower())(API + path, **kwargs)
        if expect is not None:
            assert resp.status_code == expect, (method, path, resp.status_code, resp.content[:1500])
        return resp.json() if resp.get("Content-Type", "").startswith("application/json") else resp


_CLIENT: list[Client] = []


def _shared_client() -> Client:
    """One test client for every call: each new Client loads the middleware again (WhiteNoise then scans
    every static file, ~0.25 s), so the matrix reuses one and swaps the session cookie per actor."""
    if not _CLIENT:
        _CLIENT.append(Client())
    return _CLIENT[0]


def _tenant(ent, mark: str = "") -> Tenant:
    """Registry objects; `mark` prefixes their names, so that A's show up in any answer that holds them."""
    site = t.make_site(ent, name=f"{mark}第一生产车间") if mark else t.make_site(ent)
    licence = t.make_licence(ent, site=site)
    person = t.make_person(ent, name=f"{mark}员工") if mark else t.make_person(ent)
    key, raw = t.make_api_key(ent, name=f"{mark}MES" if mark else "MES")
    return Tenant(ent, site, licence, person, key, raw)


def _login(w: World, name: str, user: Any) -> None:
    client = _shared_client()
    client.cookies.clear()
    client.force_login(user)
    w.users[name] = user
    w.sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value


def build() -> World:
    a = _tenant(t.make_enterprise(t.COUNTY, name="矩阵岳麓禾苗婴幼儿食品有限公司"), mark=MARK)
    b = _tenant(t.make_enterprise(t.OTHER_COUNTY, name="芙蓉康贝营养食品有限公司"))
    c = _tenant(t.make_enterprise(t.OTHER_CITY_COUNTY, name="株洲天元辅食有限公司"))
    w = World(a, b, c)
    w.markers |= {a.ent.name, a.ent.uscc, a.licence.number, a.site.name, a.person.name, a.key.name}
    for role in (Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA):
        name = f"{MARK}{role.value}"
        _login(w, role.value, t.make_user(role, enterprise=a.ent, username=f"a_{role}", display_name=name))
        w.markers.add(name)
        _login(w, f"b:{role}", t.make_user(role, enterprise=b.ent, username=f"b_{role}"))
    w.keys[Role.INTEGRATION.value] = a.raw_key
    w.keys["b:integration"] = b.raw_key
    for role in (Role.INSPECTOR, Role.REVIEWER, Role.JURISDICTION_ADMIN):
        _login(w, role.value, t.make_user(role, division_code=t.COUNTY, username=f"yuelu_{role}"))
        _login(w, f"furong:{role}", t.make_user(role, division_code=t.OTHER_COUNTY, username=f"fr_{role}"))
        _login(w, f"zhuzhou:{role}", t.make_user(role, division_code=t.OTHER_CITY, username=f"zz_{role}"))
    _login(w, Role.PLATFORM_ADMIN.value, t.make_user(Role.PLATFORM_ADMIN, username="matrix_admin"))
    assert set(OUTSIDERS) <= set(w.sessions) | set(w.keys)
    # a second 岳麓区 inspector: on-site verification needs two (细则第十七条)
    _login(w, "inspector2", t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="yuelu_insp2"))
    w.ids.update(
        enterprise_id=a.ent.pk,
        licence_id=a.licence.pk,
        person_id=a.person.pk,
        key_id=a.key.pk,
    )
    _production(w)
    _licensing(w)
    _labels(w)
    _contracts(w)
    import apps_workflow

    apps_workflow.build(w)
    import apps_sampling

    apps_sampling.build(w)
    import apps_selfcontrol

    apps_selfcontrol.build(w)
    import apps_disposal

    apps_disposal.build(w)
    import apps_enforcement

    apps_enforcement.build(w)
    import apps_complaints

    apps_complaints.build(w)
    import apps_risk

    apps_risk.build(w)
    import apps_training

    apps_training.build(w)
    import apps_inspection

    apps_inspection.build(w)
    import apps_cleanroom

    apps_cleanroom.build(w)
    import apps_contract

    apps_contract.build(w)

    import apps_sales

    apps_sales.build(w)

    import apps_anomaly

    apps_anomaly.build(w)
    import apps_haccp

    apps_haccp.build(w)
    import apps_targeting

    apps_targeting.build(w)

    import apps_command  # last: its snapshot reads every capability above

    apps_command.build(w)
    return w


# ---- production and trace ------------------------------------------------------------------------
def _production(w: World) -> None:
    ent, key = w.a.ent, Role.INTEGRATION.value
    supplier = t.make_supplier(ent, name="矩阵湘米粮油有限公司")
    rice = t.make_material(ent, name="大米", code="MXA-RICE", tags=["rice"], main=True)
    product = t.make_product(ent, name="矩阵婴幼儿营养米粉", category="3001")
    lot = t.make_lot(rice, supplier, quantity=1000, code="MXA-LOT-1")
    batcher, checker = t.make_person(ent, name="李配料"), t.make_person(ent, name="王复核")
    w.ids.update(
        supplier=supplier.name,
        supplier_pk=supplier.pk,
        material=rice.code,
        material_pk=rice.pk,
        product_id=product.pk,
        lot=lot.code,
        lot_pk=lot.pk,
        batcher_id=batcher.pk,
        checker_id=checker.pk,
    )
    w.markers |= {supplier.name, rice.code, product.name, lot.code}
    batches = {}
    for name in ("open", "made", "ready", "sold"):
        batches[name] = t.make_batch(product, number=f"MXA-B-{name.upper()}")
        w.markers.add(batches[name].number)
    for name in ("made", "ready", "sold"):
        number = batches[name].number
        w.api(
            key,
            "POST",
            "/production/consumptions",
            {
                "batch": number,
                "lot": lot.code,
                "quantity": "10",
                "batcher_id": batcher.pk,
                "checker_id": checker.pk,
            },
        )
        if name != "made":  # made: consumed, to be completed by the operation under test
            w.api(key, "POST", f"/production/batches/{batches[name].pk}/complete", {"quantity": "500"})
    ready = batches["ready"]
    check = w.api(key, "GET", f"/production/batches/{ready.pk}/release-check")
    for item in check["items"]:
        w.api(
            key,
            "POST",
            "/production/release-tests",
            {
                "batch": ready.number,
                "item": item["item"],
                "rule_id": item["rule"],
                "method": item.get("method") or "",
                "result": "符合",
                "passed": True,
                "tester": "检验员",
                "tested_on": TODAY,
                "report_no": "MXA-R-1",
            },
        )
    w.api(
        key,
        "POST",
        "/production/retention-samples",
        {"batch": ready.number, "quantity": "6", "retained_on": TODAY},
    )
    # the sold batch: released (the release itself is an operation under test) and shipped
    from shouhu.production.models import Batch

    Batch.objects.filter(pk=batches["sold"].pk).update(
        status="released", released_on=TODAY - timedelta(days=1)
    )
    w.api(
        key,
        "POST",
        "/production/customers",
        {"name": "矩阵长沙母婴连锁", "kind": "retailer", "contact": "0731-1"},
    )
    w.markers.add("矩阵长沙母婴连锁")
    ship = w.api(
        key,
        "POST",
        "/production/shipments",
        {
            "batch": batches["sold"].number,
            "customer": "矩阵长沙母婴连锁",
            "quantity": "100",
            "shipped_on": TODAY,
        },
    )
    fields10 = next(r for r in w.api(key, "GET", "/production/annex1") if r["number"] == 10)["fields"]
    record = w.api(
        key,
        "POST",
        "/production/records",
        {"number": 10, "occurred_on": TODAY, "data": {f: f"{MARK}记录值" for f in fields10}},
    )
    w.markers.add(f"{MARK}记录值")
    # a release test and a CCP record, each with its page (corrections under 第七十条)
    from shouhu.production.models import CCPRecord, Clearance, ReleaseTest

    ccp_at = (datetime.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    w.api(
        key,
        "POST",
        "/production/ccp-records",
        {
            "batch": batches["open"].number,
            "point": "杀菌",
            "parameter": "温度",
            "value": "125",
            "at": ccp_at.isoformat(),
            "operator": "张三",
        },
    )
    w.api(
        key,
        "POST",
        "/production/clearances",
        {
            "batch": batches["open"].number,
            "area": "内包装车间",
            "at": ccp_at.isoformat(),
            "items": "清场合格",
            "responsible": "张三",
            "reviewer": "李四",
        },
    )
    w.ids["clearance_id"] = Clearance.objects.filter(batch=batches["open"]).values_list("pk", flat=True)[0]
    w.ids.update(
        test_id=ReleaseTest.objects.filter(batch=ready).order_by("pk").values_list("pk", flat=True)[0],
        ccp_at=ccp_at.strftime("%Y-%m-%dT%H:%M"),
        ccp_id=CCPRecord.objects.filter(batch=batches["open"]).values_list("pk", flat=True)[0],
    )
    w.ids.update(
        batch_id=batches["open"].pk,
        batch=batches["open"].number,
        ready_id=ready.pk,
        made_id=batches["made"].pk,
        sold=batches["sold"].number,
        sold_id=batches["sold"].pk,
        shipment_id=ship["id"],
        record_id=record["id"],
        record_fields=fields10,
        customer="矩阵长沙母婴连锁",
    )
    # recalls: one started (to report), one reported (to supervise, recover and complete)
    started = w.api(
        key, "POST", "/trace/recalls", {"level": 3, "reason": "标签错误", "batch": batches["sold"].number}
    )
    reported = w.api(key, "POST", "/trace/recalls", {"level": 2, "reason": "异物", "lot": lot.code})
    w.api(key, "POST", f"/trace/recalls/{reported['id']}/report", {})
    w.ids.update(
        recall_id=reported["id"],
        started_recall_id=started["id"],
        item_id=reported["items"][0]["id"],
    )
    w.markers |= {started["number"], reported["number"]}


# ---- licensing ----------------------------------------------------------------------------------
# Workflow states are reached through the public licensing services (the API would take one request per
# checklist mark and item score, and the world would take a minute to build).
def _application(w: World, *, trial: bool = False) -> Any:
    from shouhu.licensing import services as svc

    actor = w.users["principal"]
    app = svc.application_create(
        actor=actor,
        enterprise=w.a.ent,
        kind="new",
        licence=None,
        site_name="一号厂区",
        site_address="长沙市岳麓区麓谷大道1号",
        site_division_code=t.COUNTY,
        zoning_plan="清洁区位于二楼东侧",
    )
    svc.product_add(actor=actor, application=app, **CEREAL)
    for eq in (
        {"kind": "extruder", "name": "双螺杆挤压膨化机", "capacity_kg_h": 350},
        {"kind": "mixer", "name": "混合机", "capacity_kg_h": 800},
        {"kind": "metal_detector", "name": "金属检测机", "detects_sphere_mm": 1.5},
    ):
        svc.equipment_add(actor=actor, application=app, **eq)
    svc.staff_add(
        actor=actor,
        application=app,
        name="赵总",
        role="principal",
        education="bachelor",
        major="food",
        years_food_work=8,
    )
    svc.staff_add(
        actor=actor,
        application=app,
        name="钱经理",
        role="food_safety_manager",
        education="bachelor",
        major="food",
        years_food_work=5,
        trained=True,
        assessed=True,
    )
    for name, grade in (("内包装车间", "clean"), ("配料混合车间", "quasi_clean"), ("成品仓库", "general")):
        svc.zone_add(actor=actor, application=app, name=name, grade=grade)
    for kind in DOC_KINDS:
        svc.document_upload(actor=actor, application=app, kind=kind, title=kind, content=PDF)
    if trial:  # 第七十三条: trial-product reports covering every required item, as the API says
        base = f"/licensing/applications/{app.pk}"
        for key, product in w.api("principal", "GET", f"{base}/trial-coverage").items():
            rows = [{"item_id": m["id"], "value": "符合", "conclusion": "合格"} for m in product["missing"]]
            w.api(
                "principal",
                "POST",
                f"{base}/trial-reports",
                {
                    "product_key": key,
                    "laboratory": "湖南省食品质量监督检验研究院",
                    "report_number": "WT2026-0001",
                    "issued_on": TODAY - timedelta(days=5),
                    "results": rows,
                },
                expect=201,
            )
    return app


def _submitted(w: World, *, trial: bool = False) -> Any:
    from shouhu.licensing import services as svc

    app = _application(w, trial=trial)
    svc.application_submit(actor=w.users["principal"], application=app)
    return app


def _reviewing(w: World, *, trial: bool = False) -> tuple[Any, Any]:
    from shouhu.licensing import services as svc

    app = _submitted(w, trial=trial)
    return app, svc.review_start(actor=w.users["reviewer"], application=app)


def _accepted(w: World, *, trial: bool = False) -> Any:
    from shouhu.licensing import services as svc

    app, review = _reviewing(w, trial=trial)
    for item in review.items:
        svc.review_mark(actor=w.users["reviewer"], application=app, item_id=item["id"], ok=True)
    svc.review_accept(actor=w.users["reviewer"], application=app)
    return app


def _verification(
    w: World, *, score: str = "", sign: bool = False, conclude: bool = False, application: bool = False
) -> Any:
    """A verification of tenant A: of a new application (for the decision), else the cheaper re-verification
    of A's licence (the same checklist, no application to fill and review first)."""
    from shouhu.licensing import services as svc
    from shouhu.licensing.models import Verification

    inspectors = (w.users["inspector"], w.users["inspector2"])
    if application:
        ver = svc.verification_assign(
            actor=w.users["reviewer"], application=_accepted(w, trial=True), inspectors=inspectors
        )
    else:
        body = {"inspector_ids": [i.pk for i in inspectors]}
        made = w.api(
            "reviewer", "POST", f"/licensing/licences/{w.a.licence.pk}/reverification", body, expect=201
        )
        ver = Verification.objects.get(pk=made["id"])
    if score:
        note = "" if score == "符合" else f"{MARK}问题"  # findings carry the note: A's marker
        for insp in inspectors:
            todo = {i.pk: (score, note) for i in ver.items.filter(not_applicable=False)}
            svc.items_score(actor=insp, verification=ver, scores=todo)
    if sign:
        for insp in inspectors:
            svc.verification_sign(actor=insp, verification=ver)
        svc.verification_applicant_sign(actor=w.users["principal"], verification=ver, signer="赵总")
    if conclude:
        svc.verification_conclude(
            actor=w.users["inspector"], verification=ver, rectification_due_on=TODAY + timedelta(days=30)
        )
    return ver


def _licensing(w: World) -> None:
    from shouhu.licensing import services as svc

    draft = _application(w)
    reviewing, review = _reviewing(w)  # every item marked: ready to accept, return or mark again
    for item in review.items:
        svc.review_mark(actor=w.users["reviewer"], application=reviewing, item_id=item["id"], ok=True)
    ver_open = _verification(w)
    ver_signed = _verification(w, score="符合", sign=True)
    ver_done = _verification(w, score="符合", sign=True, conclude=True, application=True)
    ver_failed = _verification(w, score="不符合", sign=True, conclude=True)
    rects = list(ver_failed.rectifications.order_by("pk")) if hasattr(ver_failed, "rectifications") else []
    if not rects:
        from shouhu.licensing.models import Rectification

        rects = list(Rectification.objects.filter(verification=ver_failed).order_by("pk"))
    assert len(rects) >= 2, rects
    svc.rectification_submit(actor=w.users["principal"], rectification=rects[1], note="已整改")
    w.ids.update(
        application_id=draft.pk,
        submitted_id=_submitted(w).pk,
        reviewing_id=reviewing.pk,
        review_item=review.items[0]["id"],
        accepted_id=_accepted(w).pk,
        verification_id=ver_open.pk,
        ver_item=ver_open.items.order_by("pk").first().pk,
        ver_scored=_verification(w, score="符合").pk,
        ver_signed=ver_signed.pk,
        concluded_id=ver_done.application_id,
        rectification_id=rects[0].pk,
        submitted_rectification_id=rects[1].pk,
        document_id=draft.documents.order_by("pk").first().pk,
    )
    w.markers |= {draft.reference, f"{MARK}问题"}


# ---- labels -------------------------------------------------------------------------------------
def _labels(w: World) -> None:
    check = w.api(
        "principal", "POST", "/labels/checks", {"text": "矩阵米粉 配料：大米", "category": "3001"}, expect=201
    )
    client, _ = w.client("inspector")
    resp = client.post(
        f"{API}/labels/sweeps",
        Multipart(
            {
                "file": Upload("listings.csv", "id,title,text\n1,矩阵排查,婴儿米粉 益智\n".encode()),
                "name": "矩阵排查",
            }
        ).data(),
    )
    assert resp.status_code == 202, resp.content
    # an image check queued by A's principal: its status is the queuer's alone (anyone else: 404)
    job = w.api(
        "principal",
        "POST",
        "/labels/checks/image",
        Multipart({"image": Upload("proof.pdf", LABEL_PDF.read_bytes()), "as_of": str(TODAY)}),
        expect=202,
    )
    w.ids.update(check_id=check["id"], sweep_id=resp.json()["id"], job_id=job["id"])
    from shouhu.core import jobs

    w.cached[jobs._key(job["id"])] = jobs.get(job["id"])
    w.markers.add("矩阵排查")


# ---- contract manufacturing (委托生产) --------------------------------------------------------------
def _contracts(w: World) -> None:
    """A pending contract naming A as 受托方, filed by another 岳麓区 enterprise (so that no outsider is
    a party to it, nor the regulator of either party): A's to confirm or decline."""
    from shouhu.registry.models import ContractStatus

    filer = t.make_enterprise(t.COUNTY, name="岳麓委托方营养食品有限公司")
    contract = t.make_contract(filer, w.a.ent, products=f"{MARK}委托米粉", status=ContractStatus.PENDING)
    w.ids.update(contract_id=contract.pk)
    w.markers.add(contract.products)
