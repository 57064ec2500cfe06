"""What every production service shares, private to the package: tenancy, quantities, dates, stock moves.

Stock moves by conditional UPDATE (`WHERE on_hand >= q`) so that two concurrent consumers can never take
the same kilogram twice (the CHECK constraint is the last line of defence); every move is a `StockMove`
row (库房保管记录, 附件1 #27). Views and the API never call these: they call the public services.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.i18n import is_english
from shouhu.core.regulation import today
from shouhu.registry.models import Enterprise, Person

from .. import rulebook
from ..error_codes import ProductionError as E
from ..models import Batch, MaterialLot, StockMove, Supplier

WRITE = "production.record"
RELEASE = "production.batch.release"
REQUIRED_DOCS = ("licence", "quality_standard", "inspection_report")  # 第三十七条
cite = rulebook.article_cite


def _join(items: list[str]) -> str:
    return (", " if is_english() else "、").join(items)


_lazy_join = lazy(_join, str)


def listing(items: Iterable[Any]) -> Promise:
    """A list for a message, joined the way the active language joins lists (、 or ,)."""
    return _lazy_join([str(i) for i in items])


def qty(value: Any, field: str = "quantity") -> Decimal:
    try:
        q = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise refuse(E.QUANTITY_INVALID, _("数量无效"), field=field) from None
    if not q.is_finite() or q <= 0:
        raise refuse(E.QUANTITY_NOT_POSITIVE, _("数量必须大于零"), field=field)
    return q.quantize(Decimal("0.001"))


def aware(value: datetime) -> datetime:
    """A naive moment from an enterprise system is read in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def not_future(value: date | datetime | None, field: str) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        value = aware(value)
    # a moment is compared with now (a few minutes' clock skew allowed), a day with today in Asia/Shanghai
    if value > (timezone.now() + timedelta(minutes=5) if isinstance(value, datetime) else today()):
        raise refuse(
            E.DATE_FUTURE,
            _("%(field)s 日期不能晚于今天"),
            params={"field": field},
            field=field,
            rule="xize2017.art70",
            cite=cite(70),
        )


def use_day(at: date | datetime) -> tuple[date | datetime, date]:
    """(the moment made aware, its day in Asia/Shanghai) for a batching time."""
    at = aware(at) if isinstance(at, datetime) else at
    return at, (timezone.localtime(at).date() if isinstance(at, datetime) else at)


def enterprise_for(actor: Actor, enterprise: Enterprise | int) -> Enterprise:
    access.require(actor, WRITE)
    pk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)


def own(actor: Actor, obj: Any, what: str) -> None:
    """A write on `obj` must be by someone acting for its enterprise."""
    access.require(actor, WRITE)
    if not access.scope(
        Enterprise.objects.filter(pk=obj.enterprise_id), actor, enterprise_field=None
    ).exists():
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {what: str(obj.pk)}})


def same_enterprise(enterprise_id: int, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and obj.enterprise_id != enterprise_id:
            raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"id": str(obj.pk)}})


def actor_label(actor: Actor | None) -> str:
    return getattr(actor, "actor_label", "") or str(actor or "")


def move(
    *,
    enterprise_id: int,
    kind: str,
    quantity: Decimal,
    lot: MaterialLot | None = None,
    batch: Batch | None = None,
    ref: str = "",
    actor: Actor | None = None,
) -> Decimal:
    """Change a lot's or batch's stock by `quantity` (negative = out) with a conditional UPDATE."""
    model, obj = (MaterialLot, lot) if lot is not None else (Batch, batch)
    qs = model.objects.filter(pk=obj.pk)
    if quantity < 0:
        qs = qs.filter(on_hand__gte=-quantity)
    if qs.update(on_hand=F("on_hand") + quantity) != 1:
        on_hand = model.objects.filter(pk=obj.pk).values_list("on_hand", flat=True).first()
        raise refuse(
            E.STOCK_INSUFFICIENT,
            _("库存不足：%(stock)s 库存 %(on_hand)s，需要 %(need)s"),
            params={"stock": str(obj), "on_hand": on_hand, "need": -quantity},
            field="quantity",
            rule="xize2017.art51",
            cite=cite(51),
            on_hand=str(on_hand),
            requested=str(-quantity),
        )
    balance = model.objects.filter(pk=obj.pk).values_list("on_hand", flat=True).get()
    obj.on_hand = balance
    StockMove.objects.create(
        enterprise_id=enterprise_id,
        lot=lot,
        batch=batch,
        kind=kind,
        quantity=quantity,
        balance=balance,
        ref=ref,
        actor_label=actor_label(actor),
    )
    return balance


def valid_docs(supplier: Supplier, on: date) -> set[str]:
    return set(
        supplier.documents.filter(issued_on__lte=on)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .values_list("kind", flat=True)
    )


def refuse_banned(refusals: list[rulebook.Refusal], field: str = "material") -> None:
    if refusals:
        first = refusals[0]
        raise refuse(
            E.MATERIAL_BANNED,
            _("禁止使用%(material)s：%(cite)s（%(rule)s）"),
            params={
                "material": rulebook.TAG_ZH.get(first.tag, first.tag),
                "cite": first.cite,
                "rule": first.rule_id,
            },
            field=field,
            rule=first.rule_id,
            cite=first.cite,
            rules=[{"rule": r.rule_id, "cite": r.cite, "tag": r.tag} for r in refusals],
        )


def person(enterprise_id: int, who: Person | int, field: str) -> Person:
    pk = who.pk if isinstance(who, Person) else who
    found = Person.objects.filter(pk=pk, enterprise_id=enterprise_id).first()
    if found is None:
        raise refuse(E.PERSON_UNKNOWN, _("%(field)s不是本企业人员"), params={"field": field}, field=field)
    return found
