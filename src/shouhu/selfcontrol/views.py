"""Self-control pages: the enterprise's overview, its list (history, diff, revise), the phone-sized daily
check, weekly/monthly reports, stops; the regulator's completion view with drill-down and Excel export.

Forms post to the same services as the API; a refusal re-renders the form with the reason (422) and
writes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from shouhu.core import access
from shouhu.core.errors import ErrorCode, NotFound, ServiceError, refuse
from shouhu.core.htmx import render_page
from shouhu.core.pages import division_param

from . import exports, selectors, services
from .models import ProductionStop, ReportKind, RiskList, Severity
from .periods import month_of, week_of


def _not_found(request: HttpRequest) -> HttpResponse:
    return render_page(request, "404.html", {}, status=404)


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render_page(request, "403.html", {}, status=403)


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise refuse(ErrorCode.VALIDATION, _("日期格式有误"), field=field) from None


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not getattr(user, "enterprise_id", None):
        return redirect("selfcontrol:completion")
    if not access.can(user, "selfcontrol.view"):
        return _forbidden(request)
    risk_list = RiskList.objects.filter(enterprise_id=user.enterprise_id).first()
    today = timezone.localdate()
    context: dict[str, Any] = {"risk_list": risk_list, "today": today}
    if risk_list is not None:
        first = today - timedelta(days=30)
        context["recent"] = list(selectors.daily_list(user).filter(current=True, day__gte=first)[:31])
        context["done_today"] = any(c.day == today for c in context["recent"])
        context["reports"] = list(selectors.report_list(user)[:12])
        context["stops"] = list(selectors.stop_list(user)[:5])
        context["last_week"] = week_of(today - timedelta(days=7))[0]
        context["last_month"] = month_of(month_of(today)[0] - timedelta(days=1))[0]
    return render_page(request, "selfcontrol/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risklist(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user, error, status = request.user, None, 200
    try:
        ent = selectors.enterprise_get(user, enterprise_id)
    except NotFound:
        return _not_found(request)
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "generate":
                services.risklist_generate(actor=user, enterprise=ent)
            else:
                add = []
                if post.get("add_title"):
                    add.append(
                        {
                            "title": post.get("add_title"),
                            "measures": post.get("add_measures", ""),
                            "frequency": post.get("add_frequency", "daily"),
                            "owner_role": post.get("add_owner_role", "officer"),
                        }
                    )
                edit = []
                if post.get("edit_point"):
                    edit.append(
                        {"point_id": post["edit_point"], "measures": post.get("edit_measures") or None}
                    )
                services.risklist_revise(
                    actor=user,
                    enterprise=ent,
                    reason=post.get("reason", ""),
                    add=add,
                    edit=edit,
                    retire=post.getlist("retire"),
                )
            messages.success(request, _("风险管控清单已保存"))
            return redirect("selfcontrol:risklist", ent.pk)
        except ServiceError as exc:
            error, status = exc, 422
    risk_list = RiskList.objects.filter(enterprise=ent).first()
    versions = list(selectors.version_list(user, ent.pk)) if risk_list else []
    current = versions[0] if versions else None
    grouped: dict[str, list[dict]] = {}
    for p in current.live_points() if current else []:
        grouped.setdefault(p["group_label"], []).append(p)
    context = {
        "enterprise": ent,
        "risk_list": risk_list,
        "current": current,
        "grouped": grouped,
        "versions": versions,
        "may_manage": access.can(user, "selfcontrol.list.manage") and user.enterprise_id == ent.pk,
        "error": error,
    }
    return render_page(request, "selfcontrol/risklist.html", context, status=status)


@login_required
@require_GET
def risklist_diff(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    try:
        a, b = int(request.GET.get("a", "1")), int(request.GET.get("b", "2"))
        diff = selectors.version_diff(request.user, enterprise_id, a, b)
    except (NotFound, ValueError):
        return _not_found(request)
    context = {"diff": diff, "a": a, "b": b, "enterprise_id": enterprise_id}
    return render_page(request, "selfcontrol/diff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def daily(request: HttpRequest) -> HttpResponse:
    """The phone page: today's daily points, each 正常 unless marked; one big button submits."""
    user, error, status = request.user, None, 200
    if not getattr(user, "enterprise_id", None):
        return _not_found(request)
    if not access.can(user, "selfcontrol.view"):
        return _forbidden(request)
    today = timezone.localdate()
    if request.method == "POST":
        post = request.POST
        problems = [
            {
                "point_id": pid,
                "note": post.get(f"note_{pid}", ""),
                "measure": post.get(f"measure_{pid}", ""),
                "severity": post.get(f"severity_{pid}", Severity.MINOR),
            }
            for pid in post.getlist("problem")
        ]
        try:
            check = services.daily_record(
                actor=user,
                day=_day(post.get("day", ""), "day"),
                problems=problems,
                corrects=int(post["corrects"]) if post.get("corrects", "").isdigit() else None,
                reason=post.get("reason", ""),
                client_id=post.get("client_id") or None,
            )
            messages.success(
                request, _("今日检查记录已提交") if check.zero_risk else _("检查记录已提交，问题已上报")
            )
            return redirect("selfcontrol:daily-detail", check.pk)
        except ServiceError as exc:
            error, status = exc, 422
    risk_list = RiskList.objects.filter(enterprise_id=user.enterprise_id).first()
    points = []
    if risk_list is not None:
        points = risk_list.versions.get(number=risk_list.current).live_points("daily")
    existing = selectors.daily_list(user).filter(day=today, current=True).first()
    stopped = ProductionStop.objects.filter(
        services.stops.overlapping(user.enterprise_id, today, today)
    ).exists()
    context = {
        "points": points,
        "today": today,
        "existing": existing,
        "stopped": stopped,
        "risk_list": risk_list,
        "severities": Severity.choices,
        "error": error,
        "posted": request.POST if error else {},
    }
    return render_page(request, "selfcontrol/daily.html", context, status=status)


