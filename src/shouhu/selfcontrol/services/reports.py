"""周排查 and 月调度: a report pre-filled from the period's records, signed by the person in the role.

The weekly report (《每周食品安全排查治理报告》) is the director's part — in an enterprise that need not
appoint one, the principal's or a designated officer's (`roles.DIRECTOR_PART`); the monthly minutes
(《每月食品安全调度会议纪要》) are the principal's. A report for a period not yet over, a second report for
the same period, or a signer outside the role is refused, and nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, PermissionDenied, refuse
from shouhu.core.roles import Role
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise
from shouhu.workflow import idempotent
from shouhu.workflow.checklists.hooks import ROLES, holds
from shouhu.workflow.checklists.services import signature_sign
from shouhu.workflow.findings.models import Finding, FindingState
from shouhu.workflow.subjects import subject_of

from .. import periods
from ..error_codes import SelfcontrolError as E
from ..events import SelfcontrolAction as A
from ..models import DailyCheck, Designation, ProductionStop, Report, ReportKind, RiskList
from ..roles import DIRECTOR_PART, director_required
from .common import enterprise_for

SIGNER = {ReportKind.WEEKLY: DIRECTOR_PART, ReportKind.MONTHLY: str(Role.PRINCIPAL)}


def report_prefill(enterprise: Enterprise, kind: str, starts_on: date) -> dict[str, Any]:
    """What the period's records say: days owed and recorded, zero-risk days, problems, open findings."""
    span = periods.period(kind, starts_on)
    if span is None:
        raise refuse(E.PERIOD_INVALID, _("周报须从周一开始，月度纪要须从每月1日开始"), field="starts_on")
    first, last = span
    today = timezone.localdate()
    risk_list = RiskList.objects.filter(enterprise=enterprise).first()
    stops = list(
        ProductionStop.objects.filter(enterprise=enterprise, starts_on__lte=last).values_list(
            "starts_on", "ends_on"
        )
    )
    start = max(first, risk_list.adopted_on) if risk_list else first
    owed = periods.production_days(start, last, stops, today) if risk_list else []
    checks = list(DailyCheck.objects.filter(enterprise=enterprise, current=True, day__range=(first, last)))
    recorded = {c.day for c in checks}
    problems = [
        {"day": c.day.isoformat(), **{k: p[k] for k in ("title", "severity", "note", "measure")}}
        for c in sorted(checks, key=lambda c: c.day)
        for p in c.problems
    ]
    open_findings = list(
        Finding.objects.filter(
            enterprise_id=enterprise.pk, subject_type="selfcontrol.dailycheck", state=FindingState.OPEN
        ).values_list("title", flat=True)[:50]
    )
    version = risk_list.versions.get(number=risk_list.current) if risk_list else None
    review = [p["title"] for p in version.live_points(kind)] if version else []
    summary: dict[str, Any] = {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "days_owed": len(owed),
        "days_recorded": len(recorded & set(owed)),
        "days_missing": [d.isoformat() for d in owed if d not in recorded],
        "zero_risk_days": sum(1 for c in checks if c.zero_risk),
        "problems": problems[:200],
        "open_findings": open_findings,
        "stopped_days": len(periods.stopped_days(first, min(last, today), stops, today)),
        "points_to_review": review[:100],
    }
    if kind == ReportKind.MONTHLY:
        summary["weekly_reports"] = Report.objects.filter(
            enterprise=enterprise, kind=ReportKind.WEEKLY, starts_on__range=(first, last)
        ).count()
    return summary


@transaction.atomic
def report_file(
    *,
    actor: Actor,
    kind: str,
    starts_on: date,
    body: str,
    priorities: str = "",
    enterprise: Enterprise | int | None = None,
    drawing: str = "",
    client_id: Any = None,
) -> Report:
    cid = idempotent.client_uuid(client_id)
    existing = idempotent.replayed(Report, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    access.require(actor, "selfcontrol.report.file")
    ent = enterprise_for(actor, enterprise)
    if kind not in ReportKind.values:
        raise refuse(E.KIND_INVALID, _("报告类别无效"), field="kind")
    span = periods.period(kind, starts_on)
    if span is None:
        raise refuse(E.PERIOD_INVALID, _("周报须从周一开始，月度纪要须从每月1日开始"), field="starts_on")
    if span[1] >= timezone.localdate():
        raise refuse(
            E.PERIOD_OPEN,
            _("本期至 %(last)s 结束，结束后才能提交"),
            params={"last": span[1]},
            field="starts_on",
        )
    role = SIGNER[ReportKind(kind)]
    if not holds(actor, role, subject_of(ent)):
        raise refuse(
            E.KIND_INVALID,
            _("签字人不具有「%(role)s」身份，不能签字"),
            params={"role": ROLES[role].label},
            error=PermissionDenied,
        )
    if Report.objects.filter(enterprise=ent, kind=kind, starts_on=starts_on).exists():
        raise refuse(E.REPORT_DUPLICATE, _("本期报告已提交"), error=Conflict)
    if not body.strip():
        raise refuse(E.REASON_REQUIRED, _("请填写排查治理情况或会议内容"), field="body")
    if kind == ReportKind.MONTHLY and not priorities.strip():
        raise refuse(E.REASON_REQUIRED, _("月调度纪要须写明下月工作重点"), field="priorities")
    report = create_record(
        actor=actor,
        instance=Report(
            client_id=cid,
            enterprise=ent,
            kind=kind,
            starts_on=span[0],
            ends_on=span[1],
            summary=report_prefill(ent, kind, span[0]),
            body=body.strip(),
            priorities=priorities.strip(),
            signer_role=role,
        ),
        enterprise_id=ent.pk,
        action=A.REPORT_FILE,
    )
    signature = signature_sign(actor=actor, subject=subject_of(report), role=role, drawing=drawing)
    return update_record(
        actor=actor,
        instance=report,
        changes={"signature": signature},
        enterprise_id=ent.pk,
        reason=str(_("签字")),
        action=A.REPORT_FILE,
    )


@transaction.atomic
def designate(*, actor: Actor, user: Any) -> Designation:
    """The principal designates an officer to do the director's part (only where no director is required)."""
    access.require(actor, "selfcontrol.designate")
    ent = enterprise_for(actor, None)
    if director_required(ent):
        raise refuse(E.KIND_INVALID, _("本企业须配备食品安全总监，不能指定他人履行总监职责"), error=Conflict)
    if getattr(user, "enterprise_id", None) != ent.pk or getattr(user, "role", None) != Role.OFFICER:
        raise refuse(E.KIND_INVALID, _("只能指定本企业的食品安全员"), field="user")
    Designation.objects.filter(enterprise=ent, active=True).update(active=False)
    return create_record(
        actor=actor, instance=Designation(enterprise=ent, user=user), enterprise_id=ent.pk, action=A.DESIGNATE
    )
