"""Production reads, scoped to the caller (enterprise staff: their own; regulators: their jurisdiction).

Also the reads the services and other apps ask without a caller (`release_check`, `enterprise_profiles`,
`retention_until`): they take an object the caller already holds, so tenancy was decided when it was got.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from shouhu.core import access, hooks, ledger
from shouhu.core.access import Actor
from shouhu.registry.models import LicenceItem

from . import rulebook
from .models import (
    Batch,
    CCPRecord,
    Clearance,
    Customer,
    Material,
    MaterialLot,
    Product,
    Record,
    ReleaseTest,
    Shipment,
    Supplier,
)


def batch_list(actor: Actor) -> QuerySet[Batch]:
    return access.scope(Batch.objects.select_related("product"), actor)


def batch_get(
    actor: Actor, *, pk: int | None = None, number: str | None = None, enterprise_id: int | None = None
) -> Batch:
    qs = Batch.objects.select_related("product", "enterprise")
    if pk is not None:
        return access.get_scoped(qs, actor, pk=pk)
    lookup: dict[str, Any] = {"number": number}
    if enterprise_id is not None:
        lookup["enterprise_id"] = enterprise_id
    return access.get_scoped(qs, actor, **lookup)


def lot_list(actor: Actor) -> QuerySet[MaterialLot]:
    return access.scope(MaterialLot.objects.select_related("material", "supplier"), actor)


def lot_get(actor: Actor, *, code: str, enterprise_id: int) -> MaterialLot:
    return access.get_scoped(
        MaterialLot.objects.select_related("material", "supplier"),
        actor,
        code=code,
        enterprise_id=enterprise_id,
    )


def lot_by_pk(actor: Actor, *, pk: int) -> MaterialLot:
    return access.get_scoped(MaterialLot.objects.select_related("material", "supplier"), actor, pk=pk)


def lot_requirements(lot: MaterialLot) -> list[rulebook.Requirement]:
    """What the rules in force on the day of receipt ask of the lot (the form a correction re-judges by)."""
    return rulebook.intake_requirements(
        tags=lot.material.tags,
        imported=lot.supplier.imported,
        profiles=enterprise_profiles(lot.enterprise_id),
        on=lot.received_on,
    )


def lot_uses(lot: MaterialLot) -> QuerySet[Any]:
    """The batches a lot went into (配料, 附件1 #17), each consumption with its batch, oldest first."""
    from .models import Consumption

    return Consumption.objects.filter(lot=lot).select_related("batch").order_by("at", "pk")


def lot_nonconforming(lot: MaterialLot) -> QuerySet[Any]:
    from .models import NonConforming

    return NonConforming.objects.filter(lot=lot).order_by("pk")


def _by_key(actor: Actor, model: type[Model], enterprise_id: int, **lookup: Any) -> Any:
    """One of the enterprise's own objects by its natural key (material code, supplier name …)."""
    return access.get_scoped(model.objects.all(), actor, enterprise_id=enterprise_id, **lookup)


def material_get(actor: Actor, *, enterprise_id: int, code: str) -> Material:
    return _by_key(actor, Material, enterprise_id, code=code)


def supplier_get(actor: Actor, *, enterprise_id: int, name: str) -> Supplier:
    return _by_key(actor, Supplier, enterprise_id, name=name)


def customer_get(actor: Actor, *, enterprise_id: int, name: str) -> Customer:
    return _by_key(actor, Customer, enterprise_id, name=name)


def product_get(actor: Actor, *, pk: int) -> Product:
    return access.get_scoped(Product.objects.all(), actor, pk=pk)


def shipment_get(actor: Actor, *, pk: int) -> Shipment:
    return access.get_scoped(Shipment.objects.select_related("batch"), actor, pk=pk)


def record_list(actor: Actor, number: int | None = None) -> QuerySet[Record]:
    qs = access.scope(Record.objects.all(), actor)
    return qs.filter(number=number) if number else qs


def record_get(actor: Actor, *, pk: int) -> Record:
    return access.get_scoped(Record.objects.all(), actor, pk=pk)


def release_test_get(actor: Actor, *, pk: int) -> ReleaseTest:
    return access.get_scoped(ReleaseTest.objects.select_related("batch__product"), actor, pk=pk)


def ccp_record_get(actor: Actor, *, pk: int) -> CCPRecord:
    return access.get_scoped(CCPRecord.objects.select_related("batch__product"), actor, pk=pk)


def clearance_get(actor: Actor, *, pk: int) -> Clearance:
    return access.get_scoped(Clearance.objects.select_related("batch__product"), actor, pk=pk)


def enterprise_profiles(enterprise_id: int) -> list[dict[str, Any]]:
    """The product profiles an enterprise makes: its products, else its licensed categories."""
    profiles = [p.profile for p in Product.objects.filter(enterprise_id=enterprise_id)]
    if profiles:
        return profiles
    cats = LicenceItem.objects.filter(licence__enterprise_id=enterprise_id).values_list("category", flat=True)
    return [{"category": c, "attributes": {}, "processes": []} for c in sorted(set(cats))]


def release_check(batch: Batch) -> dict[str, Any]:
    """What stands between a batch and release: required items with their latest result, retention sample."""
    items = [i for i in rulebook.release_items(batch.product.profile, batch.produced_on) if not i.optional]
    latest: dict[str, ReleaseTest] = {}
    for t in batch.tests.order_by("tested_on", "pk"):
        latest[t.rule_id or t.item] = t
        latest[t.item] = t
    rows, missing, failed = [], [], []
    for item in items:
        t = latest.get(item.rule_id) or latest.get(item.name)
        rows.append(
            {
                "item": item.name,
                "rule": item.rule_id,
                "cite": item.cite,
                "method": item.method,
                "result": t.result if t else None,
                "passed": bool(t and t.passed),
                "report_no": t.report_no if t else None,
            }
        )
        if t is None:
            missing.append(item)
        elif not t.passed:
            failed.append(item)
    return {
        "items": rows,
        "missing": missing,
        "failed": failed,
        "retention": batch.retention_samples.exists(),
        # what an app above asks the releasing person to weigh (core.hooks.release_flags: clean-room deviations)
        "flags": hooks.release_flags(batch.pk),
    }


def retention_until(batch: Batch) -> date:
    """The earliest day a batch's records may leave storage: shelf life + N months (第七十条, rule data)."""
    months = int(rulebook.param_value("retention.months-after-shelf-life", batch.produced_on))
    y, m = divmod(batch.expires_on.month - 1 + months, 12)
    year, month = batch.expires_on.year + y, m + 1
    return date(year, month, min(batch.expires_on.day, calendar.monthrange(year, month)[1]))


def signatures_on(obj: Model) -> QuerySet[Any]:
    """The workflow kernel's signatures on a record (a batch's release, a supplier's approval)."""
    from shouhu.workflow.checklists.models import Signature

    return (
        Signature.objects.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk))
        .select_related("signer")
        .order_by("pk")
    )


