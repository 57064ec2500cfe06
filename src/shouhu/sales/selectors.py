"""Reads of sales supervision, scoped to the caller's jurisdiction (sellers, shops, requests and signals by
their division code; platforms are national reference data), each list in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound
from shouhu.production.models import Shipment
from shouhu.trace.models import Node
from shouhu.trace.selectors import recall_scope

from .models import (
    CustomerLink,
    EvasionSignal,
    LinkState,
    ListingMatch,
    Platform,
    PlatformRequest,
    RequestStatus,
    Seller,
    SellerInspection,
    Shop,
    SignalStatus,
    SweepLink,
)


def _q(actor: Actor) -> Q:
    if not access.can(actor, "sales.view"):
        return Q(pk__in=[])
    return access.owner_q(actor, enterprise_id_field="pk", division_field="division_code")


def _get(qs: QuerySet, actor: Actor, pk: int) -> Any:
    obj = qs.filter(_q(actor)).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("未找到该对象或无权查看"))
    return obj


def platform_list(actor: Actor) -> QuerySet[Platform]:
    if not access.can(actor, "sales.view"):
        return Platform.objects.none()
    return Platform.objects.annotate(
        open_requests=Count("requests", filter=Q(requests__status=RequestStatus.SENT) & _rq(actor))
    )


def platform_get(actor: Actor, pk: int) -> Platform:
    obj = platform_list(actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("未找到该对象或无权查看"))
    return obj


def _rq(actor: Actor) -> Q:
    return access.owner_q(actor, enterprise_id_field="pk", division_field="requests__division_code")


def seller_list(actor: Actor, *, repeat_only: bool = False) -> QuerySet[Seller]:
    """Sellers with their shops, listings with findings, sweeps with findings and requests."""
    qs = Seller.objects.filter(_q(actor)).annotate(
        shop_count=Count("shops", distinct=True),
        flagged=Count("shops__listings", filter=Q(shops__listings__finding_count__gt=0), distinct=True),
        sweeps_flagged=Count(
            "shops__listings__link", filter=Q(shops__listings__finding_count__gt=0), distinct=True
        ),
        request_count=Count("requests", distinct=True),
    )
    if repeat_only:
        from .services._base import param

        threshold = int(param("sales.repeat-threshold").value)
        qs = qs.filter(Q(sweeps_flagged__gte=threshold) | Q(request_count__gte=threshold))
    return qs.order_by("-sweeps_flagged", "-flagged", "name")


def seller_get(actor: Actor, pk: int) -> Seller:
    return _get(Seller.objects.all(), actor, pk)


def seller_detail(actor: Actor, pk: int) -> Seller:
    """One seller with the counts of `seller_list`."""
    return _get(seller_list(actor), actor, pk)


def shop_list(actor: Actor, *, seller: Seller | None = None) -> QuerySet[Shop]:
    qs = Shop.objects.filter(_q(actor)).select_related("platform", "seller")
    if seller is not None:
        qs = qs.filter(seller=seller)
    return qs.annotate(
        listings_n=Count("listings", distinct=True),
        flagged=Count("listings", filter=Q(listings__finding_count__gt=0), distinct=True),
        findings=Sum("listings__finding_count"),
        open_signals=Count("signals", filter=Q(signals__status=SignalStatus.OPEN), distinct=True),
    ).order_by("-flagged", "platform__name", "shop_id")


def shop_get(actor: Actor, pk: int) -> Shop:
    return _get(Shop.objects.select_related("platform", "seller"), actor, pk)


def shop_detail(actor: Actor, pk: int) -> Shop:
    """One shop with the counts of `shop_list`."""
    return _get(shop_list(actor), actor, pk)


def shop_listings(shop: Shop) -> QuerySet[ListingMatch]:
    return (
        ListingMatch.objects.filter(shop=shop, finding_count__gt=0)
        .select_related("link__sweep")
        .order_by("-pk")
    )


def request_list(actor: Actor, *, open_only: bool = False) -> QuerySet[PlatformRequest]:
    qs = PlatformRequest.objects.filter(_q(actor)).select_related("platform", "shop", "seller")
    if open_only:
        qs = qs.filter(status=RequestStatus.SENT)
    return qs.order_by("due_at") if open_only else qs


def request_get(actor: Actor, pk: int) -> PlatformRequest:
    return _get(PlatformRequest.objects.select_related("platform", "shop", "seller"), actor, pk)


def overdue(req: PlatformRequest) -> bool:
    return req.status == RequestStatus.SENT and req.due_at < timezone.now()


def signal_list(actor: Actor, *, status: str = SignalStatus.OPEN) -> QuerySet[EvasionSignal]:
    qs = EvasionSignal.objects.filter(_q(actor)).select_related("shop__platform", "shop__seller")
    return qs.filter(status=status) if status else qs


def signal_get(actor: Actor, pk: int) -> EvasionSignal:
    return _get(EvasionSignal.objects.select_related("shop__platform"), actor, pk)


def link_list(actor: Actor) -> QuerySet[SweepLink]:
    return SweepLink.objects.filter(_q(actor)).select_related("sweep")


def link_get(actor: Actor, pk: int) -> SweepLink:
    return _get(SweepLink.objects.select_related("sweep"), actor, pk)


def customer_links(actor: Actor, *, state: str = LinkState.PROPOSED) -> QuerySet[CustomerLink]:
    qs = CustomerLink.objects.filter(_q(actor)).select_related("customer__enterprise", "seller")
    return qs.filter(state=state) if state else qs


def customer_link_get(actor: Actor, pk: int) -> CustomerLink:
    return _get(CustomerLink.objects.all(), actor, pk)


def inspection_list(actor: Actor, seller: Seller | None = None) -> QuerySet[SellerInspection]:
    qs = SellerInspection.objects.filter(_q(actor)).select_related("seller", "run")
    return qs.filter(seller=seller) if seller is not None else qs


def inspection_get(actor: Actor, pk: int) -> SellerInspection:
    return _get(SellerInspection.objects.select_related("seller", "run"), actor, pk)


def batch_sellers(actor: Actor, batch_id: int) -> list[dict[str, Any]]:
    """The sellers a batch reached (recall reach at the shelf): the batch in the actor's tenancy, its
    shipments forward through trace, each buyer's confirmed seller (in any jurisdiction: a recall must
    reach every shelf) — or the buyer alone where no seller is confirmed yet."""
    from shouhu.production.models import Batch

    if not access.scope(Batch.objects.filter(pk=batch_id), actor).exists():
        raise NotFound(_("未找到该对象或无权查看"))
    scope = recall_scope((Node.BATCH, batch_id))
    ids = [s["shipment_id"] for b in scope["batches"] for s in b["shipments"]]
    ships = Shipment.objects.filter(pk__in=ids).select_related("customer")
    confirmed = CustomerLink.objects.filter(state=LinkState.CONFIRMED, customer_id=OuterRef("customer_id"))
    ships = ships.annotate(linked=Exists(confirmed))
    links = {
        link.customer_id: link.seller
        for link in CustomerLink.objects.filter(
            state=LinkState.CONFIRMED, customer_id__in=[s.customer_id for s in ships]
        ).select_related("seller")
    }
    out: dict[int, dict[str, Any]] = {}
    for s in ships:
        seller = links.get(s.customer_id)
        row = out.setdefault(
            s.customer_id,
            {"customer": s.customer.name, "seller": seller, "quantity": 0, "shipments": 0},
        )
        row["quantity"] += s.quantity
        row["shipments"] += 1
    return sorted(out.values(), key=lambda r: (r["seller"] is None, r["customer"]))
