"""Enforcement pages for regulators: the cases by state, deadline and violation (overdue filter, Excel export),
the open clues to register, a case with its limits, evidence, timeline and the forms of the next step, the
standard documents (HTML / PDF) and the statistics by violation type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shouhu.core import access, pdfjobs
from shouhu.core.errors import ServiceError
from shouhu.core.pages import flash_run, refused, run_action

from . import documents, exports, selectors, services
from .models import CASE_FLOW, CaseStatus, Limit, Penalty, Procedure, Violation, source_label
from .services.cases import PAUSE_LABELS


def _filters(request: HttpRequest) -> dict[str, Any]:
    status = request.GET.get("status", "open")
    if status not in {"open", "", *CaseStatus.values}:
        status = "open"
    violation = request.GET.get("violation", "")
    return {
        "status": status,
        "violation": violation if violation in Violation.values else "",
        "overdue_only": request.GET.get("overdue") == "1",
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    try:
        access.require(request.user, "enforcement.view")
    except ServiceError as exc:
        return refused(request, exc)
    filters = _filters(request)
    if request.GET.get("format") == "xlsx":
        try:
            return exports.cases_xlsx(selectors.case_list(request.user, **filters))
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("enforcement:index")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    data = selectors.case_page(request.user, page=page, **filters)
    query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k not in {"page", "format"})
    return render(
        request,
        "enforcement/index.html",
        {
            **data,
            **filters,
            "query": query,
            "statuses": CaseStatus.choices,
            "violations": Violation.choices,
            "clue_count": selectors.open_clues(request.user).count(),
        },
    )


@login_required
@require_GET
def clues(request: HttpRequest) -> HttpResponse:
    try:
        rows = list(selectors.open_clues(request.user)[:200])
    except ServiceError as exc:
        return refused(request, exc)
    for c in rows:
        c.source_label = source_label(c.source)
    return render(
        request,
        "enforcement/clues.html",
        {
            "clues": rows,
            "violations": Violation.choices,
            "can_handle": access.can(request.user, "enforcement.handle"),
        },
    )


@login_required
@require_POST
def clue_register(request: HttpRequest, pk: int) -> HttpResponse:
    holder: dict[str, Any] = {}

    def go() -> None:
        holder["case"] = services.case_register(
            actor=request.user, clue=pk, violation=request.POST.get("violation", "")
        )

    try:
        selectors.clue_get(request.user, pk)
        access.require(request.user, "enforcement.handle")
    except ServiceError as exc:
        return refused(request, exc)
    if flash_run(request, go, _("已登记为案件，进入立案审查")):
        return redirect("enforcement:case", holder["case"].pk)
    return redirect("enforcement:clues")


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    try:
        stats = selectors.statistics(request.user)
    except ServiceError as exc:
        return refused(request, exc)
    return render(request, "enforcement/statistics.html", {"stats": stats})


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    try:
        case = selectors.case_get(user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    limits = selectors.case_limits(case)
    allowed = {a for a, t in CASE_FLOW.transitions.items() if case.status in t.sources}
    return render(
        request,
        "enforcement/case.html",
        {
            "case": case,
            "source_url": _source_url(case),
            "limits": list(limits.values()),
            "decision": limits.get(Limit.DECISION),
            "review": limits.get(Limit.REVIEW),
            "evidence": list(case.evidence.select_related("evidence")),
            "timeline": list(selectors.case_timeline(case)),
            "publication": selectors.case_publication(case),
            "typical": getattr(case, "typical", None) if case.status == CaseStatus.CLOSED else None,
            "can_handle": access.can(user, "enforcement.handle"),
            "can_approve": access.can(user, "enforcement.approve"),
            "allowed": allowed,
            "documents": documents.available(case),
            "penalties": Penalty.choices,
            "procedures": Procedure.choices,
            "pause_kinds": list(PAUSE_LABELS.items()),
        },
    )


# where a clue's subject is shown (by content type): the record the clue came from
SOURCE_PAGES = {
    "disposal.case": "disposal:case",
    "inspection.inspection": "inspection:detail",
    "complaints.submission": "complaints:detail",
    "registry.enterprise": "registry:enterprise-detail",
}


def _source_url(case: Any) -> str:
    from django.urls import NoReverseMatch, reverse

    clue = case.clue
    if clue is None:
        return ""
    name = SOURCE_PAGES.get(f"{clue.subject_type.app_label}.{clue.subject_type.model}")
    try:
        return reverse(name, args=(int(clue.subject_id),)) if name else ""
    except (NoReverseMatch, ValueError):
        return ""


def _penalties(post: Any) -> list[str]:
    return [p for p in post.getlist("penalties") if p]


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user, post, files = request.user, request.POST, request.FILES
    kw: dict[str, Any] = {"actor": user, "case": pk}
    upload = files.get("file")
    actions: dict[str, tuple[Callable[[], Any], str, str]] = {
        "file": (
            lambda: services.case_file(**kw, note=post.get("note", "")),
            _("已立案"),
            "enforcement.handle",
        ),
        "refuse": (
            lambda: services.case_refuse(**kw, note=post.get("note", "")),
            _("已决定不予立案"),
            "enforcement.handle",
        ),
        "evidence": (
            lambda: services.case_evidence_add(
                **kw,
                content=upload.read() if upload else b"",
                name=upload.name if upload else "",
                note=post.get("note", ""),
            ),
            _("证据已保存"),
            "enforcement.handle",
        ),
        "notice": (
            lambda: services.case_notice(**kw, facts=post.get("facts", "")),
            _("已送达行政处罚告知书"),
            "enforcement.handle",
        ),
        "clock": (
            lambda: services.case_clock(
                **kw, action=post.get("clock", ""), kind=post.get("kind", ""), reason=post.get("reason", "")
            ),
            _("计时已更新"),
            "enforcement.handle",
        ),
        "review": (
            lambda: services.case_review(**kw, action=post.get("review", ""), note=post.get("note", "")),
            _("法制审核已更新"),
            "enforcement.handle",
        ),
        "extend": (
            lambda: services.case_extend(
                **kw,
                limit=post.get("limit", ""),
                reason=post.get("reason", ""),
                approval=post.get("approval", ""),
            ),
            _("期限已延长"),
            "enforcement.approve",
        ),
        "decide": (
            lambda: services.case_decide(
                **kw,
                procedure=post.get("procedure", ""),
                penalties=_penalties(post),
                fine_yuan=post.get("fine_yuan", "0"),
                decision_no=post.get("decision_no", ""),
                facts=post.get("facts", ""),
            ),
            _("已作出行政处罚决定"),
            "enforcement.handle",
        ),
        "execute": (
            lambda: services.case_execute(**kw, note=post.get("note", "")),
            _("已记录执行完毕"),
            "enforcement.handle",
        ),
        "close": (
            lambda: services.case_close(**kw, note=post.get("note", "")),
            _("已结案"),
            "enforcement.handle",
        ),
        "refer": (
            lambda: services.case_refer(**kw, police=post.get("police", ""), reason=post.get("reason", "")),
            _("已移送公安机关"),
            "enforcement.handle",
        ),
        "publish": (lambda: services.case_publish(**kw), _("已公示"), "enforcement.handle"),
        "annul": (
            lambda: services.case_annul(**kw, reason=post.get("reason", "")),
            _("处罚决定已撤销"),
            "enforcement.approve",
        ),
        "withdraw": (
            lambda: services.case_withdraw(**kw, reason=post.get("reason", "")),
            _("已撤回公示信息"),
            "enforcement.handle",
        ),
        "typical": (
            lambda: services.typical_publish(**kw, title=post.get("title", ""), body=post.get("body", "")),
            _("典型案例已发布（个人信息已去除）"),
            "enforcement.approve",
        ),
    }
    refusal = run_action(request, actions, action, load=lambda: selectors.case_get(user, pk))
    return refusal or redirect("enforcement:case", pk)


@login_required
@require_GET
def document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """立案审批表 / 行政处罚告知书 / 行政处罚决定书 / 涉嫌犯罪案件移送书 (HTML; `?format=pdf` for the PDF)."""
    try:
        case = selectors.case_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    if kind not in documents.available(case):
        return render(request, "404.html", status=404)
    html = documents.document_html(case, kind)
    if request.GET.get("format") == "pdf":
        return pdfjobs.respond(request, html, f"{case.number}-{kind}.pdf", html_url=request.path)
    return HttpResponse(html)
