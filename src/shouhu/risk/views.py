"""Regulator pages: grade distribution, the list by grade with movers, one enterprise's grade explained
(points, history, what would change, adjustment), plans with progress and calendar, conflicts; Excel.

Views parse input, call one selector or service and render; a refusal re-renders with the reason (422).
"""

from __future__ import annotations

import functools
import io
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shouhu.accounts.models import User
from shouhu.core import access
from shouhu.core.errors import NotFound, PermissionDenied, ServiceError
from shouhu.core.exports import xlsx_append
from shouhu.core.pages import division_param, filter_query
from shouhu.core.roles import Role
from shouhu.registry.models import Enterprise

from . import selectors, services
from .models import ConflictKind, ConflictOfInterest, PlanOrdering
from .scheme import LEVELS

PAGE = 50
FOCUS = {
    "new_licence": gettext_lazy("新获证"),
    "past_problems": gettext_lazy("以往问题较多"),
    "contract_frequent": gettext_lazy("委托生产频繁"),
    "many_varieties": gettext_lazy("品种多"),
    "concentrated_risk": gettext_lazy("风险集中"),
}


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A logged-in page whose refusals outside a form are a 404 (out of tenancy) or a 403 (role)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None

    return wrapped


def _text(item: dict[str, Any]) -> str:
    try:
        return _(item["text"]) % item.get("params", {}) if item.get("params") else _(item["text"])
    except (KeyError, TypeError, ValueError):
        return str(item.get("text", ""))


def _require(request: HttpRequest, action: str) -> None:
    access.require(request.user, action)


@page
def overview(request: HttpRequest) -> HttpResponse:
    """风险分级总览: grade distribution per jurisdiction; the yearly review for an admin."""
    _require(request, "risk.view")
    error = ""
    if request.method == "POST":
        try:
            run = services.grade_jurisdiction(actor=request.user, division_code=request.user.division_code)
            messages.success(request, _("已完成 %(n)s 家企业的风险等级评定") % {"n": run.graded})
            return redirect("risk:overview")
        except ServiceError as exc:
            error = exc.message
    rows = selectors.distribution(request.user)
    context = {
        "rows": rows,
        "levels": LEVELS,
        "error": error,
        "can_grade": access.can(request.user, "risk.grade"),
    }
    return render(request, "risk/overview.html", context, status=422 if error else 200)


@page
def grades(request: HttpRequest) -> HttpResponse:
    """按等级的企业清单 (and the movers: level changed at the last grading)."""
    level, moved = request.GET.get("level", ""), request.GET.get("moved") == "1"
    division = division_param(request)
    profiles = selectors.profile_list(request.user, level=level, moved=moved, division=division)
    page = Paginator(profiles, PAGE).get_page(request.GET.get("page"))
    return render(
        request, "risk/grades.html", {"page": page, "level": level, "moved": moved, "levels": LEVELS}
    )


