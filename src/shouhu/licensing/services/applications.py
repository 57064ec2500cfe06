"""The applicant's writes: create an application (新办 / 变更 / 延续), fill it (products, equipment, staff,
zones, documents, trial reports) while it is a draft or returned, and submit it.

Each write locks the application, asks the transition table whether its state allows the change, and
writes the ledger in the same transaction; a refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.regulation import engine as rules_engine
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise, Licence

from .. import uploads
from ..error_codes import LicensingError as E
from ..events import LicensingAction as A
from ..models import (
    APPLICATION_FLOW,
    Application,
    ApplicationKind,
    ApplicationStatus,
    AppliedProduct,
    Document,
    Equipment,
    Staff,
    TrialReport,
    Zone,
)
from ..selectors import rules_date
from ._base import app_for, editable, move

APPLICATION_FIELDS = {"site_name", "site_address", "site_division_code", "zoning_plan", "change_description"}


def application_create(
    *,
    actor: Actor,
    enterprise: Enterprise | int,
    kind: str,
    site_address: str,
    site_division_code: str,
    site_name: str = "",
    zoning_plan: str = "",
    licence: Licence | int | None = None,
    change_description: str = "",
) -> Application:
    access.require(actor, "licensing.application.submit")
    epk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    ent = access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=epk)
    lic = None
    if kind in (ApplicationKind.CHANGE, ApplicationKind.RENEWAL):
        if licence is None:
            raise refuse(E.REQUIRED, _("变更、延续申请须指定原许可证"), field="licence")
        lpk = licence.pk if isinstance(licence, Licence) else licence
        lic = Licence.objects.filter(pk=lpk, enterprise=ent).first()
        if lic is None:
            raise refuse(E.INVALID, _("许可证不属于该企业"), field="licence")
    elif licence is not None:
        raise refuse(E.INVALID, _("新办申请不指定许可证"), field="licence")
    return create_record(
        actor=actor,
        enterprise_id=ent.pk,
        action=A.APPLICATION_CREATE,
        instance=Application(
            enterprise=ent,
            kind=kind,
            licence=lic,
            site_name=site_name,
            site_address=site_address,
            site_division_code=site_division_code,
            zoning_plan=zoning_plan,
            change_description=change_description,
        ),
    )


def application_update(
    *, actor: Actor, application: Application | int, changes: dict[str, Any], reason: str = "申请人修改"
) -> Application:
    with transaction.atomic():
        app = editable(actor, application)
        return update_record(
            actor=actor,
            instance=app,
            changes=changes,
            enterprise_id=app.enterprise_id,
            reason=reason,
            action=A.APPLICATION_UPDATE,
            allowed=APPLICATION_FIELDS,
        )


def product_add(
    *,
    actor: Actor,
    application: Application | int,
    category: str,
    variety: str,
    standard: str = "",
    processes: Iterable[str] = (),
    attributes: Mapping[str, Any] | None = None,
) -> AppliedProduct:
    from shouhu.rules import ProfileError

    with transaction.atomic():
        app = editable(actor, application)
        profile: dict[str, Any] = {
            "category": category,
            "variety": variety,
            "processes": list(processes),
            "attributes": dict(attributes or {}),
        }
        if standard:
            profile["standard"] = standard
        try:
            rules_engine(rules_date(app)).validate_profile(profile)
        except ProfileError as exc:
            raise refuse(
                E.PROFILE,
                _("申请品种不符合细则表1或词表：%(error)s"),
                params={"error": exc},
                field=str(getattr(exc, "key", "profile")),
            ) from None
        if AppliedProduct.objects.filter(application=app, category=category, variety=variety).exists():
            raise refuse(E.DUPLICATE, _("该品种已申请"), field="variety")
        return create_record(
            actor=actor,
            enterprise_id=app.enterprise_id,
            action=A.PRODUCT_ADD,
            instance=AppliedProduct(
                application=app,
                category=category,
                variety=variety,
                standard=standard,
                processes=list(processes),
                attributes=dict(attributes or {}),
            ),
        )


def _add_row(actor: Actor, application: Application | int, model: type, action: A, fields: dict[str, Any]):
    allowed = {f.name for f in model._meta.concrete_fields} - {
        "id",
        "application",
        "created_at",
        "updated_at",
    }
    unknown = sorted(set(fields) - allowed)
    if unknown:
        refusals = [refuse(E.UNKNOWN, _("未知字段"), field=f) for f in unknown]
        exc = refusals[0]
        exc.details["fields"] = [r.details["fields"][0] for r in refusals]
        raise exc
    with transaction.atomic():
        app = editable(actor, application)
        return create_record(
            actor=actor,
            enterprise_id=app.enterprise_id,
            action=action,
            instance=model(application=app, **fields),
        )


def equipment_add(*, actor: Actor, application: Application | int, **fields: Any) -> Equipment:
    return _add_row(actor, application, Equipment, A.EQUIPMENT_ADD, fields)


def staff_add(*, actor: Actor, application: Application | int, **fields: Any) -> Staff:
    return _add_row(actor, application, Staff, A.STAFF_ADD, fields)


def zone_add(*, actor: Actor, application: Application | int, **fields: Any) -> Zone:
    return _add_row(actor, application, Zone, A.ZONE_ADD, fields)


def document_upload(
    *, actor: Actor, application: Application | int, kind: str, title: str, content: bytes
) -> Document:
    uploads.check(content)  # before any lock or write: a bad file changes nothing
    with transaction.atomic():
        app = editable(actor, application)
        evidence = uploads.store(
            actor=actor, content=content, owner=app.enterprise, note=f"{app.reference} {title}", name=title
        )
        doc = Document(
            application=app,
            kind=kind,
            title=title,
            file=evidence.file.name,
            content_type=evidence.content_type,
            size=evidence.size,
            sha256=evidence.sha256,
            evidence_file=evidence,
        )
        return create_record(
            actor=actor, enterprise_id=app.enterprise_id, action=A.DOCUMENT_UPLOAD, instance=doc
        )


def trial_report_add(
    *,
    actor: Actor,
    application: Application | int,
    product_key: str,
    laboratory: str,
    report_number: str,
    issued_on: date,
    results: list[dict[str, Any]],
    document: Document | int | None = None,
) -> TrialReport:
    """The trial-product test report (第七十三条) for one applied product."""
    with transaction.atomic():
        app = editable(actor, application)
        keys = {p.key for p in app.products.all()}
        if product_key not in keys:
            raise refuse(E.UNKNOWN, _("报告对应的品种不在申请中"), field="product_key")
        if issued_on > today():
            raise refuse(E.DATE_FUTURE, _("报告日期不能晚于今天"), field="issued_on")
        doc = None
        if document is not None:
            dpk = document.pk if isinstance(document, Document) else document
            doc = Document.objects.filter(pk=dpk, application=app).first()
            if doc is None:
                raise refuse(E.INVALID, _("材料不属于该申请"), field="document")
        return create_record(
            actor=actor,
            enterprise_id=app.enterprise_id,
            action=A.TRIAL_REPORT_ADD,
            instance=TrialReport(
                application=app,
                product_key=product_key,
                laboratory=laboratory,
                report_number=report_number,
                issued_on=issued_on,
                results=list(results),
                document=doc,
            ),
        )


def application_submit(*, actor: Actor, application: Application | int) -> Application:
    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission="licensing.application.submit")
        APPLICATION_FLOW.require("submit", app.status)
        if not app.products.exists():
            raise refuse(E.REQUIRED, _("至少申请一个类别和品种"), field="products")
        resubmit = app.status == ApplicationStatus.RETURNED
        return move(
            actor,
            app,
            "submit",
            reason="重新提交补正材料" if resubmit else "提交许可申请",
            action=A.APPLICATION_SUBMIT,
            changes={"submitted_on": app.submitted_on or today()},
        )
