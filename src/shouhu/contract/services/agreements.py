"""The agreement: the confirmed registry contract's scope, quality responsibilities and term, and the
duties it starts (the 委托方's report to its regulator), and its end (the closing report)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.registry import selectors as registry_selectors
from shouhu.registry.models import ContractStatus
from shouhu.workflow.obligations import services as obligations

from ..error_codes import ContractError as E
from ..events import ContractAction as A
from ..models import Agreement, AgreementState
from ._common import MANAGE, DutyActor, agreement_for, cite

START_RULE = "contract.report-start-working-days"
END_RULE = "contract.report-end-working-days"


def _scope(raw: Any) -> list[dict[str, str]]:
    """[{category, variety}] as the 细则 names them (the rules engine's own check), no duplicates."""
    eng = regulation.engine()
    if not isinstance(raw, list) or not raw:
        raise refuse(E.SCOPE_INVALID, _("请列出委托生产食品的类别和品种"), field="scope")
    out: list[dict[str, str]] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise refuse(E.SCOPE_INVALID, _("委托范围第%(n)s项格式错误"), params={"n": i + 1}, field="scope")
        entry = {"category": str(item.get("category") or ""), "variety": str(item.get("variety") or "")}
        try:
            eng.validate_profile(entry)
        except Exception:
            raise refuse(
                E.SCOPE_INVALID,
                _("委托范围第%(n)s项不是细则所列的类别和品种：%(category)s %(variety)s"),
                params={"n": i + 1, **entry},
                field="scope",
                cite=cite("contract.licence-coverage"),
            ) from None
        if entry not in out:
            out.append(entry)
    return out


def report_duty(actor: Actor, agreement: Agreement, kind: str, rule: str, title: str, at: dt.datetime) -> Any:
    return obligations.obligation_create(
        actor=DutyActor(actor),
        subject=agreement,
        title=title[:200],
        kind=kind,
        rule_id=rule,
        owner_kind="role",
        owner_role="principal",
        starts_at=at,
        notify_owner=False,
    )


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@transaction.atomic
def agreement_create(
    *, actor: Actor, contract_id: int, scope: Any, quality_terms: str, products: str = ""
) -> Agreement:
    """The 委托方 records what the confirmed contract covers: scope (category and variety), products,
    quality responsibilities, and its term (the contract's). Its report to the regulator becomes due."""
    access.require(actor, MANAGE)
    contract = registry_selectors.contract_list(actor).filter(pk=contract_id).first()
    if contract is None or getattr(actor, "enterprise_id", None) not in (None, contract.principal_id):
        from shouhu.core.errors import NotFound

        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"contract": str(contract_id)}})
    if contract.status != ContractStatus.CONFIRMED:
        raise refuse(
            E.NOT_CONFIRMED,
            _("受托方尚未确认该委托生产合同"),
            field="contract",
            cite=cite("contract.licence-coverage"),
        )
    if Agreement.objects.filter(contract=contract).exists():
        raise refuse(E.EXISTS, _("该合同已登记委托生产管理"), error=Conflict, field="contract")
    clean_scope = _scope(scope)
    if not (quality_terms or "").strip():
        raise refuse(
            E.TERMS_REQUIRED,
            _("请写明双方的质量安全责任"),
            field="quality_terms",
            cite=cite("contract.run-control"),
        )
    agreement = create_record(
        actor=actor,
        instance=Agreement(
            contract=contract,
            principal_id=contract.principal_id,
            manufacturer_id=contract.manufacturer_id,
            scope=clean_scope,
            products=(products or contract.products).strip(),
            quality_terms=quality_terms.strip(),
            starts_on=contract.starts_on,
            ends_on=contract.ends_on,
        ),
        enterprise_id=contract.principal_id,
        action=A.AGREEMENT_CREATE,
    )
    title = f"向监管部门报告委托生产：{agreement.manufacturer.name}"
    report_duty(actor, agreement, "contract.report.start", START_RULE, title, timezone.now())
    return agreement


def set_state(actor: Actor, agreement: Agreement, state: str, reason: str, **changes: Any) -> Agreement:
    return update_record(
        actor=actor,
        instance=agreement,
        changes={"state": state, **changes},
        enterprise_id=agreement.principal_id,
        reason=reason,
        action=A.AGREEMENT_STATE,
    )


@transaction.atomic
def agreement_end(*, actor: Actor, agreement: Agreement | int, on: dt.date, reason: str) -> Agreement:
    """The 委托方 ends the contract (early or at its term): the closing report becomes due."""
    agreement = agreement_for(actor, agreement, "principal")
    if agreement.state == AgreementState.ENDED:
        raise refuse(E.STATE, _("委托生产已终止"), error=Conflict)
    if not (reason or "").strip():
        raise refuse(E.STATE, _("请说明终止原因"), field="reason")
    if on > timezone.localdate() or on < agreement.starts_on:
        raise refuse(E.STATE, _("终止日期须在委托期限开始之后且不晚于今天"), field="on")
    agreement = set_state(actor, agreement, AgreementState.ENDED, reason.strip(), ended_on=on)
    report_duty(
        actor,
        agreement,
        "contract.report.end",
        END_RULE,
        f"报告委托生产终止：{agreement.manufacturer.name}",
        _at(on),
    )
    return agreement
