"""指挥视图 pages: one per jurisdiction (province → city → county), the enterprises of a division, one
enterprise with its batches, the Excel export and the weekly brief.

Views parse, call `board` / `selectors` / `services` and render. A division outside the caller's
jurisdiction, or an enterprise outside it, is a 404 like any object elsewhere; enterprise staff get 403.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shouhu.core import access, jobs
from shouhu.core.errors import NotFound, PermissionDenied, ServiceError

from . import board as boards
from . import exports, selectors, services, tasks

PAGE = 25


def _deny(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404
    return render(request, "403.html", {"message": exc.message_zh}, status=403)


def _board(request: HttpRequest, code: str) -> HttpResponse:
    try:
        b = boards.board(request.user, code)
    except (NotFound, PermissionDenied) as exc:
        return _deny(request, exc)
    context = {
        "b": b,
        "can_refresh": access.can(request.user, "command.refresh"),
        "briefs": selectors.brief_list(b.code),
    }
    return render(request, "command/board.html", context)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The caller's own jurisdiction (the whole country for the platform admin)."""
    return _board(request, "")


@login_required
@require_GET
def division(request: HttpRequest, code: str) -> HttpResponse:
    return _board(request, code)


@login_required
@require_GET
def enterprises(request: HttpRequest, code: str) -> HttpResponse:
    """The enterprises of one division (live): connected or not, grade, to each one's page."""
    actor = request.user
    try:
        code = selectors.jurisdiction_code(actor, code)
        qs = selectors.enterprise_list(actor, code)
    except (NotFound, PermissionDenied) as exc:
        return _deny(request, exc)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    grades = selectors.grades_of(actor, [e.pk for e in page])
    since = timezone.now() - timedelta(days=settings.SHOUHU_CONNECTION_WINDOW_DAYS)
    rows = [(e, grades.get(e.pk, ""), bool(e.last_push_at and e.last_push_at >= since)) for e in page]
    crumbs = [(c, n, boards.page_url(c)) for c, n in selectors.breadcrumbs(actor, code)]
    context = {
        "code": code,
        "name": selectors.division_label(code),
        "page": page,
        "rows": rows,
        "crumbs": crumbs,
    }
    return render(request, "command/enterprises.html", context)


@login_required
@require_GET
def enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    """One enterprise: where it sits, its grade and licences, and its latest batches (trace, tests, CCP)."""
    actor = request.user
    try:
        ent = selectors.enterprise_get(actor, pk)
    except (NotFound, PermissionDenied) as exc:
        return _deny(request, exc)
    crumbs = [(c, n, boards.page_url(c)) for c, n in selectors.breadcrumbs(actor, ent.division_code)]
    context = {
        "ent": ent,
        "crumbs": crumbs,
        "grade": selectors.grades_of(actor, [ent.pk]).get(ent.pk, ""),
        "batches": selectors.batches_of(actor, ent.pk),
        "licences": selectors.licences_of(actor, ent.pk),
        "connected_since": timezone.now() - timedelta(days=settings.SHOUHU_CONNECTION_WINDOW_DAYS),
    }
    return render(request, "command/enterprise.html", context)


@login_required
@require_GET
def export(request: HttpRequest, code: str) -> HttpResponse:
    """The whole board of one jurisdiction as an Excel workbook (figures, table by division, trend)."""
    try:
        b = boards.board(request.user, code)
    except (NotFound, PermissionDenied) as exc:
        return _deny(request, exc)
    if b.snapshot is None:
        messages.error(request, _("尚无统计快照，暂无可导出的数据"))
        return redirect(boards.page_url(b.code))
    return exports.board_response(b)


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """Build a snapshot now (besides the schedule): jurisdiction admins and the platform admin."""
    try:
        access.require(request.user, "command.refresh")
    except PermissionDenied as exc:
        return _deny(request, exc)
    # off the request: a Celery task in production (inline where background work runs eagerly)
    result = tasks.snapshot.delay("manual")
    if result.ready():
        messages.success(request, _("统计已更新（用时 %(s)s 秒）") % {"s": result.get()["seconds"]})
    else:
        messages.info(request, _("统计更新已开始，完成后本页显示新的统计时间"))
    back = request.POST.get("next_code", "")
    return redirect(boards.page_url(back) if back.isdigit() and len(back) == 6 else "command:index")


@login_required
@require_POST
def brief_new(request: HttpRequest, code: str) -> HttpResponse:
    """Queue the PDF brief of this jurisdiction (a background job); the page lists it when done."""
    try:
        job = services.brief_queue(actor=request.user, code=code)
    except (NotFound, PermissionDenied) as exc:
        return _deny(request, exc)
    except ServiceError as exc:
        messages.error(request, exc.message_zh if request.LANGUAGE_CODE != "en" else exc.message_en)
        return redirect(boards.page_url(code))
    if job.get("status") == jobs.FAILED:
        messages.error(request, _("简报生成失败，请稍后重试"))
    elif job.get("status") == jobs.DONE:
        messages.success(request, _("简报已生成"))
    else:
        messages.info(request, _("简报正在后台生成，稍后刷新本页即可下载"))
    return redirect(boards.page_url(code))


@login_required
@require_GET
def brief_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.brief_get(request.user, pk)
    except (NotFound, PermissionDenied) as exc:
        return _deny(request, exc)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="brief-{found.division_code}-{found.created_at:%Y%m%d}.pdf"'
    )
    return response
