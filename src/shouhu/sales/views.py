"""Regulator pages of sales supervision: sellers and shops per jurisdiction with their findings, platform
requests and their deadlines, repeat offenders, evasion signals, sweep links, buyer ↔ seller matches and
a batch's reach at the shelf. Views parse, call a service or selector, and render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shouhu.core import access
from shouhu.core.errors import NotFound, ServiceError
from shouhu.core.htmx import render_page
from shouhu.core.pages import flash_run, refused
from shouhu.labelstore.selectors import sweep_get

from . import exports, selectors, services
from .matching import FIELDS
from .models import AnswerKind, RequestKind, Seller, SignalStatus


def _guard_object(request: HttpRequest) -> HttpResponse | None:
    """One seller, shop, request or sweep: no enterprise's object, so enterprise staff are told it is not
    found (404, as for any object outside the caller's tenancy) rather than that it exists (403)."""
    if getattr(request.user, "enterprise_id", None) and not access.can(request.user, "sales.view"):
        return render_page(request, "404.html", {}, status=404)
    return _guard(request)


def _guard(request: HttpRequest, permission: str = "sales.view") -> HttpResponse | None:
    try:
        access.require(request.user, permission)
    except ServiceError as exc:
        return refused(request, exc)
    return None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    repeat = request.GET.get("repeat") == "1"
    qs = selectors.seller_list(request.user, repeat_only=repeat)
    if request.GET.get("format") == "xlsx":
        try:
            return exports.sellers_xlsx(qs)
        except ServiceError as exc:
            return refused(request, exc)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "repeat": repeat,
        "open_requests": selectors.request_list(request.user, open_only=True).count(),
        "open_signals": selectors.signal_list(request.user).count(),
        "platforms": selectors.platform_list(request.user),
    }
    return render_page(request, "sales/index.html", context)


@login_required
def seller(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := _guard_object(request)) is not None:
        return denied
    try:
        obj = selectors.seller_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "inspect":
            box: dict[str, Any] = {}

            def start() -> None:
                box["i"] = services.inspection_open(actor=request.user, seller=obj)

            if flash_run(request, start, _("已开始经营者监督检查")):
                return redirect("checklists:run", pk=box["i"].run_id)
        elif action == "escalate":
            flash_run(
                request, lambda: services.seller_escalate(actor=request.user, seller=obj), _("已转为案件线索")
            )
        return redirect("sales:seller", pk=pk)
    context = {
        "seller": obj,
        "shops": selectors.shop_list(request.user, seller=obj),
        "inspections": selectors.inspection_list(request.user, obj),
        "requests": obj.requests.select_related("platform", "shop")[:50],
        "repeats": services.repeat_count(obj),
    }
    return render_page(request, "sales/seller.html", context)


@login_required
def shop(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := _guard_object(request)) is not None:
        return denied
    try:
        obj = selectors.shop_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "request":
            kind = request.POST.get("kind") or RequestKind.TAKEDOWN
            flash_run(request, lambda: services.request_send(actor=request.user, shop=obj, kind=kind),
                      _("已向平台发出要求"))  # fmt: skip
        elif action == "claim":
            try:
                target = selectors.seller_get(request.user, int(request.POST.get("seller") or 0))
            except (ServiceError, ValueError):
                target = None
            if target is None:
                from django.contrib import messages

                messages.error(request, _("未找到该经营者"))
            else:
                flash_run(request, lambda: services.shop_claim(actor=request.user, shop=obj, seller=target,
                                                               reason=_("确认网店的经营者")), _("已确认网店的经营者"))  # fmt: skip
        return redirect("sales:shop", pk=pk)
    page = Paginator(selectors.shop_listings(obj), 50).get_page(request.GET.get("page"))
    sellers = Seller.objects.filter(division_code__startswith=obj.division_code[:4]).order_by("name")[:200]
    context = {"shop": obj, "page": page, "signals": obj.signals.all(), "requests": obj.requests.all(),
               "sellers": sellers, "kinds": RequestKind.choices}  # fmt: skip
    return render_page(request, "sales/shop.html", context)


