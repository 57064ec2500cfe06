"""Suppliers, their documents and approval (第三十六条–第四十条); materials and products.

A supplier is approved in its own step, once the documents 第三十七条 requires are on file and in date
(and, for a main-material supplier, the on-site audit of 第三十八条), by the quality organisation
(`production.supplier.approve`, 第三十六条); it may be suspended with a reason, and is then refused at
intake like an unapproved one until it is approved again. A document may carry its scan (workflow
evidence). A product is accepted only with a profile the rules engine can read, because intake, release
and banned-material rules all ask it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.subjects import subject_of

from .. import rulebook
from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import DocumentKind, Material, Product, Supplier, SupplierDocument
from ._common import REQUIRED_DOCS, actor_label, cite, enterprise_for, listing, not_future, own, valid_docs

APPROVE = "production.supplier.approve"


def supplier_create(*, actor: Actor, enterprise: Enterprise | int, **fields: Any) -> Supplier:
    ent = enterprise_for(actor, enterprise)
    for step in ("approved", "approved_on", "approved_by", "suspended", "suspended_on", "suspension_reason"):
        fields.pop(step, None)  # approval and suspension are steps of their own
    return create_record(
        actor=actor,
        instance=Supplier(enterprise=ent, **fields),
        enterprise_id=ent.pk,
        action=A.SUPPLIER_CREATE,
    )


def supplier_document_add(
    *,
    actor: Actor,
    supplier: Supplier,
    content: bytes | None = None,
    filename: str = "",
    **fields: Any,
) -> SupplierDocument:
    """A document on file (第三十七条); with `content`, its scan stored as evidence (PDF, PNG or JPEG)."""
    own(actor, supplier, "supplier")
    not_future(fields.get("issued_on"), "issued_on")
    fields.pop("evidence", None)
    with transaction.atomic():
        if content:
            fields["evidence"] = evidence_create(
                actor=actor,
                content=content,
                name=filename,
                subject=subject_of(supplier),
                note=str(fields.get("kind") or "")[:300],
            )
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
    """Approve a supplier once its documents are on file and in date (第三十七条; 第三十八条 on-site audit),
    by the quality organisation (第三十六条); approving a suspended supplier lifts the suspension."""
    access.require(actor, APPROVE)
    own(actor, supplier, "supplier")
    approved_by = (approved_by or "").strip() or actor_label(actor)
    on = on or today()
    not_future(on, "approved_on")
    have = valid_docs(supplier, on)
    needed = list(REQUIRED_DOCS) + (["onsite_audit"] if main else [])
    missing = [k for k in needed if k not in have]
    if missing:
        raise refuse(
            E.SUPPLIER_DOCUMENTS_MISSING,
            _("供应商审核缺少有效文件：%(missing)s"),
            params={"missing": listing(DocumentKind(k).label for k in missing)},
            field="documents",
            rule="xize2017.art37",
            cite=cite(37, on),
            missing=missing,
        )
    return update_record(
        actor=actor,
        instance=supplier,
        changes={
            "approved": True,
            "approved_on": on,
            "approved_by": approved_by[:64],
            "audit_summary": summary,
            "suspended": False,
            "suspended_on": None,
            "suspension_reason": "",
        },
        enterprise_id=supplier.enterprise_id,
        reason=f"供应商审核通过：{summary}",
        action=A.SUPPLIER_APPROVE,
    )


def supplier_suspend(*, actor: Actor, supplier: Supplier, reason: str, on: date | None = None) -> Supplier:
    """暂停: no lot is accepted from the supplier (第三十六条) until it is approved again; the reason is kept."""
    access.require(actor, APPROVE)
    own(actor, supplier, "supplier")
    on = on or today()
    not_future(on, "suspended_on")
    if supplier.suspended:
        raise refuse(
            E.SUPPLIER_NOT_SUSPENDABLE,
            _("供应商 %(supplier)s 已暂停"),
            params={"supplier": str(supplier)},
            field="supplier",
        )
    return update_record(
        actor=actor,
        instance=supplier,
        changes={"suspended": True, "suspended_on": on, "suspension_reason": (reason or "").strip()},
        enterprise_id=supplier.enterprise_id,
        reason=(reason or "").strip(),
        action=A.SUPPLIER_SUSPEND,
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
