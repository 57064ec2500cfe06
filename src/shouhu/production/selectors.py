"""Production reads, scoped to the caller (enterprise staff: their own; regulators: their jurisdiction)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shouhu.core import access

from .models import Batch, Customer, Material, MaterialLot, Product, Record, Shipment, Supplier


def batches(actor: Any) -> QuerySet[Batch]:
    return access.scope(Batch.objects.select_related("product"), actor)


def batch_get(
    actor: Any, *, pk: int | None = None, number: str | None = None, enterprise_id: int | None = None
):
    qs = Batch.objects.select_related("product", "enterprise")
    if pk is not None:
        return access.get_scoped(qs, actor, pk=pk)
    lookup: dict[str, Any] = {"number": number}
    if enterprise_id is not None:
        lookup["enterprise_id"] = enterprise_id
    return access.get_scoped(qs, actor, **lookup)


def lots(actor: Any) -> QuerySet[MaterialLot]:
    return access.scope(MaterialLot.objects.select_related("material", "supplier"), actor)


def lot_get(actor: Any, *, code: str, enterprise_id: int) -> MaterialLot:
    return access.get_scoped(
        MaterialLot.objects.select_related("material", "supplier"),
        actor,
        code=code,
        enterprise_id=enterprise_id,
    )


def by_key(actor: Any, model: type, enterprise_id: int, **lookup: Any) -> Any:
    """One of the enterprise's own objects by its natural key (material code, supplier name …)."""
    return access.get_scoped(model.objects.all(), actor, enterprise_id=enterprise_id, **lookup)


def material(actor: Any, enterprise_id: int, code: str) -> Material:
    return by_key(actor, Material, enterprise_id, code=code)


def supplier(actor: Any, enterprise_id: int, name: str) -> Supplier:
    return by_key(actor, Supplier, enterprise_id, name=name)


def customer(actor: Any, enterprise_id: int, name: str) -> Customer:
    return by_key(actor, Customer, enterprise_id, name=name)


def product(actor: Any, pk: int) -> Product:
    return access.get_scoped(Product.objects.all(), actor, pk=pk)


def shipment(actor: Any, pk: int) -> Shipment:
    return access.get_scoped(Shipment.objects.select_related("batch"), actor, pk=pk)


def records(actor: Any, number: int | None = None) -> QuerySet[Record]:
    qs = access.scope(Record.objects.all(), actor)
    return qs.filter(number=number) if number else qs
