"""资质审核: before production the 委托方 reviews the 受托方 — its licence covers the contract's categories and
varieties (checked against the registry), its documents are on file, and an on-site audit on a checklist
generated from the 细则 passed. Only then may batches be made under the contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Licence, LicenceStatus
from shouhu.workflow.evidence.selectors import evidence_many

from ..error_codes import ContractError as E
from ..events import ContractAction as A
from ..models import Agreement, AgreementState, Qualification, QualificationState
from ._common import ITEM9, agreement_for, cite, user_of
from .agreements import set_state
from .audits import audit_create

COVERAGE = "contract.licence-coverage"


def licence_gaps(agreement: Agreement, on: dt.date) -> tuple[Licence | None, list[dict[str, str]]]:
    """The 受托方's licence that best covers the scope, and what it does not cover (each gap cited)."""
    citation = cite(COVERAGE)
    licences = list(
        Licence.objects.filter(enterprise_id=agreement.manufacturer_id)
        .prefetch_related("items")
        .order_by("-expires_on")
    )
    wanted = {(s["category"], s["variety"]) for s in agreement.scope}
    best, best_gaps = None, None
    for lic in licences:
        gaps: list[dict[str, str]] = []
        if lic.status != LicenceStatus.ACTIVE or lic.expires_on < on:
            gaps.append(
                {
                    "code": "licence.inactive",
                    "message": f"许可证 {lic.number} 不在有效期内或非有效状态",
                    "citation": citation,
                }
            )
        held = {(i.category, i.variety) for i in lic.items.all()}
        for category, variety in sorted(wanted - held):
            gaps.append(
                {
                    "code": "licence.scope",
                    "message": f"许可证 {lic.number} 未覆盖 {category} {variety}",
                    "citation": citation,
                }
            )
        if lic.expires_on < agreement.ends_on and not any(g["code"] == "licence.inactive" for g in gaps):
            gaps.append(
                {
                    "code": "licence.expires",
                    "message": f"许可证 {lic.number} 于 {lic.expires_on} 到期，早于委托期限 {agreement.ends_on}（到期前须延续）",
                    "citation": regulation.cite("licence.renewal-before-working-days")
                    if _known("licence.renewal-before-working-days")
                    else citation,
                    "warning": "1",
                }
            )
        blocking = [g for g in gaps if not g.get("warning")]
        if best_gaps is None or len(blocking) < len([g for g in best_gaps if not g.get("warning")]):
            best, best_gaps = lic, gaps
    if best is None:
        return None, [{"code": "licence.none", "message": "受托方无食品生产许可证", "citation": citation}]
    return best, best_gaps or []


def _known(param_id: str) -> bool:
    try:
        regulation.engine().parameter(param_id)
    except KeyError:
        return False
    return True


def _documents(actor: Actor, documents: dict[str, int] | None) -> list[dict[str, Any]]:
    documents = documents or {}
    if not isinstance(documents, dict):
        raise refuse(E.DOCUMENTS_MISSING, _("资质文件格式错误"), field="documents")
    files = evidence_many(actor, [int(v) for v in documents.values()])
    return [{"kind": str(k), "id": f.pk, "sha256": f.sha256} for k, f in zip(documents, files, strict=True)]


@transaction.atomic
def qualification_start(
    *, actor: Actor, agreement: Agreement | int, documents: dict[str, int] | None = None, auditors: str = ""
) -> Qualification:
    """Check the licence against the registry, attach the documents, open the on-site audit (细则 checklist)."""
    agreement = agreement_for(actor, agreement, "principal")
    if agreement.state not in (AgreementState.QUALIFYING, AgreementState.REFUSED):
        raise refuse(E.STATE, _("委托生产已审核通过或已终止"), error=Conflict)
    if Qualification.objects.filter(agreement=agreement, state=QualificationState.OPEN).exists():
        raise refuse(E.QUALIFICATION_OPEN, _("已有进行中的资质审核"), error=Conflict)
    docs = _documents(actor, documents)
    today = timezone.localdate()
    licence, gaps = licence_gaps(agreement, today)
    audit = audit_create(
        actor=actor, agreement=agreement, kind="qualification", held_on=today, auditors=auditors
    )
    if agreement.state == AgreementState.REFUSED:
        set_state(actor, agreement, AgreementState.QUALIFYING, str(_("重新开始资质审核")))
    return create_record(
        actor=actor,
        instance=Qualification(
            agreement=agreement,
            licence=licence,
            licence_ok=not [g for g in gaps if not g.get("warning")],
            gaps=gaps,
            documents=docs,
            audit=audit,
        ),
        enterprise_id=agreement.principal_id,
        action=A.QUALIFICATION_START,
    )


@transaction.atomic
def qualification_decide(
    *, actor: Actor, qualification: Qualification | int, passed: bool, note: str = ""
) -> Qualification:
    """The 委托方's verdict. A pass needs the licence to cover the scope, every required document and a
    concluded, passed on-site audit; a fail needs its reason. Either way the agreement follows."""
    pk = qualification.pk if isinstance(qualification, Qualification) else qualification
    q = Qualification.objects.select_related("audit__run").filter(pk=pk).first()
    if q is None:
        from shouhu.core.errors import NotFound

        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    agreement = agreement_for(actor, q.agreement_id, "principal")
    if q.state != QualificationState.OPEN:
        raise refuse(E.STATE, _("该资质审核已有结论"), error=Conflict)
    if passed:
        if not q.licence_ok:
            raise refuse(
                E.LICENCE_GAPS,
                _("受托方许可不覆盖委托范围：%(gaps)s"),
                params={"gaps": "；".join(g["message"] for g in q.gaps if not g.get("warning"))},
                cite=cite(COVERAGE),
            )
        required = list((regulation.param(ITEM9) or {}).get("documents") or [])
        have = {d["kind"] for d in q.documents}
        if missing := [k for k in required if k not in have]:
            raise refuse(
                E.DOCUMENTS_MISSING,
                _("缺少资质文件：%(kinds)s"),
                params={"kinds": "、".join(str(DOC_LABELS.get(k, k)) for k in missing)},
                field="documents",
                cite=cite(ITEM9),
            )
        run = q.audit.run if q.audit_id else None
        if run is None or run.passed is not True:
            raise refuse(E.AUDIT_NOT_PASSED, _("现场审核尚未完成或未通过"), cite=cite(ITEM9))
    elif not (note or "").strip():
        raise refuse(E.STATE, _("不通过须说明理由"), field="note")
    q = update_record(
        actor=actor,
        instance=q,
        changes={
            "state": QualificationState.PASSED if passed else QualificationState.FAILED,
            "note": (note or "").strip(),
            "decided_at": timezone.now(),
            "decided_by": user_of(actor),
        },
        enterprise_id=agreement.principal_id,
        reason=(note or "").strip() or str(_("资质审核通过")),
        action=A.QUALIFICATION_DECIDE,
    )
    set_state(
        actor,
        agreement,
        AgreementState.APPROVED if passed else AgreementState.REFUSED,
        str(_("资质审核通过")) if passed else note.strip(),
    )
    if passed:
        from .audits import routine_audit_duty

        routine_audit_duty(actor, agreement)
    return q


DOC_LABELS = {
    "licence": _("食品生产许可证"),
    "business_licence": _("营业执照"),
    "quality_system": _("质量管理体系文件"),
}
