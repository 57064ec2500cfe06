"""The credit file (信用档案) pages: an enterprise's whole file for its staff and its regulators (repair
applications, their review, removal from the 失信 list), and the public pages — the credit page (what the
rules make public, for as long as they say) and the typical cases — which need no login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shouhu.core import access
from shouhu.core.errors import ServiceError
from shouhu.core.pages import refused, run_action

from . import selectors, services
from .models import RepairStatus
from .services.credit import repair_waits_until


@login_required
@require_GET
def credit_file(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = request.user
    try:
        enterprise = selectors.enterprise_get(user, enterprise_id)
    except ServiceError as exc:
        return refused(request, exc)
    data = selectors.credit_file(enterprise)
    for c in data["penalties"]:
        c.repair_from = repair_waits_until(c) if c.shown else None
    return render(
        request,
        "enforcement/credit.html",
        {
            **data,
            "can_apply": access.can(user, "enforcement.repair.apply"),
            "can_approve": access.can(user, "enforcement.approve"),
            "regulator": access.can(user, "enforcement.view"),
            "pending": RepairStatus.PENDING,
        },
    )


def _flag(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


@login_required
@require_POST
def credit_action(request: HttpRequest, enterprise_id: int, action: str) -> HttpResponse:
    user, post = request.user, request.POST
    actions: dict[str, tuple[Any, str, str]] = {
        "repair": (
            lambda: services.repair_apply(
                actor=user,
                case=post.get("case", ""),
                harm_removed=post.get("harm_removed", ""),
                commitment=post.get("commitment", ""),
            ),
            _("信用修复申请已提交"),
            "enforcement.repair.apply",
        ),
        "review": (
            lambda: services.repair_decide(
                actor=user,
                repair=post.get("repair", ""),
                approve=_flag(post.get("approve", "")),
                note=post.get("note", ""),
            ),
            _("已作出信用修复决定"),
            "enforcement.approve",
        ),
        "unlist": (
            lambda: services.list_remove(
                actor=user,
                entry=post.get("entry", ""),
                early=post.get("early") == "1",
                reason=post.get("reason", ""),
            ),
            _("已移出严重违法失信名单"),
            "enforcement.approve",
        ),
    }
    refusal = run_action(request, actions, action, load=lambda: selectors.enterprise_get(user, enterprise_id))
    return refusal or redirect("enforcement:credit", enterprise_id)


@require_GET
def public_credit(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    """No login: shown penalties, current 失信 list entries and published inspection results."""
    from shouhu.registry.models import Enterprise

    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    if enterprise is None:
        return render(request, "404.html", status=404)
    return render(request, "enforcement/public_credit.html", selectors.public_credit(enterprise))


@require_GET
def public_typical(request: HttpRequest) -> HttpResponse:
    return render(
        request, "enforcement/public_typical.html", {"cases": list(selectors.typical_public()[:100])}
    )
