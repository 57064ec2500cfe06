"""What the case's writes share: the case and its duties (obligations about it) read under a lock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.workflow.obligations import due
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.obligations.models import Obligation, OwnerKind

from ..error_codes import DisposalError as E
from ..models import Case, Duty
from ..selectors import case_duties

# Duty → (rule parameter, owner role at the enterprise or "" for the regulator's office)
DUTY_RULES: dict[str, tuple[str, str]] = {
    Duty.SERVE: ("disposal.serve-working-days", ""),
    Duty.CLOSE: ("disposal.close-days", ""),
    Duty.SEAL: ("disposal.immediate-hours", "director"),
    Duty.STOP: ("disposal.immediate-hours", "principal"),
    Duty.NOTIFY: ("disposal.immediate-hours", "director"),
    Duty.CAUSE: ("disposal.enterprise-report-working-days", "principal"),
    Duty.OBJECTION: ("disposal.objection-decision-working-days", ""),
    Duty.RETEST: ("sampling.retest-report-working-days", ""),
}


def locked_case(actor: Actor, case: Case | int, permission: str) -> Case:
    """The case inside the actor's tenancy, locked for the transaction; permission first, then tenancy."""
    access.require(actor, permission)
    pk = case.pk if isinstance(case, Case) else case
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("未找到该对象或无权查看")) from None
    found = access.scope(Case.objects.all(), actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    return Case.objects.select_for_update(of=("self",)).select_related("batch__product").get(pk=found.pk)


def duty_spec(
    case: Case,
    duty: str,
    *,
    starts_at: dt.datetime | None = None,
    rule_id: str = "",
    unit: str | None = None,
    amount: int | None = None,
    owner_party: str = "",
    title: str = "",
) -> dict[str, Any]:
    """The kernel's obligation arguments for one duty about the case (one create or a bulk's row)."""
    default_rule, role = DUTY_RULES.get(duty, ("", ""))
    kind = OwnerKind.OUTSIDE if owner_party else OwnerKind.ROLE if role else OwnerKind.OFFICE
    return {
        "subject": case,
        "title": title or f"{Duty(duty).label}：{case.number}",
        "kind": f"disposal.{duty}",
        "rule_id": rule_id or default_rule,
        "unit": unit,
        "amount": amount,
        "owner_kind": kind,
        "owner_role": role,
        "owner_division": case.division_code if not role else "",
        "owner_party": owner_party,
        "starts_at": starts_at,
    }


def duty_create(actor: Actor, case: Case, duty: str, **kwargs: Any) -> Obligation:
    return obligations.obligation_create(actor=actor, **duty_spec(case, duty, **kwargs))


def running(case: Case, duty: str) -> Obligation | None:
    o = case_duties(case).get(duty)
    return o if o is not None and o.is_running else None


def window_end(case: Case, rule_id: str) -> dt.datetime:
    """The end of a right's window (复检 / 异议): working days from the service of the result."""
    if case.served_at is None:
        raise refuse(E.NOT_SERVED, _("检验结论尚未送达，申请期限尚未起算"), field="case", error=Conflict)
    amount = int(regulation.param(rule_id))
    return due.add(case.served_at, amount, due.DueUnit.WORKING_DAYS).at


def now() -> dt.datetime:
    return timezone.now()


def cite(rule_id: str) -> str:
    return regulation.cite(rule_id)
