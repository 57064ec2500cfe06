"""Pages: the public consumer look-up (第七十二条; no login, rate-limited), the trace page for staff, and
starting a recall from a batch page (the same `services.recall_start` the API calls)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shouhu.core.access import can
from shouhu.core.errors import NotFound, ServiceError
from shouhu.production import selectors as production

from . import assemble, public, selectors, services
from .labels import labelled_rows
from .models import Node, RecallLevel


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """产品信息查询: a batch number or trace code shows product, label, standard, release tests, recalls."""
    code = request.GET.get("code", "").strip()
    context: dict = {"code": code, "result": None, "error": ""}
    status = 200
    if code:
        try:
            public.check_rate(public.client_ip(request))
        except public.RateLimited as exc:
            context["error"], status = exc.message, 429
        else:
            context["result"] = public.lookup(code)
            if context["result"] is None:
                context["error"], status = _("未找到已放行的该批次产品"), 404
    return render(request, "trace/lookup.html", context, status=status)


@login_required
@require_GET
def trace_page(request: HttpRequest) -> HttpResponse:
    ref = request.GET.get("ref", "").strip()
    direction = request.GET.get("direction", "both")
    if direction not in {"back", "forward", "both"}:
        direction = "both"
    context: dict = {"ref": ref, "direction": direction, "trace": None, "error": ""}
    status = 200
    if ref:
        try:
            found = selectors.trace_get(request.user, ref, direction)
            context["trace"] = assemble.as_json(found)
            context["rows"] = labelled_rows(found)
        except NotFound as exc:
            context["error"], status = exc.message, 404
    return render(request, "trace/trace.html", context, status=status)


@login_required
@require_GET
def recall_list(request: HttpRequest) -> HttpResponse:
    """召回: enterprise staff see their own recalls, regulators those in their jurisdiction (第六十三条)."""
    rows = (
        selectors.recall_list(request.user)
        .annotate(total=Sum("items__quantity"), recovered_total=Sum("items__recovered"))
        .order_by("-started_at")[:200]
    )
    return render(request, "trace/recalls.html", {"recalls": rows})


@login_required
def recall_start(request: HttpRequest, batch_pk: int) -> HttpResponse:
    """Start a recall on a batch from its page (level, reason): the traced scope is shown before and
    the recall is written by `services.recall_start`, the function the API calls (第六十三条)."""
    try:
        batch = production.batch_get(request.user, pk=batch_pk)
    except NotFound:
        raise Http404 from None
    if request.method == "POST":
        try:
            recall = services.recall_start(
                actor=request.user,
                batch=batch,
                level=int(request.POST.get("level") or 0),
                reason=request.POST.get("reason", "").strip(),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("召回已启动：%(number)s") % {"number": recall.number})
            return redirect("trace:recalls")
    context = {
        "batch": batch,
        "scope": selectors.recall_scope((Node.BATCH, batch.pk)),
        "levels": RecallLevel.choices,
        "can_start": can(request.user, services.MANAGE),
    }
    return render(request, "trace/recall_start.html", context)