@page
def grades_export(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    qs = selectors.profile_list(
        request.user, level=request.GET.get("level", ""), moved=request.GET.get("moved") == "1"
    )
    wb = Workbook()
    ws = wb.active
    ws.title = _("风险等级")
    xlsx_append(
        ws,
        [
            _("企业名称"),
            _("统一社会信用代码"),
            _("辖区代码"),
            _("得分"),
            _("计算等级"),
            _("风险等级"),
            _("原等级"),
            _("调整理由"),
        ],
    )
    for p in qs.iterator(chunk_size=1000):
        reason = p.adjustment.reason if p.adjustment else ""
        xlsx_append(
            ws,
            [
                p.enterprise.name,
                p.enterprise.uscc,
                p.division_code,
                p.score,
                p.computed_level,
                p.level,
                p.previous_level,
                reason,
            ],
        )
    return _xlsx(wb, "risk-grades.xlsx")


def _xlsx(wb: Any, name: str) -> HttpResponse:
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@page
def enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    """One enterprise's grade explained point by point; a regulator's adjustment with its reason."""
    ent, profile = selectors.profile_get(request.user, pk)
    error, status = "", 200
    if request.method == "POST":
        try:
            services.grade_adjust(
                actor=request.user,
                enterprise=ent,
                level=request.POST.get("level", ""),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("已调整风险等级"))
            return redirect("risk:enterprise", pk=ent.pk)
        except ServiceError as exc:
            error, status = exc.message, exc.status
            ent, profile = selectors.profile_get(request.user, pk)
    points, changes, facts = [], [], []
    if profile is not None:
        for p in profile.grade.explanation.get("points", []):
            points.append({**p, "sentence": _text(p), "label_text": _(p["label"])})
        changes = [_text(c) for c in profile.grade.changes]
        facts = [_text(f) for f in profile.grade.explanation.get("facts", [])]
    context = {
        "ent": ent,
        "profile": profile,
        "points": points,
        "changes": changes,
        "facts": facts,
        "history": selectors.grade_history(ent),
        "adjustments": selectors.adjustment_list(ent),
        "levels": LEVELS,
        "focus": [FOCUS.get(f, f) for f in (profile.grade.explanation.get("focus", []) if profile else [])],
        "error": error,
        "can_adjust": access.can(request.user, "risk.adjust"),
    }
    return render(request, "risk/enterprise.html", context, status=status)


@page
def plans(request: HttpRequest) -> HttpResponse:
    """年度检查计划: the list, and a new plan from the current grades with a recorded seed."""
    qs = selectors.plan_list(request.user)
    error, status = "", 200
    if request.method == "POST":
        try:
            plan = services.plan_create(
                actor=request.user,
                division_code=request.user.division_code,
                year=request.POST.get("year", ""),
                seed=request.POST.get("seed", ""),
                ordering=request.POST.get("ordering", "grade"),
            )
            return redirect("risk:plan", pk=plan.pk)
        except ServiceError as exc:
            error, status = exc.message, exc.status
    context = {
        "plans": qs[:50],
        "error": error,
        "can_plan": access.can(request.user, "risk.plan"),
        "year": timezone.localdate().year + (1 if timezone.localdate().month >= 11 else 0),
        "seed": secrets.token_hex(8),
        "orderings": PlanOrdering.choices,
        "ordering": request.POST.get("ordering", PlanOrdering.GRADE),
    }
    return render(request, "risk/plans.html", context, status=status)


@page
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    error, status = "", 200
    if request.method == "POST":
        try:
            services.plan_issue(actor=request.user, plan=plan)
            messages.success(request, _("计划已下达，检查任务已列入待办"))
            return redirect("risk:plan", pk=plan.pk)
        except ServiceError as exc:
            error, status = exc.message, exc.status
    page = Paginator(selectors.task_list(plan), PAGE).get_page(request.GET.get("page"))
    names = dict(User.objects.filter(role=Role.INSPECTOR).values_list("pk", "username"))
    for task in page:
        task.team_names = [names.get(i, str(i)) for i in task.team]
    context = {
        "plan": plan,
        "page": page,
        "progress": selectors.progress(plan),
        "error": error,
        "can_plan": access.can(request.user, "risk.plan"),
    }
    return render(request, "risk/plan.html", context, status=status)


@page
def plan_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    return render(
        request,
        "risk/calendar.html",
        {"plan": plan, "months": selectors.calendar(plan), "today": timezone.localdate()},
    )


@page
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook

    plan = selectors.plan_get(request.user, pk)
    names = dict(User.objects.filter(role=Role.INSPECTOR).values_list("pk", "username"))
    wb = Workbook()
    ws = wb.active
    ws.title = str(plan.year)
    xlsx_append(
        ws,
        [
            _("企业名称"),
            _("风险等级"),
            _("轮次"),
            _("开始日期"),
            _("截止日期"),
            _("检查组"),
            _("重点对象"),
            _("完成日期"),
        ],
    )
    for t in selectors.task_list(plan).iterator(chunk_size=1000):
        xlsx_append(
            ws,
            [t.enterprise.name, t.level, t.round, t.window_start, t.window_end, "、".join(names.get(i, str(i)) for i in t.team),
             "、".join(t.focus), t.done_on],
        )  # fmt: skip
    return _xlsx(wb, f"inspection-plan-{plan.year}-{plan.division_code}.xlsx")


@page
def conflicts(request: HttpRequest) -> HttpResponse:
    """检查回避事由: conflicts of interest recorded for inspectors (never drawn for that enterprise)."""
    _require(request, "risk.view")
    error, status = "", 200
    scope_q = access.owner_q(
        request.user, enterprise_id_field="enterprise_id", division_field="enterprise__division_code"
    )
    if request.method == "POST":
        try:
            ent = access.get_scoped(
                Enterprise.objects.all(),
                request.user,
                enterprise_field=None,
                pk=request.POST.get("enterprise") or 0,
            )
            insp = User.objects.filter(pk=request.POST.get("inspector") or 0, role=Role.INSPECTOR).first()
            services.conflict_record(
                actor=request.user,
                inspector=insp,
                enterprise=ent,
                kind=request.POST.get("kind", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("已登记回避事由"))
            return redirect("risk:conflicts")
        except ServiceError as exc:
            error, status = exc.message, exc.status
    rows = (
        ConflictOfInterest.objects.filter(scope_q)
        .select_related("inspector", "enterprise")
        .order_by("-pk")[:200]
    )
    inspectors = User.objects.none()
    enterprises = Enterprise.objects.none()
    if access.can(request.user, "risk.conflict.record"):
        prefix = access.division_prefix(request.user.division_code or "")
        inspectors = User.objects.filter(role=Role.INSPECTOR, division_code__startswith=prefix).order_by(
            "username"
        )[:500]
        enterprises = access.scope(Enterprise.objects.all(), request.user, enterprise_field=None).order_by(
            "name"
        )[:500]
    context = {
        "rows": rows,
        "error": error,
        "kinds": ConflictKind.choices,
        "inspectors": inspectors,
        "enterprises": enterprises,
    }
    return render(request, "risk/conflicts.html", context, status=status)


@page
def tasks(request: HttpRequest) -> HttpResponse:
    """检查任务: this year's tasks across the jurisdiction's plans, by division, state and grade — the list
    the command view's plan figures open."""
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    state = request.GET.get("state", "")
    state = state if state in selectors.TASK_STATES else ""
    level = request.GET.get("level", "")
    level = level if level in LEVELS else ""
    division = division_param(request)
    qs = selectors.task_search(
        request.user, year=year, division=division, state=state, level=level, today=today
    )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    names = dict(User.objects.filter(role=Role.INSPECTOR).values_list("pk", "username"))
    for task in page:
        task.team_names = [names.get(i, str(i)) for i in task.team]
        task.state = "done" if task.done_on else ("overdue" if task.window_end < today else "due")
    filters = {"year": year, "division": division, "state": state, "level": level}
    context = {
        "page": page,
        **filters,
        "query": filter_query(filters),
        "states": [("due", _("待检查")), ("overdue", _("已逾期")), ("done", _("已完成"))],
        "levels": LEVELS,
    }
    return render(request, "risk/tasks.html", context)
