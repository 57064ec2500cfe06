"""Platform requests (issue 34.2): a takedown or correction request to a platform with the findings and
their citations, the platform's answer period a kernel obligation owed by an outside party, the answer
recorded, and a repeating seller escalated to a case clue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.labelstore.models import LabelCheck
from shouhu.workflow.obligations.models import Obligation, OwnerKind
from shouhu.workflow.obligations.services import obligation_complete, obligation_create
from shouhu.workflow.publication.services import clue_raise

from ..error_codes import SalesError as E
from ..events import SalesAction as A
from ..models import AnswerKind, ListingMatch, PlatformRequest, RequestKind, RequestStatus, Seller, Shop
from ._base import param, replay, user

PERIOD = "sales.platform-request-working-days"


def _citations() -> list[dict[str, str]]:
    p = param("sales.request-citations")
    return [{"key": k, **{x: str(y) for x, y in v.items()}} for k, v in p.value.items()]


def _findings(shop: Shop, listing_ids: list[int] | None) -> list[dict]:
    qs = ListingMatch.objects.filter(shop=shop, finding_count__gt=0)
    if listing_ids:
        qs = qs.filter(pk__in=listing_ids)
    matches = list(qs.order_by("-pk")[:200])
    checks = {c.pk: c for c in LabelCheck.objects.filter(pk__in=[m.check_id for m in matches])}
    out = []
    for m in matches:
        check = checks.get(m.check_id)
        found = (check.result or {}).get("findings", []) if check else []
        out.append(
            {
                "listing": m.listing_id,
                "title": check.title if check else "",
                "findings": [
                    {
                        "code": f.get("code", ""),
                        "message_zh": (f.get("message") or {}).get("zh", ""),
                        "message_en": (f.get("message") or {}).get("en", ""),
                        "text": (f.get("span") or {}).get("text", ""),
                        "cite": (f.get("basis") or {}).get("citation", ""),
                    }
                    for f in found
                ][:20],
            }
        )
    return out


def request_send(
    *,
    actor: Actor,
    shop: Shop,
    kind: str = RequestKind.TAKEDOWN,
    listing_ids: list[int] | None = None,
    client_id: Any = None,
) -> PlatformRequest:
    """A request about the shop's listings with findings; none → refused, nothing written."""
    access.require(actor, "sales.supervise")
    cid, earlier = replay(PlatformRequest, actor, client_id)
    if earlier is not None:
        return earlier
    if kind not in RequestKind.values:
        raise refuse(E.REQUEST_STATE, _("要求类型无效"), field="kind")
    if not access.can(actor, "sales.view") or not _in_scope(actor, shop.division_code):
        from shouhu.core.errors import NotFound

        raise NotFound(_("未找到该对象或无权查看"))
    findings = _findings(shop, listing_ids)
    if not findings:
        raise refuse(E.NO_FINDINGS, _("该网店没有排查发现的问题，不能发出下架或更正要求"), field="listings")
    period = param(PERIOD)
    with transaction.atomic():
        now = timezone.now()
        number = f"XJ{timezone.localdate():%Y%m%d}-{PlatformRequest.objects.count() + 1:05d}"
        req = create_record(
            actor=actor,
            instance=PlatformRequest(
                client_id=cid,
                number=number,
                kind=kind,
                platform=shop.platform,
                shop=shop,
                seller=shop.seller,
                division_code=shop.division_code,
                findings=findings,
                citations=_citations(),
                due_at=now + dt.timedelta(days=7),  # replaced below by the kernel's working-day due date
                sent_by=user(actor),
            ),
            enterprise_id=None,
            action=A.REQUEST_SEND,
        )
        ob = obligation_create(
            actor=actor,
            subject=req,
            title=str(_("平台答复下架或更正要求 %(n)s") % {"n": number}),
            kind="sales.platform_request",
            rule_id=PERIOD,
            owner_kind=OwnerKind.OUTSIDE,
            owner_party=shop.platform.name,
            unit="working_days",
            amount=int(period.value),
            citation=period.source.cite(),
            notify_owner=False,
        )
        PlatformRequest.objects.filter(pk=req.pk).update(obligation_id=ob.pk, due_at=ob.due_at)
        req.refresh_from_db()
    return req


def _in_scope(actor: Actor, division: str) -> bool:
    from shouhu.workflow.subjects import in_scope

    return in_scope(actor, None, division)


def request_answer(
    *, actor: Actor, request: PlatformRequest, answer_kind: str, answer: str
) -> PlatformRequest:
    access.require(actor, "sales.supervise")
    if request.status != RequestStatus.SENT:
        raise refuse(E.REQUEST_STATE, _("该要求已记录答复"), error=Conflict)
    if answer_kind not in AnswerKind.values:
        raise refuse(E.ANSWER_REQUIRED, _("须选择平台的答复结果"), field="answer_kind")
    if not (answer or "").strip():
        raise refuse(E.ANSWER_REQUIRED, _("须记录平台答复内容"), field="answer")
    with transaction.atomic():
        done = update_record(
            actor=actor,
            instance=request,
            changes={
                "status": RequestStatus.ANSWERED,
                "answer_kind": answer_kind,
                "answer": answer.strip(),
                "answered_at": timezone.now(),
            },
            enterprise_id=None,
            reason=answer.strip()[:200],
            action=A.REQUEST_ANSWER,
        )
        ob = Obligation.objects.filter(pk=request.obligation_id).first()
        if ob is not None:
            obligation_complete(actor=actor, obligation=ob, note=answer.strip()[:200])
    return done


def repeat_count(seller: Seller) -> int:
    """In how many sweeps the seller's shops had findings, or how many requests were sent: the larger."""
    sweeps = (
        ListingMatch.objects.filter(shop__seller=seller, finding_count__gt=0)
        .values("link_id")
        .distinct()
        .count()
    )
    requests = PlatformRequest.objects.filter(seller=seller).aggregate(n=Count("pk"))["n"]
    return max(sweeps, requests)


def seller_escalate(*, actor: Actor, seller: Seller, request: PlatformRequest | None = None) -> int:
    """A repeating seller → a case clue (the kernel's publication clues, which enforcement takes up)."""
    access.require(actor, "sales.supervise")
    threshold = param("sales.repeat-threshold")
    count = repeat_count(seller)
    if count < int(threshold.value):
        raise refuse(
            E.NOT_REPEAT,
            _("该经营者被发现问题 %(n)s 次，未达屡犯标准（%(t)s 次），不能转为案件线索"),
            params={"n": count, "t": threshold.value},
            cite=threshold.source.cite(),
        )
    cites = "；".join(f"《{c.get('doc')}》" for c in _citations())
    with transaction.atomic():
        clue = clue_raise(
            actor=actor,
            source="sales.repeat",
            subject=seller,
            citation=param("sales.request-citations").source.cite() + "；" + threshold.source.cite(),
            summary=str(_("网络销售屡犯：%(name)s（%(n)s 次）") % {"name": seller.name, "n": count})[:300],
            evidence=[{"request": r.number} for r in seller.requests.all()[:20]] or [{"repeats": count}],
            rule_id="sales.repeat-threshold",
        )
        if request is not None:
            update_record(
                actor=actor,
                instance=request,
                changes={"status": RequestStatus.ESCALATED, "clue_id": clue.pk},
                enterprise_id=None,
                reason=cites or "repeat",
                action=A.SELLER_ESCALATE,
            )
    return clue.pk