@login_required
@require_GET
def requests(request: HttpRequest) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    open_only = request.GET.get("all") != "1"
    rows = list(selectors.request_list(request.user, open_only=open_only)[:500])
    now = timezone.now()
    return render_page(request, "sales/requests.html", {"rows": rows, "open_only": open_only, "now": now})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := _guard_object(request)) is not None:
        return denied
    try:
        obj = selectors.request_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "answer":
            flash_run(request, lambda: services.request_answer(
                actor=request.user, request=obj, answer_kind=request.POST.get("answer_kind", ""),
                answer=request.POST.get("answer", "")), _("已记录平台答复"))  # fmt: skip
        elif action == "escalate" and obj.seller is not None:
            flash_run(request, lambda: services.seller_escalate(actor=request.user, seller=obj.seller, request=obj),
                      _("已转为案件线索"))  # fmt: skip
        return redirect("sales:request", pk=pk)
    context = {"req": obj, "overdue": selectors.overdue(obj), "answers": AnswerKind.choices}
    return render_page(request, "sales/request.html", context)


@login_required
def signals(request: HttpRequest) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    if request.method == "POST":
        try:
            sig = selectors.signal_get(request.user, int(request.POST.get("signal") or 0))
        except (ServiceError, ValueError):
            return refused(request, NotFound(_("未找到该对象或无权查看")))
        flash_run(request, lambda: services.signal_review(
            actor=request.user, signal=sig, confirmed=request.POST.get("verdict") == "confirm",
            note=request.POST.get("note", "")), _("已记录核查情况"))  # fmt: skip
        return redirect("sales:signals")
    status = request.GET.get("status", SignalStatus.OPEN)
    rows = selectors.signal_list(request.user, status=status)[:500]
    return render_page(request, "sales/signals.html", {"rows": rows, "status": status,
                                                        "statuses": SignalStatus.choices})  # fmt: skip


@login_required
def sweep_link(request: HttpRequest, sweep_pk: int) -> HttpResponse:
    """Tie a sweep's listings to shops: the column mapping form, then the progress."""
    if (denied := _guard_object(request)) is not None:
        return denied
    try:
        sweep = sweep_get(request.user, sweep_pk)
    except ServiceError as exc:
        return refused(request, exc)
    link = selectors.link_list(request.user).filter(sweep=sweep).first()
    error = None
    if request.method == "POST" and link is None:
        columns = {f: request.POST.get(f"col_{f}", "").strip() for f in FIELDS}
        try:
            link = services.sweep_link_start(actor=request.user, sweep=sweep, columns=columns)
            return redirect("sales:sweep-link", sweep_pk=sweep.pk)
        except ServiceError as exc:
            error = exc
    status = 422 if error else 200
    context = {"sweep": sweep, "link": link, "error": error, "fields": list(FIELDS)}
    return render_page(request, "sales/sweep_link.html", context, status=status)


@login_required
def links(request: HttpRequest) -> HttpResponse:
    if (denied := _guard(request)) is not None:
        return denied
    if request.method == "POST":
        if request.POST.get("action") == "propose":
            flash_run(request, lambda: services.links_propose(actor=request.user), _("已生成候选对应"))
        else:
            try:
                link = selectors.customer_link_get(request.user, int(request.POST.get("link") or 0))
            except (ServiceError, ValueError):
                return refused(request, NotFound(_("未找到该对象或无权查看")))
            confirm = request.POST.get("action") == "confirm"
            flash_run(request, lambda: services.link_decide(actor=request.user, link=link, confirm=confirm),
                      _("已记录"))  # fmt: skip
        return redirect("sales:links")
    rows = selectors.customer_links(request.user)[:200]
    return render_page(request, "sales/links.html", {"rows": rows})


@login_required
@require_GET
def reach(request: HttpRequest) -> HttpResponse:
    """A batch followed to the shelf: which sellers its shipments reached."""
    if (denied := _guard(request)) is not None:
        return denied
    rows, error, batch = None, "", request.GET.get("batch", "").strip()
    if batch:
        try:
            rows = selectors.batch_sellers(request.user, int(batch))
        except (ServiceError, ValueError):
            error = _("未找到该批次或无权查看")
    return render_page(request, "sales/reach.html", {"rows": rows, "error": error, "batch": batch})


@login_required
@require_POST
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    if (denied := _guard(request, "sales.supervise")) is not None:
        return denied
    try:
        obj = selectors.inspection_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    flash_run(
        request, lambda: services.inspection_conclude(actor=request.user, inspection=obj), _("已作出检查结论")
    )
    return redirect("sales:seller", pk=obj.seller_id)