@login_required
@require_GET
def daily_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        check = selectors.daily_get(request.user, pk)
    except NotFound:
        return _not_found(request)
    context = {"check": check, "findings": selectors.daily_findings(check)}
    return render_page(request, "selfcontrol/daily_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, kind: str) -> HttpResponse:
    user, error, status = request.user, None, 200
    if kind not in ReportKind.values or not getattr(user, "enterprise_id", None):
        return _not_found(request)
    try:
        starts_on = _day(request.GET.get("starts_on") or request.POST.get("starts_on", ""), "starts_on")
    except ServiceError:
        today = timezone.localdate()
        starts_on = (
            week_of(today - timedelta(days=7))[0]
            if kind == ReportKind.WEEKLY
            else month_of(month_of(today)[0] - timedelta(days=1))[0]
        )
    ent = selectors.enterprise_get(user, user.enterprise_id)
    if request.method == "POST":
        try:
            report = services.report_file(
                actor=user,
                kind=kind,
                starts_on=starts_on,
                body=request.POST.get("body", ""),
                priorities=request.POST.get("priorities", ""),
                client_id=request.POST.get("client_id") or None,
            )
            messages.success(request, _("已签字提交"))
            return redirect("selfcontrol:report-detail", report.pk)
        except ServiceError as exc:
            error, status = exc, 422
    try:
        summary = services.report_prefill(ent, kind, starts_on)
    except ServiceError as exc:
        summary, error, status = {}, exc, 422
    context = {
        "kind": kind,
        "kind_label": ReportKind(kind).label,
        "starts_on": starts_on,
        "summary": summary,
        "error": error,
        "posted": request.POST,
    }
    return render_page(request, "selfcontrol/report_new.html", context, status=status)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = selectors.report_get(request.user, pk)
    except NotFound:
        return _not_found(request)
    return render_page(request, "selfcontrol/report_detail.html", {"report": report})


@login_required
@require_http_methods(["GET", "POST"])
def stops(request: HttpRequest) -> HttpResponse:
    user, error, status = request.user, None, 200
    if not getattr(user, "enterprise_id", None):
        return _not_found(request)
    if not access.can(user, "selfcontrol.view"):
        return _forbidden(request)
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("stop"):
                services.stop_resume(
                    actor=user,
                    stop=int(post["stop"]) if post["stop"].isdigit() else 0,
                    resumes_on=_day(post.get("resumes_on", ""), "resumes_on"),
                    note=post.get("note", ""),
                )
            else:
                services.stop_record(
                    actor=user,
                    starts_on=_day(post.get("starts_on", ""), "starts_on"),
                    ends_on=_day(post["ends_on"], "ends_on") if post.get("ends_on") else None,
                    reason=post.get("reason", ""),
                )
            messages.success(request, _("停复产记录已保存"))
            return redirect("selfcontrol:stops")
        except (ServiceError, NotFound) as exc:
            error, status = exc, 422
    context = {"stops": list(selectors.stop_list(user)), "error": error, "today": timezone.localdate()}
    return render_page(request, "selfcontrol/stops.html", context, status=status)


PAGE_SIZE = 50  # ranked rows per page of the completion view (the export holds them all)


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        first = date.fromisoformat(request.GET.get("first", ""))
    except ValueError:
        first = today.replace(month=1, day=1)
    try:
        last = date.fromisoformat(request.GET.get("last", ""))
    except ValueError:
        last = today
    if last < first:
        first, last = last, first
    return first, min(last, first + timedelta(days=366))


@login_required
@require_GET
def completion(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "selfcontrol.supervise"):
        return _forbidden(request)
    first, last = _period(request)
    division = division_param(request)
    rows = selectors.completion(request.user, first, last, division=division)
    if request.GET.get("format") == "xlsx":
        return exports.completion_xlsx(rows, first, last)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1, 1), pages)
    context = {
        "rows": rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "total": len(rows),
        "offset": (page - 1) * PAGE_SIZE,
        "page": page,
        "pages": range(1, pages + 1) if pages > 1 else (),
        "first": first,
        "last": last,
        "failing": sum(1 for r in rows if not r.complies),
        "grace": selectors.grace_days(),
        "division": division,
    }
    return render_page(request, "selfcontrol/completion.html", context)


@login_required
@require_GET
def enterprise(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    """Drill-down: one enterprise's records (the regulator's, or the enterprise's own book)."""
    user = request.user
    try:
        ent = selectors.enterprise_get(user, enterprise_id)
    except NotFound:
        return _not_found(request)
    if not access.can(user, "selfcontrol.view"):
        return _forbidden(request)
    first, last = _period(request)
    if request.GET.get("format") == "xlsx":
        return exports.books_xlsx(user, ent, first, last)
    context = {
        "enterprise": ent,
        "first": first,
        "last": last,
        "checks": list(
            selectors.daily_list(user).filter(enterprise=ent, day__range=(first, last)).order_by("-day")[:400]
        ),
        "reports": list(selectors.report_list(user).filter(enterprise=ent, starts_on__range=(first, last))),
        "stops": list(selectors.stop_list(user).filter(enterprise=ent)),
        "selfinspections": list(selectors.selfinspection_list(user).filter(enterprise=ent)[:20]),
    }
    return render_page(request, "selfcontrol/enterprise.html", context)
