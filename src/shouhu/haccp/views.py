"""HACCP pages: the enterprise's plans (a new one from a product), the plan builder (the draft's steps,
hazards with their citations and decision-tree answers, CCPs; signing by the team leader; the on-site flow
check; changes), versions with their diff and signatures, a deviation with its corrective action and
disposition, and the regulator's view (plans in force and history, open deviations, frequency compliance).
Forms post to the services the API calls; a refusal is flashed with its reason and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from shouhu.core import access, regulation
from shouhu.core.errors import ServiceError
from shouhu.core.htmx import render_page
from shouhu.core.pages import flash_run, refused, run_action
from shouhu.production.models import Product

from . import selectors, services
from .models import ChangeKind, Disposition, HazardType, Per


def _403(request: HttpRequest) -> HttpResponse:
    return render_page(request, "403.html", {}, status=403)


def _num(value: str) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def _bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not getattr(user, "enterprise_id", None):
        if request.method == "GET" and access.can(user, "haccp.supervise"):
            return redirect("haccp:supervise")
        return _403(request)
    if not access.can(user, "haccp.view"):
        return _403(request)
    if request.method == "POST":
        if not access.can(user, "haccp.manage"):
            return _403(request)
        p = request.POST
        product = Product.objects.filter(pk=p.get("product") or 0, enterprise_id=user.enterprise_id).first()
        made: list[Any] = []
        ok = flash_run(
            request,
            lambda: made.append(
                services.plan_create(
                    actor=user,
                    product=product,
                    title=p.get("title", ""),
                    leader=user,
                    family=p.get("family", "").strip()[:100],
                )
            ),
            str(_("已建立HACCP计划，危害已按规则预填")),
        )
        return redirect("haccp:plan", made[0].pk) if ok else redirect("haccp:home")
    plans = list(selectors.plan_list(user))
    taken = set(selectors.covered_products(user.enterprise_id))  # own plans and family members
    products = Product.objects.filter(enterprise_id=user.enterprise_id).exclude(pk__in=taken)
    return render_page(request, "haccp/home.html", {"plans": plans, "products": products})


def _actions(request: HttpRequest, plan: Any, draft: Any) -> dict[str, Any]:
    p, user = request.POST, request.user
    hazard = p.get("hazard") or 0
    return {
        "step": (
            lambda: services.step_add(actor=user, version=draft, name=p.get("name", "")),
            str(_("已增加步骤")),
            "haccp.manage",
        ),
        "hazard": (
            lambda: services.hazard_add(
                actor=user,
                version=draft,
                step=p.get("step", ""),
                type=p.get("type", ""),
                hazard=p.get("hazard_text", ""),
                control=p.get("control", ""),
            ),
            str(_("已增加危害")),
            "haccp.manage",
        ),
        "decide": (
            lambda: services.hazard_decide(
                actor=user,
                hazard=int(hazard),
                answers={k: _bool(p.get(k, "")) for k in ("q1", "q2", "q3", "q4")},
            ),
            str(_("已记录判断")),
            "haccp.manage",
        ),
        "ccp": (
            lambda: services.ccp_set(
                actor=user,
                hazard=int(hazard),
                parameter=p.get("parameter", ""),
                unit=p.get("unit", ""),
                limit_min=_num(p.get("limit_min", "")),
                limit_max=_num(p.get("limit_max", "")),
                document=p.get("document", ""),
                monitor_what=p.get("monitor_what", ""),
                monitor_how=p.get("monitor_how", ""),
                times=int(p.get("times") or 1),
                per=p.get("per", "batch"),
                monitor_who=p.get("monitor_who", ""),
                corrective_action=p.get("corrective_action", ""),
                verification=p.get("verification", ""),
            ),
            str(_("已设定关键控制点")),
            "haccp.manage",
        ),
        "sign": (
            lambda: services.version_sign(actor=user, version=draft),
            str(_("已签署，新版本现行有效")),
            "haccp.manage",
        ),
        "draft": (
            lambda: services.version_draft(actor=user, plan=plan, note=p.get("note", "")),
            str(_("已起草新版本")),
            "haccp.manage",
        ),
        "flow": (
            lambda: services.flow_check(
                actor=user,
                version=draft or selectors.in_force(plan),
                checked_on=timezone.localdate(),
                checked_by=p.get("checked_by", ""),
                matches=p.get("matches") == "yes",
                note=p.get("note", ""),
            ),
            str(_("已记录现场验证")),
            "haccp.manage",
        ),
        "family": (
            lambda: services.family_add(
                actor=user,
                plan=plan,
                product=Product.objects.filter(
                    pk=int(p.get("product") or 0), enterprise_id=plan.enterprise_id
                ).first(),
                family=p.get("family", ""),
            ),
            str(_("产品已纳入本计划")),
            "haccp.manage",
        ),
        "change": (
            lambda: services.change_record(
                actor=user,
                plan=plan,
                kind=p.get("kind", ""),
                description=p.get("description", ""),
                changed_on=timezone.localdate(),
            ),
            str(_("已记录变更；评审前不得开始新批次")),
            "haccp.manage",
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        plan = selectors.plan_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    draft = selectors.draft(plan)
    if request.method == "POST":
        done = run_action(
            request, _actions(request, plan, draft), request.POST.get("action", ""), load=lambda: plan
        )
        return done or redirect("haccp:plan", plan.pk)
    shown = draft or selectors.in_force(plan)
    ctx = {
        "plan": plan,
        "draft": draft,
        "version": shown,
        "in_force": selectors.in_force(plan),
        "steps": list(shown.steps.all()) if shown else [],
        "hazards": list(shown.hazards.select_related("step")) if shown else [],
        "ccps": list(shown.ccps.select_related("step", "hazard")) if shown else [],
        "team": list(plan.team.select_related("user")),
        "members": selectors.family_of(plan),
        "candidates": selectors.family_candidates(plan),
        "duties": len(services.verification_duties(plan)),
        "checks": list(shown.flow_checks.all()) if shown else [],
        "changes": list(plan.changes.all()[:20]),
        "deviations": list(
            selectors.deviation_list(request.user, open_only=True).filter(ccp__version__plan=plan)[:50]
        ),
        "types": HazardType.choices,
        "pers": Per.choices,
        "change_kinds": ChangeKind.choices,
        "may_manage": access.can(request.user, "haccp.manage"),
        "questions": ["q1", "q2", "q3", "q4"],
        "tree": regulation.param("haccp.decision-tree"),
    }
    return render_page(request, "haccp/plan.html", ctx)


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return timezone.localdate()


@login_required
@require_http_methods(["GET", "POST"])
def verifications(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's verification duties (one per CCP of the version in force, recurring): mark one done with
    what was checked, the result and its evidence, signed by the acting HACCP team member."""
    try:
        plan = selectors.plan_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST":
        if not access.can(request.user, "haccp.manage"):
            return _403(request)
        p, f = request.POST, request.FILES.get("evidence")
        flash_run(
            request,
            lambda: services.verification_record(
                actor=request.user,
                plan=plan,
                obligation=int(p.get("obligation") or 0),
                done_on=_day(p.get("done_on", "")),
                conforms=p.get("conforms") != "no",
                summary=p.get("summary", ""),
                action=p.get("action_taken", ""),
                content=f.read() if f else b"",
                filename=f.name if f else "",
            ),
            str(_("已记录验证并签署，下次验证已排期")),
        )
        return redirect("haccp:verifications", plan.pk)
    ctx = {
        "plan": plan,
        "duties": services.verification_duties(plan),
        "done": list(services.verification_list(request.user, plan)[:50]),
        "may_manage": access.can(request.user, "haccp.manage"),
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    return render_page(request, "haccp/verifications.html", ctx)


@login_required
@require_GET
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        plan = selectors.plan_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    all_versions = selectors.versions_of(plan)
    by_number = {v.number: v for v in all_versions}
    signed = [v for v in all_versions if v.signed_at or v.content]
    a = by_number.get(int(request.GET.get("a") or 0)) or (signed[1] if len(signed) > 1 else None)
    b = by_number.get(int(request.GET.get("b") or 0)) or (signed[0] if signed else None)
    changes = selectors.diff(a.content, b.content) if a and b else []
    return render_page(
        request,
        "haccp/versions.html",
        {"plan": plan, "versions": all_versions, "a": a, "b": b, "changes": changes},
    )


@login_required
@require_http_methods(["GET", "POST"])
def deviation(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        dev = selectors.deviation_get(request.user, pk)
        access.require(request.user, "haccp.view")
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST":
        if not access.can(request.user, "haccp.dispose"):
            return _403(request)
        p = request.POST
        flash_run(
            request,
            lambda: services.deviation_close(
                actor=request.user,
                deviation=dev,
                corrective_action=p.get("corrective_action", ""),
                disposition=p.get("disposition", ""),
                reason=p.get("reason", ""),
            ),
            str(_("偏离已关闭")),
        )
        return redirect("haccp:deviation", dev.pk)
    ctx = {
        "d": dev,
        "readings": selectors.recent_readings(dev.ccp),
        "dispositions": Disposition.choices,
        "may_dispose": access.can(request.user, "haccp.dispose"),
    }
    return render_page(request, "haccp/deviation.html", ctx)


@login_required
@require_GET
def supervise(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "haccp.supervise"):
        return _403(request)
    rows = selectors.compliance(request.user)
    open_devs = list(selectors.deviation_list(request.user, open_only=True)[:100])
    return render_page(
        request, "haccp/supervise.html", {"rows": rows, "deviations": open_devs, "today": dt.date.today()}
    )
