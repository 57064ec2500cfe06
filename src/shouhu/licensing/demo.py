"""Demo data for licence review: one application in every state, written through the services.

    from shouhu.licensing.demo import generate_licensing
    report = generate_licensing(rng, enterprises, regulators)

`enterprises` are registry Enterprises (each needs a principal or director user); `regulators` the
demo's regulator users (reviewers, jurisdiction admins, inspectors). Everything goes through the services,
so the ledger holds the whole history. Returns {state: application id} and the reasons anything was
skipped (e.g. no two inspectors covering an enterprise).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from shouhu.core import access
from shouhu.core.regulation import today
from shouhu.core.roles import Role

from . import selectors
from . import services as svc
from .demo_documents import document_pdf, document_title
from .models import ApplicationStatus

DOCUMENT_KINDS = (
    "site_plan",
    "zoning_plan",
    "equipment_list",
    "process_flow",
    "personnel",
    "management_system",
    "trial_report",
)
PROFILES = (
    {"category": "3001", "variety": "婴幼儿谷物辅助食品", "processes": ["extrusion"], "attributes": {}},
    {
        "category": "3001",
        "variety": "婴幼儿生制类谷物辅助食品",
        "processes": ["raw_noodle"],
        "attributes": {},
    },
    {
        "category": "3002",
        "variety": "泥（糊）状罐装食品",
        "processes": ["retort_sterilization"],
        "attributes": {},
    },
    {"category": "3003", "variety": "辅食营养素补充食品", "processes": [], "attributes": {}},
)
# The state each demo application is left in, in the order they are made.
STATES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.DOCUMENT_REVIEW,
    ApplicationStatus.RETURNED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.VERIFICATION,
    ApplicationStatus.VERIFIED_PASS,
    ApplicationStatus.VERIFIED_FAIL,
    ApplicationStatus.APPROVED,
    ApplicationStatus.REJECTED,
)
ORDER = {s: i for i, s in enumerate(STATES)}


def _covers(user: Any, enterprise: Any) -> bool:
    return access.scope(
        type(enterprise).objects.filter(pk=enterprise.pk), user, enterprise_field=None
    ).exists()


# The registry roles whose people an application lists in each of its roles, best fit first.
STAFF_FROM = {
    "principal": ("principal",),
    "food_safety_manager": ("director", "officer", "quality_manager"),
    "sterilization_operator": ("sterilization_operator", "operator", "production_manager"),
}


def _placeholder_name(rng: random.Random) -> str:
    """A plausible name for staff an enterprise has none on file for (only bare test enterprises)."""
    return rng.choice("王李张刘陈杨黄赵吴周") + rng.choice(
        ["建国", "丽华", "志强", "海燕", "晓明", "春梅", "卫东", "静"]
    )


def _staff_names(ent: Any) -> Callable[[str], str]:
    """Names for the application's staff: the enterprise's own people on file (so the application and the
    registry's 人员 page name the same people), each used once; "" when it has nobody left to name (only
    enterprises made bare by test factories — the caller then writes a placeholder)."""
    on_file = list(ent.people.filter(active=True).order_by("pk").values_list("role", "name"))
    used: set[str] = set()

    def name_for(role: str) -> str:
        ranked = [n for r in STAFF_FROM.get(role, ()) for pr, n in on_file if pr == r]
        fallback = [ent.legal_representative] if role == "principal" else []
        name = next((n for n in [*ranked, *fallback, *(n for _, n in on_file)] if n and n not in used), "")
        used.add(name)
        return name

    return name_for


def _fill(rng: random.Random, applicant: Any, ent: Any, profile: dict[str, Any], weak: bool) -> Any:
    app = svc.application_create(
        actor=applicant,
        enterprise=ent,
        kind="new",
        site_name="一号生产车间",
        site_address=f"{ent.address}（生产厂区）",
        site_division_code=ent.division_code,
        zoning_plan="清洁作业区位于二层东侧，人流物流分开",
    )
    svc.product_add(actor=applicant, application=app, **profile)
    capacity = rng.choice([250, 280]) if weak else rng.choice([320, 400, 500])
    cat = profile["category"]
    if cat == "3001":
        svc.equipment_add(
            actor=applicant, application=app, kind="extruder", name="双螺杆挤压膨化机", capacity_kg_h=capacity
        )
        svc.equipment_add(
            actor=applicant, application=app, kind="mixer", name="三维混合机", capacity_kg_h=800
        )
    if cat == "3002":
        svc.equipment_add(actor=applicant, application=app, kind="sterilizer", name="卧式杀菌釜")
    svc.equipment_add(actor=applicant, application=app, kind="packer", name="全自动包装机")
    if not weak:
        svc.equipment_add(
            actor=applicant, application=app, kind="metal_detector", name="金属检测机", detects_sphere_mm=1.5
        )
    people = [
        ("principal", "bachelor", 8, True),
        ("food_safety_manager", "junior_college" if weak else "bachelor", 2 if weak else 6, True),
        ("sterilization_operator", "secondary", 4, True),
    ]
    if cat == "3002" and not weak:
        people.append(("sterilization_operator", "secondary", 3, True))
    name_for = _staff_names(ent)
    for role, edu, years, trained in people:
        svc.staff_add(
            actor=applicant,
            application=app,
            name=name_for(role) or _placeholder_name(rng),
            role=role,
            education=edu,
            major="food",
            years_food_work=years,
            trained=trained,
            assessed=trained,
            health_certificate=True,
        )
    zones = [("配料混合车间", "quasi_clean"), ("成品仓库", "general")]
    if not weak:
        zones.insert(0, ("内包装车间", "clean"))
    for name, grade in zones:
        svc.zone_add(actor=applicant, application=app, name=name, grade=grade)
    for kind in DOCUMENT_KINDS:
        svc.document_upload(
            actor=applicant,
            application=app,
            kind=kind,
            title=document_title(kind),
            content=document_pdf(kind),
        )
    prod = app.products.get()
    items = selectors.product_release_items(app, prod)
    svc.trial_report_add(
        actor=applicant,
        application=app,
        product_key=prod.key,
        laboratory="省食品质量监督检验研究院",
        report_number=f"WT{today():%Y}-{rng.randint(1000, 9999)}",
        issued_on=today() - timedelta(days=20),
        results=[{"item_id": i.id, "name": i.name, "value": "符合要求", "conclusion": "合格"} for i in items],
    )
    return app


def _accept(applicant: Any, reviewer: Any, app: Any, stop: str) -> bool:
    svc.application_submit(actor=applicant, application=app)
    if stop == ApplicationStatus.SUBMITTED:
        return True
    review = svc.review_start(actor=reviewer, application=app)
    if stop == ApplicationStatus.DOCUMENT_REVIEW:
        svc.review_mark(actor=reviewer, application=app, item_id=review.items[0]["id"], ok=True)
        return True
    if stop == ApplicationStatus.RETURNED:
        svc.review_mark(
            actor=reviewer, application=app, item_id="site_plan", ok=False, note="厂区平面图未标注比例尺"
        )
        svc.review_return(actor=reviewer, application=app, reasons="请补正厂区平面图（标注比例尺与周边环境）")
        return True
    for item in review.items:
        svc.review_mark(actor=reviewer, application=app, item_id=item["id"], ok=True)
    svc.review_accept(actor=reviewer, application=app)
    return stop == ApplicationStatus.ACCEPTED


def generate_licensing(
    rng: random.Random, enterprises: Iterable[Any], regulators: Iterable[Any]
) -> dict[str, Any]:
    """One application per state (草稿 … 不予许可), spread over the given enterprises."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    regs = list(regulators)
    made: dict[str, int] = {}
    skipped: list[str] = []
    ents = list(enterprises)
    rng.shuffle(ents)
    candidates = []
    for ent in ents:
        applicant = (
            User.objects.filter(enterprise=ent, role__in=[Role.PRINCIPAL, Role.DIRECTOR])
            .order_by("pk")
            .first()
        )
        reviewer = next((u for u in regs if u.role == Role.REVIEWER and _covers(u, ent)), None)
        inspectors = [u for u in regs if u.role == Role.INSPECTOR and _covers(u, ent)][:2]
        if applicant and reviewer:
            candidates.append((ent, applicant, reviewer, inspectors))
    if not candidates:
        return {"applications": made, "skipped": ["no enterprise with an applicant user and a reviewer"]}
    for i, state in enumerate(STATES):
        ent, applicant, reviewer, inspectors = candidates[i % len(candidates)]
        needs_team = ORDER[state] >= ORDER[ApplicationStatus.VERIFICATION]
        if needs_team and len(inspectors) < 2:
            team = [(e, a, r, ins) for e, a, r, ins in candidates if len(ins) >= 2]
            if not team:
                skipped.append(f"{state}: no enterprise has two inspectors covering it")
                continue
            ent, applicant, reviewer, inspectors = team[i % len(team)]
        weak = state in (ApplicationStatus.VERIFIED_FAIL, ApplicationStatus.REJECTED)
        profile = PROFILES[i % len(PROFILES)] if not needs_team else PROFILES[0]
        app = _fill(rng, applicant, ent, profile, weak)
        made[str(state)] = app.pk
        if state == ApplicationStatus.DRAFT or _accept(applicant, reviewer, app, state):
            continue
        ver = svc.verification_assign(actor=reviewer, application=app, inspectors=inspectors)
        items = list(ver.items.all())
        if state == ApplicationStatus.VERIFICATION:
            svc.items_score(
                actor=inspectors[0],
                verification=ver,
                scores={it.pk: ("符合", "") for it in items[: len(items) // 3]},
            )
            continue
        bad = {f["rule_id"] for f in ver.prechecks if not f["passed"]}
        minor = {it.pk for it in items if rng.random() < 0.08}
        for insp in inspectors:
            column = {}
            for it in items:
                if it.rule_id in bad:
                    column[it.pk] = ("不符合", "与申请材料核对不符，见自动预检")
                elif it.pk in minor:
                    column[it.pk] = ("基本符合", "个别记录不完整，可限期整改")
                else:
                    column[it.pk] = ("符合", "")
            svc.items_score(actor=insp, verification=ver, scores=column)
        for insp in inspectors:
            svc.verification_sign(actor=insp, verification=ver)
        if weak:
            svc.verification_applicant_sign(
                actor=inspectors[0],
                verification=ver,
                refused=True,
                note="企业负责人对核查结论有异议，拒绝签字",
            )
        else:
            svc.verification_applicant_sign(actor=applicant, verification=ver, signer=applicant.display_name)
        svc.verification_conclude(
            actor=inspectors[0], verification=ver, rectification_due_on=today() + timedelta(days=30)
        )
        app.refresh_from_db()
        if state == ApplicationStatus.APPROVED:
            svc.application_approve(
                actor=reviewer,
                application=app,
                issuing_authority=selectors.provincial_bureau(app.site_division_code),
            )
        elif state == ApplicationStatus.REJECTED:
            svc.application_reject(actor=reviewer, application=app, reasons=selectors.verdict_reasons(app))
    return {"applications": made, "skipped": skipped}
