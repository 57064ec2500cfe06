"""Sales supervision endpoints, mounted at `/api/v1/sales` (issue 34): the registry of platforms, sellers and
shops, listing sweeps pushed and tied to shops, takedown or correction requests to platforms and their
answers, seller inspections.

Reads are the regulator's, in their jurisdiction (platforms are national reference data). Creates take
an optional client-generated `client_id`: a replay answers with the stored record and writes nothing.
Tying a sweep to shops is a core.jobs job: 202 with `status_url` (the link, its `done` of `rows`).
Seller inspections are scored through the kernel's `/api/v1/checklists/runs/{run_id}/results`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from shouhu.core import access
from shouhu.core.api import ERRORS, Id, Limit, actor, field_labels
from shouhu.labelstore import selectors as sweeps
from shouhu.workflow.obligations.api import summary

from . import selectors, services
from .models import Platform, PlatformRequest, Seller, SellerInspection, Shop, SweepLink
from .schemas import (
    LinkIn,
    LinkOut,
    PlatformIn,
    PlatformOut,
    RequestAnswerIn,
    RequestIn,
    RequestOut,
    SalesInspectionOut,
    SellerIn,
    SellerOut,
    ShopClaimIn,
    ShopIn,
    ShopOut,
    SweepPushIn,
    SweepPushOut,
)

router = Router()
VIEW, REGISTRY, SUPERVISE = "sales.view", "sales.registry", "sales.supervise"


def _platform(p: Platform) -> dict[str, Any]:
    return {f: getattr(p, f, 0) for f in PlatformOut.model_fields}


def _seller(s: Seller) -> dict[str, Any]:
    return {f: getattr(s, f, 0) for f in SellerOut.model_fields}


def _shop(s: Shop) -> dict[str, Any]:
    counts = {"listings": getattr(s, "listings_n", 0), "findings": getattr(s, "findings", 0) or 0}
    plain = {f: getattr(s, f, 0) for f in ShopOut.model_fields if f not in ("platform", *counts)}
    return plain | counts | {"platform": s.platform.name}


def _link(link: SweepLink) -> dict[str, Any]:
    url = reverse("api:sales_link", kwargs={"link_id": link.pk})
    return {f: getattr(link, f) for f in LinkOut.model_fields if f != "status_url"} | {"status_url": url}


def _inspection(i: SellerInspection) -> dict[str, Any]:
    plain = {f: getattr(i, f) for f in SalesInspectionOut.model_fields if f not in ("seller", "opened_on")}
    return plain | {"seller": i.seller.name, "opened_on": i.created_at.date()}


# ---- registry ------------------------------------------------------------------------------------------


@router.get("/platforms", response={200: list[PlatformOut], **ERRORS}, summary=summary(_("网络交易平台")))
def platform_list(request: HttpRequest, limit: Limit = 500) -> list[dict[str, Any]]:
    who = actor(request)
    access.require(who, VIEW)
    return [_platform(p) for p in selectors.platform_list(who)[:limit]]


@router.get(
    "/platforms/{platform_id}", response={200: PlatformOut, **ERRORS}, summary=summary(_("一个网络交易平台"))
)
def platform_detail(request: HttpRequest, platform_id: Id) -> dict[str, Any]:
    who = actor(request)
    access.require(who, VIEW)
    return _platform(selectors.platform_get(who, platform_id))


@router.post("/platforms", response={201: PlatformOut, **ERRORS}, summary=summary(_("登记网络交易平台")))
def platform_create(request: HttpRequest, body: PlatformIn) -> Status:
    with field_labels(PlatformIn):
        return Status(201, _platform(services.platform_create(actor=actor(request), **body.dict())))


@router.get("/sellers", response={200: list[SellerOut], **ERRORS}, summary=summary(_("食品经营者")))
def seller_list(request: HttpRequest, repeat_only: bool = False, limit: Limit = 500) -> list[dict[str, Any]]:
    who = actor(request)
    access.require(who, VIEW)
    return [_seller(s) for s in selectors.seller_list(who, repeat_only=repeat_only)[:limit]]


@router.get("/sellers/{seller_id}", response={200: SellerOut, **ERRORS}, summary=summary(_("一个食品经营者")))
def seller_detail(request: HttpRequest, seller_id: Id) -> dict[str, Any]:
    who = actor(request)
    access.require(who, VIEW)
    return _seller(selectors.seller_detail(who, seller_id))


@router.post("/sellers", response={201: SellerOut, **ERRORS}, summary=summary(_("登记食品经营者")))
def seller_create(request: HttpRequest, body: SellerIn) -> Status:
    with field_labels(SellerIn):
        return Status(201, _seller(services.seller_create(actor=actor(request), **body.dict())))


@router.get("/shops", response={200: list[ShopOut], **ERRORS}, summary=summary(_("网店")))
def shop_list(request: HttpRequest, limit: Limit = 500) -> list[dict[str, Any]]:
    who = actor(request)
    access.require(who, VIEW)
    return [_shop(s) for s in selectors.shop_list(who)[:limit]]


@router.get("/shops/{shop_id}", response={200: ShopOut, **ERRORS}, summary=summary(_("一个网店")))
def shop_detail(request: HttpRequest, shop_id: Id) -> dict[str, Any]:
    who = actor(request)
    access.require(who, VIEW)
    return _shop(selectors.shop_detail(who, shop_id))


@router.post("/shops", response={201: ShopOut, **ERRORS}, summary=summary(_("登记网店")))
def shop_create(request: HttpRequest, body: ShopIn) -> Status:
    who = actor(request)
    access.require(who, REGISTRY)
    data = body.dict()
    platform = selectors.platform_get(who, data.pop("platform_id"))
    seller_id = data.pop("seller_id")
    seller = selectors.seller_get(who, seller_id) if seller_id else None
    with field_labels(ShopIn):
        return Status(201, _shop(services.shop_create(actor=who, platform=platform, seller=seller, **data)))


@router.post(
    "/shops/{shop_id}/claim", response={200: ShopOut, **ERRORS}, summary=summary(_("确认网店的经营者"))
)
def shop_claim(request: HttpRequest, shop_id: Id, body: ShopClaimIn) -> dict[str, Any]:
    """A shop another seller already runs is refused with 409 (`shop.claimed`), nothing changed."""
    who = actor(request)
    access.require(who, REGISTRY)
    shop = selectors.shop_get(who, shop_id)
    seller = selectors.seller_get(who, body.seller_id)
    done = services.shop_claim(actor=who, shop=shop, seller=seller, reason=body.reason)
    return _shop(selectors.shop_detail(who, done.pk))


# ---- sweeps --------------------------------------------------------------------------------------------


@router.post("/sweeps", response={202: SweepPushOut, **ERRORS}, summary=summary(_("推送网络销售商品条目")))
def sweep_push(request: HttpRequest, body: SweepPushIn) -> Status:
    """The rows' columns must name the shop (`shop_id` or `shop_url`, or `columns` maps one): otherwise
    422 `columns.unknown` with `details.expected`, nothing written. The label check runs in the
    background (`status_url`); once it is `done`, POST `link_url` to tie the listings to shops."""
    with field_labels(SweepPushIn):
        sweep = services.sweep_push(
            actor=actor(request), rows=body.rows, columns=body.columns, name=body.name, as_of=body.as_of
        )
    sweep.refresh_from_db()
    return Status(
        202,
        {
            "id": sweep.pk,
            "name": sweep.name,
            "status": sweep.status,
            "rows": sweep.rows,
            "status_url": f"/api/v1/labels/sweeps/{sweep.pk}",
            "link_url": reverse("api:sales_sweep_link", kwargs={"sweep_id": sweep.pk}),
        },
    )


@router.post(
    "/sweeps/{sweep_id}/link",
    response={202: LinkOut, **ERRORS},
    summary=summary(_("排查条目对应网店")),
    url_name="sales_sweep_link",
)
def sweep_link(request: HttpRequest, sweep_id: Id, body: LinkIn) -> Status:
    """Queued (core.jobs): 202 with `status_url`; poll it until `status` is `done` (or `failed`)."""
    who = actor(request)
    access.require(who, SUPERVISE)
    sweep = sweeps.sweep_get(who, sweep_id)
    with field_labels(LinkIn):
        link = services.sweep_link_start(actor=who, sweep=sweep, columns=body.columns)
    link.refresh_from_db()
    return Status(202, _link(link))


@router.get(
    "/links/{link_id}",
    response={200: LinkOut, **ERRORS},
    summary=summary(_("排查条目对应网店的进度与汇总")),
    url_name="sales_link",
)
def link_detail(request: HttpRequest, link_id: Id) -> dict[str, Any]:
    who = actor(request)
    access.require(who, VIEW)
    return _link(selectors.link_get(who, link_id))


# ---- platform requests ---------------------------------------------------------------------------------


@router.post(
    "/shops/{shop_id}/requests",
    response={201: RequestOut, **ERRORS},
    summary=summary(_("向平台发出下架或更正要求")),
)
def request_send(request: HttpRequest, shop_id: Id, body: RequestIn) -> Status:
    """A shop without findings is refused with 422 (`request.no_findings`), nothing written."""
    who = actor(request)
    access.require(who, SUPERVISE)
    shop = selectors.shop_get(who, shop_id)
    with field_labels(RequestIn):
        return Status(
            201,
            services.request_send(
                actor=who, shop=shop, kind=body.kind, listing_ids=body.listing_ids, client_id=body.client_id
            ),
        )


@router.get("/requests", response={200: list[RequestOut], **ERRORS}, summary=summary(_("平台下架更正要求")))
def request_list(request: HttpRequest, open_only: bool = False, limit: Limit = 500) -> list[PlatformRequest]:
    who = actor(request)
    access.require(who, VIEW)
    return list(selectors.request_list(who, open_only=open_only)[:limit])


@router.get(
    "/requests/{request_id}", response={200: RequestOut, **ERRORS}, summary=summary(_("一份下架更正要求"))
)
def request_detail(request: HttpRequest, request_id: Id) -> PlatformRequest:
    who = actor(request)
    access.require(who, VIEW)
    return selectors.request_get(who, request_id)


@router.post(
    "/requests/{request_id}/answer", response={200: RequestOut, **ERRORS}, summary=summary(_("记录平台答复"))
)
def request_answer(request: HttpRequest, request_id: Id, body: RequestAnswerIn) -> PlatformRequest:
    who = actor(request)
    access.require(who, SUPERVISE)
    req = selectors.request_get(who, request_id)
    with field_labels(RequestAnswerIn):
        return services.request_answer(actor=who, request=req, **body.dict())


# ---- seller inspections --------------------------------------------------------------------------------


@router.get(
    "/inspections", response={200: list[SalesInspectionOut], **ERRORS}, summary=summary(_("经营者监督检查"))
)
def inspection_list(request: HttpRequest, limit: Limit = 500) -> list[dict[str, Any]]:
    who = actor(request)
    access.require(who, VIEW)
    return [_inspection(i) for i in selectors.inspection_list(who)[:limit]]


@router.get(
    "/inspections/{inspection_id}",
    response={200: SalesInspectionOut, **ERRORS},
    summary=summary(_("一次经营者监督检查")),
)
def inspection_detail(request: HttpRequest, inspection_id: Id) -> dict[str, Any]:
    who = actor(request)
    access.require(who, VIEW)
    return _inspection(selectors.inspection_get(who, inspection_id))
