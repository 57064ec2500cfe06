"""Pages: the public list of published results (no login), and for regulators the jurisdiction's case
clues and its publications with the actions publish and withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shouhu.core.errors import ServiceError
from shouhu.workflow.obligations.subjects import in_tenancy

from . import selectors, services
from .models import Publication, PublicationKind

PAGE = 25


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """信息公示: results the rules require to be published, while they are shown (no login)."""
    kind = request.GET.get("kind", "")
    if kind not in PublicationKind.values:
        kind = ""
    page = Paginator(selectors.public_list(kind=kind), PAGE).get_page(request.GET.get("page"))
    return render(
        request, "publication/public.html", {"page": page, "kind": kind, "kinds": PublicationKind.choices}
    )


@login_required
@require_GET
def clues(request: HttpRequest) -> HttpResponse:
    """案件线索: raised by any app, listed for the regulators of the subject's jurisdiction."""
    try:
        qs = selectors.clue_list(request.user, status=request.GET.get("status", ""))
    except ServiceError as exc:
        return render(request, "publication/clues.html", {"error": exc.message}, status=exc.status)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "publication/clues.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """公示管理: the jurisdiction's publications — late ones flagged — with publish and withdraw."""
    status, error = 200, ""
    if request.method == "POST":
        row = Publication.objects.filter(pk=request.POST.get("id") or 0).first()
        try:
            if row is None or not in_tenancy(request.user, row.enterprise_id, row.division_code):
                raise ServiceError(_("未找到该对象或无权查看"))
            if request.POST.get("action") == "withdraw":
                services.publication_withdraw(
                    actor=request.user, publication=row, reason=request.POST.get("reason", "")
                )
            else:
                services.publication_publish(actor=request.user, publication=row)
        except ServiceError as exc:
            status, error = exc.status, exc.message
        else:
            messages.success(request, _("已保存"))
            return redirect("publication:manage")
    try:
        qs = selectors.publication_list(request.user)
    except ServiceError as exc:
        return render(
            request, "publication/manage.html", {"error": exc.message, "denied": True}, status=exc.status
        )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "publication/manage.html", {"page": page, "error": error}, status=status)
