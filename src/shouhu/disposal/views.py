"""核查处置 pages: the list (a regulator's jurisdiction with overdue duties first, or an enterprise's own
cases), and a case with its duties, requests and timeline and the forms of whoever must answer next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shouhu.core import access
from shouhu.core.errors import PermissionDenied, ServiceError
from shouhu.core.pages import division_param, refused, run_action

from . import selectors, services
from .models import ENTERPRISE_DUTIES, CaseStatus, Duty, RequestKind


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    try:
        access.require(user, "disposal.view")
    except PermissionDenied as exc:
        return refused(request, exc)
    overdue_only = request.GET.get("overdue") == "1"
    status = request.GET.get("status", "open")
    if status not in {"open", "", *CaseStatus.values}:
        status = "open"
    division = division_param(request)
    cases = list(selectors.case_list(user, status=status, overdue_only=overdue_only, division=division)[:300])
    counts = selectors.overdue_counts(cases)
    rows = sorted(({"case": c, "overdue": counts.get(c.pk, 0)} for c in cases), key=lambda r: -r["overdue"])
    return render(
        request,
        "disposal/index.html",
        {
            "rows": rows,
            "status": status,
            "overdue_only": overdue_only,
            "statuses": CaseStatus.choices,
            "regulator": access.can(user, "disposal.supervise"),
        },
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    try:
        case = selectors.case_get(user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    duties = selectors.case_duties(case)
    enterprise_duties = [(d, duties[d]) for d in ENTERPRISE_DUTIES if d in duties]
    office_duties = [(d, o) for d, o in duties.items() if d not in ENTERPRISE_DUTIES]
    return render(
        request,
        "disposal/case.html",
        {
            "case": case,
            "enterprise_duties": enterprise_duties,
            "office_duties": office_duties,
            "requests": list(case.requests.all()),
            "timeline": list(selectors.case_timeline(case)),
            "can_answer": access.can(user, "disposal.duty.answer") and case.is_open,
            "can_file": access.can(user, "disposal.request.file") and case.status == CaseStatus.OPEN,
            "can_manage": access.can(user, "disposal.manage") and case.is_open,
            "pending": case.requests.filter(outcome="pending").first(),
            "delay": selectors.lab_report_delay(case),
            "recall_open": case.on_market and case.recall_id is None and "recall" in duties,
            "Duty": Duty,
            "RequestKind": RequestKind,
        },
    )


def _flag(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user, post = request.user, request.POST
    kw: dict[str, Any] = {"actor": user, "case": pk}
    actions: dict[str, tuple[Callable[[], Any], str, str]] = {
        "serve": (lambda: services.case_serve(**kw), _("已送达检验结论"), "disposal.manage"),
        "duty": (
            lambda: services.duty_complete(
                **kw,
                duty=post.get("duty", ""),
                note=post.get("note", ""),
                cause=post.get("cause", ""),
                rectification=post.get("rectification", ""),
            ),
            _("已报告履行情况"),
            "disposal.duty.answer",
        ),
        "recall": (
            lambda: services.case_recall(**kw, level=post.get("level") or None),
            _("已启动召回"),
            "disposal.duty.answer",
        ),
        "request": (
            lambda: services.request_file(
                **kw,
                kind=post.get("kind", ""),
                reason=post.get("reason", ""),
                lab_name=post.get("lab_name", ""),
            ),
            _("申请已提交"),
            "disposal.request.file",
        ),
        "decide": (
            lambda: services.request_decide(
                **kw,
                upheld=_flag(post.get("upheld", "")),
                note=post.get("note", ""),
                report_no=post.get("report_no", ""),
            ),
            _("已记录结论"),
            "disposal.manage",
        ),
        "close": (
            lambda: services.case_close(**kw, note=post.get("note", "")),
            _("核查处置已办结"),
            "disposal.manage",
        ),
        "extend": (
            lambda: services.case_extend(**kw, days=post.get("days", ""), reason=post.get("reason", "")),
            _("办结期限已延长"),
            "disposal.manage",
        ),
    }
    refusal = run_action(request, actions, action, load=lambda: selectors.case_get(user, pk))
    return refusal or redirect("disposal:case", pk)
