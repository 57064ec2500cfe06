"""Findings pages: the findings of your tenancy and one finding with its rectification, acted on by form.

Each action posts to the same services as the API: an enterprise answers with a photo or PDF (stored as
evidence, its hash in the ledger), the decider orders, accepts or returns. A refusal re-renders the page with
the reason (422), in the active language.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from shouhu.core.errors import ErrorCode, NotFound, ServiceError, refuse
from shouhu.core.htmx import render_page
from shouhu.core.pages import division_param, filter_query

from ..evidence.services import evidence_create
from . import selectors, services
from .models import FindingState, RectificationState


@login_required
@require_GET
def finding_list(request: HttpRequest) -> HttpResponse:
    """问题与整改, narrowed by `?division=` and `?rect=` (open / overdue / ontime) as the command view links."""
    division = division_param(request)
    rect = request.GET.get("rect", "")
    rect = rect if rect in selectors.RECT_FILTERS else ""
    qs = selectors.finding_search(request.user, division=division, rect=rect).order_by("state", "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    filters = {"division": division, "rect": rect}
    context = {
        "findings": page,
        "page": page,
        **filters,
        "query": filter_query(filters),
        "rects": [("open", _("未验收")), ("overdue", _("逾期未整改")), ("ontime", _("按期整改"))],
    }
    return render_page(request, "findings/list.html", context)


def _detail(
    request: HttpRequest, pk: int, error: ServiceError | None = None, status: int = 200
) -> HttpResponse:
    try:
        finding = selectors.finding_get(request.user, pk)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    rects = list(finding.rectifications.all())
    context = {
        "finding": finding,
        "rectifications": rects,
        "current": rects[-1] if rects else None,
        "open": finding.state == FindingState.OPEN,
        "S": RectificationState,
        "allowed": set(services.RECTIFICATION_FLOW.allowed(rects[-1].state)) if rects else set(),
        "error": error,
    }
    return render_page(request, "findings/detail.html", context, status=status)


@login_required
@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _due(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise refuse(ErrorCode.VALIDATION, _("请填写整改期限"), field="due_on") from None


@login_required
@require_POST
def finding_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user, post = request.user, request.POST
    try:
        finding = selectors.finding_get(user, pk)
        rect = finding.rectifications.order_by("pk").last()
        if action == "order":
            services.rectification_open(
                actor=user,
                finding=finding,
                due_on=_due(post.get("due_on", "")),
                client_id=post.get("client_id") or None,
            )
        elif action == "answer" and rect is not None:
            upload = request.FILES.get("evidence")
            ids = []
            if upload is not None:
                ids.append(
                    evidence_create(
                        actor=user,
                        content=upload.read(),
                        name=upload.name or "",
                        client_id=post.get("evidence_client_id") or None,
                    ).pk
                )
            services.rectification_answer(
                actor=user, rectification=rect, answer=post.get("answer", ""), evidence=ids
            )
        elif action == "accept" and rect is not None:
            services.rectification_accept(actor=user, rectification=rect, note=post.get("note", ""))
        elif action == "return" and rect is not None:
            services.rectification_return(actor=user, rectification=rect, note=post.get("note", ""))
        else:
            return render_page(request, "404.html", {}, status=404)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    except ServiceError as exc:
        return _detail(request, pk, exc, status=422)
    return redirect("findings:detail", pk=pk)
