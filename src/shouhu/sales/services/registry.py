"""Registry writes: platforms, sellers, shops (and which seller runs a shop), buyer ↔ seller matches."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.production.models import Customer

from .. import matching
from ..error_codes import SalesError as E
from ..events import SalesAction as A
from ..models import CustomerLink, LinkState, PermitKind, Platform, Seller, Shop
from ._base import check_division, param, replay, user


def platform_create(
    *,
    actor: Actor,
    name: str,
    operator: str,
    registration_no: str,
    division_code: str,
    contact: str,
    contact_channel: str,
    client_id: Any = None,
) -> Platform:
    access.require(actor, "sales.registry")
    cid, earlier = replay(Platform, actor, client_id)
    if earlier is not None:
        return earlier
    platform = Platform(
        client_id=cid,
        name=name.strip(),
        operator=operator.strip(),
        registration_no=registration_no.strip(),
        division_code=(division_code or "").strip(),
        contact=contact.strip(),
        contact_channel=contact_channel.strip(),
    )
    return create_record(actor=actor, instance=platform, enterprise_id=None, action=A.PLATFORM_CREATE)


def seller_create(
    *,
    actor: Actor,
    name: str,
    permit_kind: str,
    permit_no: str,
    address: str,
    division_code: str,
    uscc: str = "",
    client_id: Any = None,
) -> Seller:
    access.require(actor, "sales.registry")
    cid, earlier = replay(Seller, actor, client_id)
    if earlier is not None:
        return earlier
    division_code = check_division(actor, division_code)
    if permit_kind not in PermitKind.values:
        raise refuse(E.DIVISION_INVALID, _("许可类型无效"), field="permit_kind")
    seller = Seller(
        client_id=cid,
        name=name.strip(),
        uscc=uscc.strip().upper(),
        permit_kind=permit_kind,
        permit_no=permit_no.strip(),
        address=address.strip(),
        division_code=division_code,
    )
    return create_record(actor=actor, instance=seller, enterprise_id=None, action=A.SELLER_CREATE)


def shop_create(
    *,
    actor: Actor,
    platform: Platform,
    shop_id: str,
    name: str,
    division_code: str,
    url: str = "",
    operator_name: str = "",
    operator_uscc: str = "",
    registered_address: str = "",
    seller: Seller | None = None,
    client_id: Any = None,
) -> Shop:
    access.require(actor, "sales.registry")
    cid, earlier = replay(Shop, actor, client_id)
    if earlier is not None:
        return earlier
    division_code = check_division(actor, division_code)
    shop = Shop(
        client_id=cid,
        platform=platform,
        shop_id=shop_id.strip(),
        name=name.strip(),
        url=url.strip(),
        operator_name=operator_name.strip(),
        operator_uscc=operator_uscc.strip().upper(),
        registered_address=registered_address.strip(),
        division_code=division_code,
        seller=seller,
    )
    return create_record(actor=actor, instance=shop, enterprise_id=None, action=A.SHOP_CREATE)


def shop_claim(*, actor: Actor, shop: Shop, seller: Seller, reason: str) -> Shop:
    """Tie a shop to the seller that runs it; a shop another seller already runs is refused (a person
    must first find out which of the two it is — nothing is overwritten)."""
    access.require(actor, "sales.registry")
    with transaction.atomic():
        locked = Shop.objects.select_for_update().get(pk=shop.pk)
        if locked.seller_id == seller.pk:
            return locked
        if locked.seller_id is not None:
            raise refuse(
                E.SHOP_CLAIMED,
                _("该网店已登记为经营者“%(other)s”所有，不能再登记给“%(seller)s”"),
                params={"other": locked.seller.name, "seller": seller.name},
                field="seller",
                error=Conflict,
            )
        return update_record(
            actor=actor,
            instance=locked,
            changes={"seller": seller},
            enterprise_id=None,
            reason=reason or str(_("确认网店的经营者")),
            action=A.SHOP_CLAIM,
        )


def links_propose(*, actor: Actor, division_code: str = "") -> int:
    """Candidate seller for each buyer of the actor's enterprises (not yet decided), by name and address;
    the seller registry searched is the whole platform's (a buyer may sit in another county)."""
    access.require(actor, "sales.registry")
    threshold = float(param("sales.match-min-score").value)
    customers = access.scope(Customer.objects.select_related("enterprise"), actor)
    if division_code:
        customers = customers.filter(enterprise__division_code__startswith=division_code)
    decided = set(CustomerLink.objects.values_list("customer_id", "seller_id"))
    sellers = list(Seller.objects.values_list("pk", "name", "address"))
    keyed = [(pk, matching.normalise_name(n), a) for pk, n, a in sellers]
    new: list[CustomerLink] = []
    for c in customers.iterator(chunk_size=2000):
        cname = matching.normalise_name(c.name)
        best: tuple[float, int] | None = None
        for pk, sname, address in keyed:
            if (c.pk, pk) in decided or matching.dice(cname, sname) < threshold / 2:
                continue
            score = matching.similarity(cname, c.address, sname, address)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, pk)
        if best is not None:
            new.append(
                CustomerLink(
                    customer=c,
                    seller_id=best[1],
                    enterprise_id=c.enterprise_id,
                    division_code=c.enterprise.division_code,
                    score=best[0],
                )
            )
    with transaction.atomic():
        for link in new:
            create_record(actor=actor, instance=link, enterprise_id=link.enterprise_id, action=A.LINK_PROPOSE)
    return len(new)


def link_decide(*, actor: Actor, link: CustomerLink, confirm: bool) -> CustomerLink:
    access.require(actor, "sales.registry")
    if link.state != LinkState.PROPOSED:
        raise refuse(E.LINK_STATE, _("该对应已确认或否定"), error=Conflict)
    if (
        confirm
        and CustomerLink.objects.filter(customer_id=link.customer_id, state=LinkState.CONFIRMED).exists()
    ):
        raise refuse(E.LINK_STATE, _("该购货者已对应到另一经营者"), error=Conflict)
    return update_record(
        actor=actor,
        instance=link,
        changes={
            "state": LinkState.CONFIRMED if confirm else LinkState.REJECTED,
            "decided_by": user(actor),
            "decided_at": timezone.now(),
        },
        enterprise_id=link.enterprise_id,
        reason=str(_("确认为同一经营者") if confirm else _("否定为同一经营者")),
        action=A.LINK_DECIDE,
    )
