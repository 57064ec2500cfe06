"""The yearly third-party report and the re-verification after installation or a major change
(第五十八条): obligations of the kernel, discharged by a report with its document (workflow.evidence)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.services import create_record
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.obligations.services import obligation_complete, obligation_create
from shouhu.workflow.subjects import subject_of

from ..error_codes import CleanroomError as E
from ..events import CleanroomAction as A
from ..models import Change, Report, ReportKind, Zone
from ._common import MANAGE, zone_for, zone_obligations
from .plan import NAMESPACE, REVERIFY_RULE, annual_due


def _year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def report_record(
    *,
    actor: Actor,
    zone: Zone | int,
    kind: str,
    lab: str,
    number: str,
    tested_on: dt.date,
    passed: bool,
    content: bytes,
    filename: str = "",
) -> Report:
    """A third-party report with its document; a passing one discharges the zone's duty of its kind (the
    yearly one then falls due again a year after the test)."""
    z = zone_for(actor, zone, MANAGE)
    if kind not in ReportKind.values:
        raise refuse(E.REPORT_INVALID, _("报告类型无效"), field="kind")
    if not content:
        raise refuse(E.REPORT_INVALID, _("须上传检测报告文件"), field="file")
    if not lab.strip() or not number.strip():
        raise refuse(E.REPORT_INVALID, _("须填写检测机构和报告编号"), field="lab")
    with transaction.atomic():
        evidence = evidence_create(
            actor=actor, content=content, name=filename, subject=subject_of(z), note=number
        )
        report = create_record(
            actor=actor,
            instance=Report(
                zone=z,
                kind=kind,
                lab=lab.strip(),
                number=number.strip(),
                tested_on=tested_on,
                valid_until=_year_after(tested_on),
                passed=passed,
                evidence=evidence,
            ),
            enterprise_id=z.enterprise_id,
            action=A.REPORT_RECORD,
        )
        if passed:
            duty = "cleanroom.report.annual" if kind == ReportKind.ANNUAL else "cleanroom.report.reverify"
            for o in zone_obligations(z, duty):
                obligation_complete(actor=actor, obligation=o, note=f"{lab} {number}")
            if kind == ReportKind.ANNUAL:
                annual_due(
                    zone=z,
                    starts_at=timezone.make_aware(dt.datetime.combine(tested_on, dt.time())),
                    key=f"report:{report.pk}",
                    actor=actor,
                )
    return report


def change_record(
    *, actor: Actor, zone: Zone | int, description: str, changed_on: dt.date, restart_on: dt.date
) -> Change:
    """A major change: the zone is re-verified before production resumes (the duty falls due then)."""
    import uuid

    z = zone_for(actor, zone, MANAGE)
    if not description.strip():
        raise refuse(E.REPORT_INVALID, _("请说明改造内容"), field="description")
    today = timezone.localdate()
    if restart_on < today:
        raise refuse(E.REPORT_INVALID, _("计划恢复生产日期不能早于今天"), field="restart_on")
    with transaction.atomic():
        change = create_record(
            actor=actor,
            instance=Change(
                zone=z, description=description.strip(), changed_on=changed_on, restart_on=restart_on
            ),
            enterprise_id=z.enterprise_id,
            action=A.CHANGE_RECORD,
        )
        obligation_create(
            actor=actor,
            subject=z,
            title=str(_("%(zone)s 重大改造后空气洁净度验证") % {"zone": z.name}),
            kind="cleanroom.report.reverify",
            rule_id=REVERIFY_RULE,
            owner_kind="role",
            owner_role="director",
            unit="calendar_days",
            amount=max((restart_on - today).days, 1),
            client_id=uuid.uuid5(NAMESPACE, f"reverify:{change.pk}"),
        )
    return change
