"""Pages: the public consumer look-up (第七十二条; no login, rate-limited), the trace page for staff, and
starting a recall from a batch page (the same `services.recall_start` the API calls)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from shouhu.core import access
from shouhu.core.access import can
from shouhu.core.errors import Conflict, NotFound, ServiceError, ValidationFailed
from shouhu.core.pages import division_param
from shouhu.production import selectors as production
from shouhu.registry.models import Enterprise

from . import assemble, consumer, public, selectors, services, supervision
from .labels import labelled_rows
from .models import Node, RecallLevel, RecallStatus


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
            public.check_rate(public.client_ip(request), code=q["code"])
        except public.RateLimited as exc:
            context["error"], status, retry = exc.message, 429, exc.retry_after
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
    status = request.GET.get("status", "")
    status = status if status in RecallStatus.values else ""
    division = division_param(request)
    rows = (
        selectors.recall_list(request.user, status=status, division=division)
        .annotate(total=Sum("items__quantity"), recovered_total=Sum("items__recovered"))
        .order_by("-started_at")[:200]
    )
    context = {"recalls": rows, "division": division, "status": status}
    return render(request, "trace/recalls.html", context)


@login_required
@require_GET
def recall_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """召回: level, deadlines from the rule data, progress, overdue marks and the regulator's actions."""
    try:
        recall = selectors.recall_get(request.user, pk)
    except NotFound:
        raise Http404 from None
    context = {
        "recall": recall,
        "p": supervision.progress(recall),
        "can_supervise": access.can(request.user, "trace.recall.supervise"),
        "can_manage": access.can(request.user, "trace.recall.manage")
        and recall.status != RecallStatus.COMPLETED,
        "max_note": MAX_NOTE,
    }
    return render(request, "trace/recall_detail.html", context)


MAX_NOTE = 2000


@login_required
@require_POST
def recall_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The acts on a recall, each audited: the enterprise's (notify a customer, record recovered units,
    report to the regulator, complete with the closing report — the same services the API calls) and the
    regulator's (supervise, require correction, accept the closing report)."""
    try:
        recall = selectors.recall_get(request.user, pk)
    except NotFound:
        raise Http404 from None
    note = request.POST.get("note", "").strip()
    acts = {
        "supervise": (
            lambda: services.recall_supervise(actor=request.user, recall=recall, note=note),
            _("已记录监督意见"),
        ),
        "correct": (
            lambda: services.recall_require_correction(actor=request.user, recall=recall, note=note),
            _("已责令改正"),
        ),
        "accept": (
            lambda: services.recall_accept_closing(actor=request.user, recall=recall),
            _("已验收召回总结报告"),
        ),
        "report": (
            lambda: services.recall_report(actor=request.user, recall=recall),
            _("已向监管部门报告召回"),
        ),
        "complete": (
            lambda: services.recall_complete(
                actor=request.user,
                recall=recall,
                disposal=_field(request, "disposal"),
                place=_field(request, "place", 200),
                rectification=_field(request, "rectification"),
            ),
            _("已完成召回并提交总结报告"),
        ),
        "notify": (
            lambda: services.recall_notify(actor=request.user, item=_item(request, recall)),
            _("已通知购货者"),
        ),
        "recover": (
            lambda: services.recall_recover(
                actor=request.user, item=_item(request, recall), quantity=_quantity(request)
            ),
            _("已登记召回数量"),
        ),
    }
    if action not in acts:
        raise Http404
    if len(note) > MAX_NOTE:
        messages.error(request, _("意见超过 %(n)s 字，未保存") % {"n": MAX_NOTE})
        return redirect("trace:recall", pk)
    fn, ok = acts[action]
    try:
        fn()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("trace:recall", pk)


def _field(request: HttpRequest, name: str, limit: int = MAX_NOTE) -> str:
    value = request.POST.get(name, "").strip()
    if not value or len(value) > limit:
        raise ValidationFailed(
            _("请填写%(field)s（不超过 %(n)s 字）"), params={"field": FIELD_LABELS[name], "n": limit}
        )
    return value


FIELD_LABELS = {
    "disposal": _lazy("召回产品处理情况"),
    "place": _lazy("处理地点"),
    "rectification": _lazy("整改措施"),
}


def _item(request: HttpRequest, recall: Any) -> Any:
    """The recall's own item named by the form (another recall's item is not found)."""
    try:
        item = selectors.recall_item_get(request.user, int(request.POST.get("item") or 0))
    except (NotFound, ValueError):
        item = None
    if item is None or item.recall_id != recall.pk:
        raise NotFound(_("未找到"), details={"lookup": {"item": request.POST.get("item", "")}})
    return item


def _quantity(request: HttpRequest) -> Decimal:
    try:
        q = Decimal(request.POST.get("quantity", "").strip())
    except InvalidOperation:
        q = Decimal("NaN")
    if not q.is_finite() or q > MAX_QUANTITY:
        raise ValidationFailed(_("召回数量须为数字"))
    return q


MAX_QUANTITY = Decimal("1e12")


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
