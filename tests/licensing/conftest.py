"""Licensing fixtures: a complete application built through the services, and an inspection team."""

from __future__ import annotations

import io
from datetime import date

import factories as t
import pytest
from PIL import Image

from shouhu.core.roles import Role
from shouhu.licensing import services as svc

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _image(fmt: str, colour: str) -> bytes:
    # real images: kernel evidence decodes every image it stores (issue 11.8), magic bytes are not enough
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, fmt)
    return out.getvalue()


PNG = _image("PNG", "white")
JPEG = _image("JPEG", "grey")

CEREAL = {"category": "3001", "variety": "婴幼儿谷物辅助食品", "processes": ["extrusion"], "attributes": {}}


@pytest.fixture
def inspectors(db):
    return [
        t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_1", display_name="李核查"),
        t.make_user(Role.INSPECTOR, division_code=t.CITY, username="insp_2", display_name="王核查"),
    ]


def fill_application(
    actor, ent, *, extruder_kg_h=350, kind="new", licence=None, documents=True, products=(CEREAL,)
):
    app = svc.application_create(
        actor=actor,
        enterprise=ent,
        kind=kind,
        licence=licence,
        site_name="一号厂区",
        site_address="长沙市岳麓区麓谷大道1号",
        site_division_code=t.COUNTY,
        zoning_plan="清洁区位于二楼东侧",
    )
    for p in products:
        svc.product_add(actor=actor, application=app, **p)
    svc.equipment_add(
        actor=actor, application=app, kind="extruder", name="双螺杆挤压膨化机", capacity_kg_h=extruder_kg_h
    )
    svc.equipment_add(actor=actor, application=app, kind="mixer", name="混合机", capacity_kg_h=800)
    svc.equipment_add(
        actor=actor, application=app, kind="metal_detector", name="金属检测机", detects_sphere_mm=1.5
    )
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
    if documents:
        for kind_ in (
            "site_plan",
            "zoning_plan",
            "equipment_list",
            "process_flow",
            "personnel",
            "management_system",
            "trial_report",
        ):
            svc.document_upload(actor=actor, application=app, kind=kind_, title=kind_, content=PDF)
    return app


def full_trial_report(actor, app, product_key="3001:婴幼儿谷物辅助食品", skip=()):
    from shouhu.licensing import selectors

    prod = app.products.get()
    items = selectors.product_release_items(app, prod)
    rows = [
        {"item_id": i.id, "name": i.name, "value": "符合", "conclusion": "合格"}
        for i in items
        if i.id not in skip
    ]
    return svc.trial_report_add(
        actor=actor,
        application=app,
        product_key=product_key,
        laboratory="湖南省食品质量监督检验研究院",
        report_number="WT2026-0001",
        issued_on=date(2026, 11, 2),
        results=rows,
    )


def to_accepted(app, applicant, reviewer):
    svc.application_submit(actor=applicant, application=app)
    review = svc.review_start(actor=reviewer, application=app)
    for item in review.items:
        svc.review_mark(actor=reviewer, application=app, item_id=item["id"], ok=True)
    return svc.review_accept(actor=reviewer, application=app)


def score_all(ver, inspectors, result="符合"):
    note = "" if result == "符合" else "问题"
    for insp in inspectors:
        scored = set(ver.items.filter(scores__inspector=insp).values_list("pk", flat=True))
        todo = {i.pk: (result, note) for i in ver.items.filter(not_applicable=False) if i.pk not in scored}
        svc.items_score(actor=insp, verification=ver, scores=todo)


def sign_all(ver, inspectors, applicant):
    for insp in inspectors:
        svc.verification_sign(actor=insp, verification=ver)
    svc.verification_applicant_sign(actor=applicant, verification=ver, signer="赵总")
