"""HACCP endpoints, mounted at `/api/v1/haccp`: plans in force with their CCPs (what an MES needs to send
readings), CCP readings in bulk (all or nothing, one ledger entry per request), closing a deviation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from shouhu.core import access
from shouhu.core.api import ERRORS, Id, actor
from shouhu.core.bulkjson import openapi_body, read_body
from shouhu.workflow.obligations.api import summary

from . import selectors, services
from .models import Plan, PlanProduct
from .schemas import HaccpBatchOut, HaccpCloseIn, HaccpDeviationOut, HaccpPlanOut, HaccpReadingsIn
from .services._common import products_of

router = Router()


def _plan(p: Plan, detail: bool = False, more: list[int] | None = None) -> dict[str, Any]:
    v = selectors.in_force(p)
    out = {
        "id": p.pk,
        "enterprise_id": p.enterprise_id,
        "product_id": p.product_id,
        "family": p.family,
        "product_ids": products_of(p.pk) if more is None else [x for x in (p.product_id, *more) if x],
        "title": p.title,
        "version": v.number if v else None,
        "signed_at": v.signed_at if v else None,
        "ccps": [],
    }
    if detail and v is not None:
        out["ccps"] = [
            {
                "id": c.pk,
                "code": c.code,
                "step": c.step.name,
                "parameter": c.parameter,
                "unit": c.unit,
                "limit_min": c.limit_min,
                "limit_max": c.limit_max,
                "rule_min": c.rule_min,
                "rule_max": c.rule_max,
                "basis": c.basis,
                "document": c.document,
                "times": c.times,
                "per": c.per,
            }
            for c in v.ccps.select_related("step")
        ]
    return out


@router.get("/plans", response={200: list[HaccpPlanOut], **ERRORS}, summary=summary(_("HACCP计划")))
def plan_list(request: HttpRequest) -> list[dict[str, Any]]:
    who = actor(request)
    access.require(who, "haccp.view")
    plans = list(selectors.plan_list(who)[:500])
    more: dict[int, list[int]] = {}
    for plan_id, product_id in PlanProduct.objects.filter(plan__in=plans).values_list(
        "plan_id", "product_id"
    ):
        more.setdefault(plan_id, []).append(product_id)
    return [_plan(p, more=more.get(p.pk, [])) for p in plans]


@router.get(
    "/plans/{plan_id}",
    response={200: HaccpPlanOut, **ERRORS},
    summary=summary(_("现行HACCP计划及关键控制点")),
)
def plan_detail(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    return _plan(selectors.plan_get(actor(request), plan_id), detail=True)


@router.post(
    "/readings",
    response={201: HaccpBatchOut, **ERRORS},
    summary=summary(_("推送关键控制点监控读数")),
    openapi_extra=openapi_body(HaccpReadingsIn),
)
def readings_push(request: HttpRequest) -> tuple[int, Any]:
    """The body is read once and each item checked by plain code (`core.bulkjson`), not by a pydantic model
    per reading; the documented schema is `HaccpReadingsIn`'s."""
    who = actor(request)
    body = read_body(request, items_max=services.MAX_ITEMS)
    return 201, services.readings_record(actor=who, items=body["items"])


@router.post(
    "/deviations/{deviation_id}/close",
    response={200: HaccpDeviationOut, **ERRORS},
    summary=summary(_("偏离纠偏并处置")),
)
def deviation_close(request: HttpRequest, deviation_id: Id, body: HaccpCloseIn) -> Any:
    who = actor(request)
    access.require(who, "haccp.dispose")
    return services.deviation_close(actor=who, deviation=deviation_id, **body.dict())
