"""Contract oversight pages: the enterprise's contracts on both sides (the 委托方's to register, the
受托方's to serve), one contract as the caller's side sees it with that side's actions, and the regulator's
table of its jurisdiction's contracts, runs and reports due and overdue. Views only parse, call, render;
a refusal is flashed with its reason and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shouhu.core import access
from shouhu.core.errors import ServiceError, refuse
from shouhu.core.htmx import render_page
from shouhu.core.pages import flash_run, refused, run_action
from shouhu.registry import selectors as registry_selectors

from . import selectors, services
from .error_codes import ContractError as E


def _day(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise refuse(E.AUDIT_DATE, _("日期格式应为 YYYY-MM-DD"), field=field) from None


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not getattr(user, "enterprise_id", None):
        if request.method == "GET" and access.can(user, "contract.supervise"):
            return redirect("contract:supervise")
        return render_page(request, "403.html", {}, status=403)
    if request.method == "POST":
        if not access.can(user, "contract.manage"):
            return render_page(request, "403.html", {}, status=403)
        p = request.POST
        scope = [
            {"category": c.split("|", 1)[0], "variety": c.split("|", 1)[-1]} for c in p.getlist("scope") if c
        ]
        flash_run(
            request,
            lambda: services.agreement_create(
                actor=user,
                contract_id=_int(p.get("contract", "")),
                scope=scope,
                quality_terms=p.get("quality_terms", ""),
                products=p.get("products", ""),
            ),
            str(_("已登记委托生产范围与质量责任")),
        )
        return redirect("contract:home")
    agreements = list(selectors.agreement_list(user))
    registered = {a.contract_id for a in agreements}
    open_contracts = [
        c
        for c in registry_selectors.contract_list(user).filter(
            principal_id=user.enterprise_id, status="confirmed"
        )
        if c.pk not in registered
    ]
    from shouhu.core import regulation

    varieties = [
        (f"{cat}|{v}", f"{cat} {v}") for cat, vs in sorted(regulation.engine().varieties.items()) for v in vs
    ]
    return render_page(
        request,
        "contract/home.html",
        {
            "given": [a for a in agreements if a.principal_id == user.enterprise_id],
            "taken": [a for a in agreements if a.manufacturer_id == user.enterprise_id],
            "open_contracts": open_contracts,
            "varieties": varieties,
            "can_manage": access.can(user, "contract.manage"),
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        data = selectors.detail(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    data["batches"] = (
        services.batches_to_declare(request.user, data["agreement"])
        if access.can(request.user, "contract.run.record")
        else []
    )
    data["can_manage"] = access.can(request.user, "contract.manage")
    data["p"], data["m"] = data["side"] == "principal", data["side"] == "manufacturer"
    return render_page(request, "contract/detail.html", data)


def _actions(request: HttpRequest, pk: int) -> dict[str, Any]:
    u, p = request.user, request.POST
    manage = "contract.manage"
    return {
        "qualify": (
            lambda: services.qualification_start(
                actor=u,
                agreement=pk,
                documents={
                    k: _int(p.get(k)) for k in ("licence", "business_licence", "quality_system") if p.get(k)
                },
                auditors=p.get("auditors", ""),
            ),
            str(_("已开始资质审核，请按现场审核表逐项评分")),
            manage,
        ),
        "decide": (
            lambda: services.qualification_decide(
                actor=u,
                qualification=_int(p.get("qualification")),
                passed=p.get("passed") == "1",
                note=p.get("note", ""),
            ),
            str(_("已作出资质审核结论")),
            manage,
        ),
        "audit": (
            lambda: services.audit_open(actor=u, agreement=pk, auditors=p.get("auditors", "")),
            str(_("已开始现场审核")),
            manage,
        ),
        "close": (
            lambda: services.audit_close(actor=u, audit=_int(p.get("audit"))),
            str(_("现场审核已完成")),
            manage,
        ),
        "rectify": (
            lambda: services.finding_rectify(
                actor=u,
                agreement=pk,
                finding_id=_int(p.get("finding")),
                due_on=_day(p.get("due_on", ""), "due_on"),
            ),
            str(_("已下达整改要求")),
            manage,
        ),
        "answer": (
            lambda: services.finding_answer(
                actor=u,
                agreement=pk,
                rectification_id=_int(p.get("rectification")),
                answer=p.get("answer", ""),
            ),
            str(_("已提交整改情况")),
            manage,
        ),
        "accept": (
            lambda: services.finding_decide(
                actor=u,
                agreement=pk,
                rectification_id=_int(p.get("rectification")),
                accept=p.get("accept") == "1",
                note=p.get("note", ""),
            ),
            str(_("已作出整改验收决定")),
            manage,
        ),
        "run": (
            lambda: services.run_record(actor=u, agreement=pk, batch_id=_int(p.get("batch"))),
            str(_("已登记委托生产批次")),
            "contract.run.record",
        ),
        "release": (
            lambda: services.run_decide(
                actor=u, run=_int(p.get("run")), release=p.get("release") == "1", note=p.get("note", "")
            ),
            str(_("已作出委托方放行决定")),
            manage,
        ),
        "label": (
            lambda: services.label_review(actor=u, agreement=pk, text=p.get("text", "")),
            str(_("已核对标签")),
            manage,
        ),
        "report": (
            lambda: services.report_file(
                actor=u, agreement=pk, obligation_id=_int(p.get("obligation")), note=p.get("note", "")
            ),
            str(_("已记录向监管部门报告")),
            manage,
        ),
        "end": (
            lambda: services.agreement_end(
                actor=u, agreement=pk, on=_day(p.get("on", ""), "on"), reason=p.get("reason", "")
            ),
            str(_("已终止委托生产")),
            manage,
        ),
    }


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    done = run_action(
        request, _actions(request, pk), action, load=lambda: selectors.agreement_get(request.user, pk)
    )
    return done or redirect("contract:detail", pk)


@login_required
@require_GET
def supervise(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "contract.supervise"):
        return render_page(request, "403.html", {}, status=403)
    rows = selectors.supervision(request.user)
    return render_page(request, "contract/supervise.html", {"rows": rows})
