"""Pages: the public consumer look-up (第七十二条; no login, rate-limited) and the trace page for staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shouhu.core.errors import Conflict, NotFound
from shouhu.registry.models import Enterprise

from . import assemble, consumer, public, selectors
from .labels import labelled_rows


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """产品信息查询: a trace code, or a batch number with the producer, licence number or product on the package.

    A batch number several enterprises print is answered with the candidates (product, producer) and a
    question, never with one of them (`trace.consumer`).
    """
    q = {k: request.GET.get(k, "").strip() for k in ("code", "producer", "licence", "product")}
    context: dict = {**q, "result": None, "candidates": [], "error": ""}
    status = 200
    if q["code"]:
        try:
            public.check_rate(public.client_ip(request))
        except public.RateLimited as exc:
            context["error"], status = exc.message, 429
        else:
            found = consumer.resolve(
                q["code"], producer=q["producer"], licence=q["licence"], product=q["product"]
            )
            context["result"], context["candidates"] = found.result, found.candidates
            if found.ambiguous:
                context["error"] = _(
                    "该生产批号对应多个产品，请同时输入包装上的生产企业、许可证编号或产品名称"
                )
            elif found.result is None:
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
            owner = found.nodes.get(found.start, {}).get("enterprise_id")
            context["trace_enterprise"] = (
                Enterprise.objects.filter(pk=owner).values_list("name", flat=True).first() or ""
            )
        except NotFound as exc:
            context["error"], status = exc.message, 404
        except Conflict as exc:  # several enterprises' batches share the number: offer each, by name
            context["error"], context["candidates"] = exc.message, exc.details.get("candidates", [])
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