def release_signatures(batch: Batch) -> QuerySet[Any]:
    """The signatures on a batch (the release is signed in the workflow kernel by the releasing person)."""
    return signatures_on(batch)


def supplier_by_pk(actor: Actor, *, pk: int) -> Supplier:
    return access.get_scoped(Supplier.objects.all(), actor, pk=pk)


def supplier_list(actor: Actor) -> QuerySet[Supplier]:
    """Suppliers with their documents (one prefetch), for the suppliers page."""
    return access.scope(Supplier.objects.prefetch_related("documents"), actor).order_by("name")


def nonconforming_list(actor: Actor) -> QuerySet[Any]:
    from .models import NonConforming

    return access.scope(NonConforming.objects.select_related("batch", "lot"), actor).order_by(
        "-found_on", "-pk"
    )


def released_flags(batch: Batch) -> list[Any]:
    """Non-conforming records opened on a batch after its release (a record corrected to failing,
    `services.corrections`): the batch stays released, the quality manager weighs a recall. No query for
    a batch not released."""
    from .models import RELEASED_PENDING, BatchStatus, NonConforming

    if batch.status != BatchStatus.RELEASED or batch.released_on is None:
        return []
    return list(NonConforming.objects.filter(batch=batch, disposition=RELEASED_PENDING).order_by("pk"))


def nonconforming_get(actor: Actor, *, pk: int) -> Any:
    from .models import NonConforming

    return access.get_scoped(NonConforming.objects.all(), actor, pk=pk)


# ---- versions of a record (第七十条): the ledger entries about it, oldest first ---------------------------
Value = Callable[[dict[str, Any], str], Any]


def plain(after: dict[str, Any], key: str) -> Any:
    """A snapshot value as a page shows it (a verdict in words, an empty value as a dash)."""
    value = after.get(key)
    if isinstance(value, bool):
        return _("合格") if value else _("不合格")
    return "—" if value in (None, "") else value


def versions(obj: Model, fields: Sequence[tuple[str, Any]], value: Value = plain) -> list[dict[str, Any]]:
    """Every version of `obj` from the ledger, oldest first: who, when, why, and (label, value, changed)."""
    out: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for entry in ledger.history(obj):
        after = entry.after or {}
        values = {key: value(after, key) for key, _label in fields}
        out.append(
            {
                "at": entry.at,
                "by": entry.actor_label,
                "action": entry.action,
                "reason": entry.reason,
                "rows": [
                    (label, values[key], previous is not None and previous[key] != values[key])
                    for key, label in fields
                ],
            }
        )
        previous = values
    return out
