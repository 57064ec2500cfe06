"""HACCP in the matrix (`shouhu.haccp`, issue 21): plans and their CCPs, bulk CCP readings, closing a
deviation; the plan list and builder, versions with diff, a deviation, the regulator's view.

Tenant A has a signed plan for its product (the metal-detection hazard a CCP, ≤ 2 mm) and one out-of-limit
reading for a batch of its own, so a deviation is open and that batch is held. Who may act:
`haccp/permissions.py`.
"""

from __future__ import annotations

from datetime import timedelta

from matrix_core import ADMIN, ALL, INSP, JADM, KEY, OFF, PEOPLE, QA, REGULATORS, REV, D, Op, P, Page

STAFF = frozenset({P, D, OFF, QA})
RECORD = frozenset({P, D, OFF, QA, KEY})
MANAGE = frozenset({P, D, QA})
DISPOSE = frozenset({D, QA})
SUPERVISE = REGULATORS | {ADMIN}


def _plan(w):
    return w.ids["haccp_plan_id"]


def _dev(w):
    return w.ids["haccp_deviation_id"]


def _reading(w, value=1.5):
    from django.utils import timezone

    at = (timezone.now() - timedelta(hours=1)).isoformat()
    return {"plan": _plan(w), "ccp": "CCP1", "unit": "mm", "at": at, "value": value, "batch": "MXA-B-HACCP"}


def _verify(w):
    """The plan's open verification duty of the moment (each one done schedules the next), with evidence."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shouhu.haccp import services
    from shouhu.haccp.models import Plan

    duty = services.verification_duties(Plan.objects.get(pk=_plan(w)))[0][0]
    pdf = SimpleUploadedFile("verify.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    return {"obligation": duty.pk, "summary": "复核金属检测记录", "conforms": "yes", "evidence": pdf}


def build(w) -> None:
    import factories as t
    from matrix_world import MARK

    from shouhu.haccp import services
    from shouhu.haccp.models import Deviation, Hazard
    from shouhu.production.models import Product

    principal = w.users["principal"]
    product = Product.objects.get(pk=w.ids["product_id"])
    t.make_batch(product, number="MXA-B-HACCP")
    other = t.make_product(w.a.ent, name="矩阵婴幼儿高铁米粉", category="3001")
    plan = services.plan_create(
        actor=principal, product=product, title=f"{MARK}米粉HACCP计划", leader=principal
    )
    version = plan.versions.get()
    for h in Hazard.objects.filter(version=version):
        metal = h.step.name == "在线或成品金属检测"
        services.hazard_decide(actor=principal, hazard=h, answers={"q1": True, "q2": metal, "q3": False})
    services.ccp_set(
        actor=principal, hazard=Hazard.objects.get(version=version, step__name="在线或成品金属检测"),
        parameter="Fe测试块", unit="mm", limit_min=None, limit_max=2.0, document="", monitor_what="金属检测机",
        monitor_how="测试块过机", times=1, per="batch", monitor_who="质检员", corrective_action="隔离复检",
        verification="每日校验",
    )  # fmt: skip
    services.version_sign(actor=principal, version=version)
    for name in ("director", "qa"):  # the HACCP team signs verifications (services.verification)
        services.team_add(actor=principal, plan=plan, user=w.users[name])
    w.ids["haccp_plan_id"] = plan.pk
    services.readings_record(actor=w.users["officer"], items=[_reading(w, 2.5)])
    w.ids.update(
        haccp_plan_id=plan.pk,
        haccp_deviation_id=Deviation.objects.get(ccp__version__plan=plan).pk,
        haccp_other_product=other.pk,
    )
    w.markers.add(plan.title)


PLAN = {"plan_id": _plan}
OPS = [
    Op("GET", "/haccp/plans", ALL, targets=False),
    Op("GET", "/haccp/plans/{plan_id}", ALL, args=PLAN),
    Op("POST", "/haccp/readings", RECORD, 201, body=lambda w: {"items": [_reading(w)]}),
    Op(
        "POST",
        "/haccp/deviations/{deviation_id}/close",
        DISPOSE,
        body=lambda w: {"corrective_action": "隔离复检", "disposition": "release"},
        args={"deviation_id": _dev},
    ),
]

TO_SUPERVISE = {INSP: 302, REV: 302, JADM: 302, ADMIN: 302}
PAGES = [
    Page("haccp/", lambda w: "/haccp/", STAFF, targets=False, denied_by=TO_SUPERVISE),
    Page(
        "haccp/",
        lambda w: "/haccp/",
        MANAGE,
        method="POST",
        ok=302,
        body=lambda w: {"product": w.ids["haccp_other_product"], "title": "高铁米粉计划"},
        targets=False,
        name="plan-create",
    ),
    Page("haccp/plans/<int:pk>/", lambda w: f"/haccp/plans/{_plan(w)}/", PEOPLE),
    Page(
        "haccp/plans/<int:pk>/",
        lambda w: f"/haccp/plans/{_plan(w)}/",
        MANAGE,
        method="POST",
        ok=302,
        body=lambda w: {"action": "draft", "note": "年度评审"},
        name="draft",
    ),
    Page("haccp/plans/<int:pk>/versions/", lambda w: f"/haccp/plans/{_plan(w)}/versions/", PEOPLE),
    Page("haccp/plans/<int:pk>/verifications/", lambda w: f"/haccp/plans/{_plan(w)}/verifications/", PEOPLE),
    Page(
        "haccp/plans/<int:pk>/verifications/",
        lambda w: f"/haccp/plans/{_plan(w)}/verifications/",
        MANAGE,
        method="POST",
        ok=302,
        body=_verify,
        name="verify",
    ),
    Page("haccp/deviations/<int:pk>/", lambda w: f"/haccp/deviations/{_dev(w)}/", PEOPLE),
    Page(
        "haccp/deviations/<int:pk>/",
        lambda w: f"/haccp/deviations/{_dev(w)}/",
        DISPOSE,
        method="POST",
        ok=302,
        body=lambda w: {"corrective_action": "隔离复检", "disposition": "release"},
        name="close",
    ),
    Page("haccp/supervise/", lambda w: "/haccp/supervise/", SUPERVISE, targets=False),
]
