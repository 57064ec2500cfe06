"""Suppliers, their documents and approval (第三十六条–第四十条); materials and products.

A supplier is approved in its own step, once the documents 第三十七条 requires are on file and in date
(and, for a main-material supplier, the on-site audit of 第三十八条). A product is accepted only with a
profile the rules engine can read, because intake, release and banned-material rules all ask it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise

from .. import rulebook
from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import Material, Product, Supplier, SupplierDocument
from ._common import REQUIRED_DOCS, cite, enterprise_for, listing, not_future, own, valid_docs


def supplier_create(*, actor: Actor, enterprise: Enterprise | int, **fields: Any) -> Supplier:
    ent = enterprise_for(actor, enterprise)
    fields.pop("approved", None)  # approval is its own step
    return create_record(
        actor=actor,
        instance=Supplier(enterprise=ent, **fields),
        enterprise_id=ent.pk,
        action=A.SUPPLIER_CREATE,
    )


def supplier_document_add(*, actor: Actor, supplier: Supplier, **fields: Any) -> SupplierDocument:
    own(actor, supplier, "supplier")
    not_future(fields.get("issued_on"), "issued_on")
    doc = SupplierDocument(supplier=supplier, **fields)
    return create_record(
        actor=actor, instance=doc, enterprise_id=supplier.enterprise_id, action=A.SUPPLIER_DOCUMENT_ADD
    )


def supplier_approve(
    *,
    actor: Actor,
    supplier: Supplier,
    approved_by: str,
    summary: str,
    on: date | None = None,
    main: bool = False,
) -> Supplier:
    """Approve a supplier once its documents are on file and in date (第三十七条; 第三十八条 on-site audit)."""
    own(actor, supplier, "supplier")
    on = on or today()
    not_future(on, "approved_on")
    have = valid_docs(supplier, on)
    needed = list(REQUIRED_DOCS) + (["onsite_audit"] if main else [])
    missing = [k for k in needed if k not in have]
    if missing:
        raise refuse(
            E.SUPPLIER_DOCUMENTS_MISSING,
            _("供应商审核缺少有效文件：%(missing)s"),
            params={"missing": listing(missing)},
            field="documents",
            rule="xize2017.art37",
            cite=cite(37, on),
            missing=missing,
        )
    return update_record(
        actor=actor,
        instance=supplier,
        changes={"approved": True, "approved_on": on, "approved_by": approved_by, "audit_summary": summary},
        enterprise_id=supplier.enterprise_id,
        reason=f"供应商审核通过：{summary}",
        action=A.SUPPLIER_APPROVE,
    )


def material_create(*, actor: Actor, enterprise: Enterprise | int, **fields: Any) -> Material:
    ent = enterprise_for(actor, enterprise)
    fields["tags"] = sorted({str(t) for t in fields.get("tags") or []})
    return create_record(
        actor=actor,
        instance=Material(enterprise=ent, **fields),
        enterprise_id=ent.pk,
        action=A.MATERIAL_CREATE,
    )


def product_create(*, actor: Actor, enterprise: Enterprise | int, **fields: Any) -> Product:
    """A product whose profile the rules engine can read (category, 表1 variety, standard, attributes)."""
    ent = enterprise_for(actor, enterprise)
    profile = Product(
        **{
            k: v
            for k, v in fields.items()
            if k in {"category", "variety", "standard", "processes", "attributes"}
        }
    ).profile
    try:
        rulebook.validate_profile(profile, today())
    except ValueError as exc:  # the engine's ProfileError names the key and the valid values
        raise refuse(
            E.PRODUCT_PROFILE,
            _("产品属性无效：%(problem)s"),
            params={"problem": str(exc)},
            field=getattr(exc, "key", "profile"),
        ) from None
    return create_record(
        actor=actor,
        instance=Product(enterprise=ent, **fields),
        enterprise_id=ent.pk,
        action=A.PRODUCT_CREATE,
    )
