"""Pages: the public consumer look-up (第七十二条; no login, rate-limited) and the trace page for staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shouhu.core.errors import NotFound

from . import assemble, public, selectors
from .labels import labelled_rows


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """产品信息查询: a batch number or trace code shows product, label, standard, release tests, recalls."""
    code = request.GET.get("code", "").strip()
    context: dict = {"code": code, "result": None, "error": ""}
    status = 200
    if code:
        try:
            public.check_rate(public.client_ip(request), code=code)
        except public.RateLimited as exc:
            context["error"], status, retry = exc.message, 429, exc.retry_after
        else:
            context["result"] = public.lookup(code)
            if context["result"] is None:
                context["error"], status = _("未找到已放行的该批次产品"), 404
    response = render(request, "trace/lookup.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(retry)
    return response


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
