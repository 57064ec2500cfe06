"""Licensing's running deadlines become kernel obligations (migration 0004, issue 11.3).

What the services open from now on (`services/deadlines.py`) is made here for the records already running:

* an accepted application not yet decided (受理, 现场核查中, 核查通过/不通过): the office's decision limit,
  `decision.deadline-working-days` counted from `accepted_on` to the stored `decision_due_on` (an
  extension already granted is inside that count);
* an open verification: the office's on-site limit, `verification.deadline-working-days`, from
  `task_received_on` to `due_on`;
* a rectification not closed: the enterprise principal's duty, calendar days to `due_on`, citing the
  checklist item.

The due day is the stored one: working days are counted back from it (`count_working_days`, which
round-trips `add_working_days`); where a year's holiday calendar is not loaded the period is counted in
calendar days and flagged provisional, as the kernel does. The ledger is append-only: each obligation gets
an `obligations.obligation.create` entry whose reason names the licensing row it came from; no licensing row
changes. Running again makes nothing twice (a running or done obligation of that kind and subject is kept).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone

from shouhu.core import ledger, regulation, workdays
from shouhu.core.system import SystemActor
from shouhu.workflow.obligations.events import ObligationAction

ACTOR = SystemActor("数据迁移（许可期限并入待办事项）")
PREFIX = "迁移自 "
UNDECIDED = ("accepted", "verification", "verified_pass", "verified_fail")


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def _end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _period(since: dt.date, due: dt.date, unit: str) -> tuple[str, int, bool]:
    """(unit, amount, provisional) that count from `since` to `due` (the start day not counted)."""
    if unit == "working_days":
        try:
            n = workdays.count_working_days(since, due)
            if n > 0 and workdays.add_working_days(since, n) == due:
                return unit, n, False
        except workdays.CalendarNotLoaded:
            return "calendar_days", max((due - since).days, 1), True
    return "calendar_days", max((due - since).days, 1), False


def _cite(rule_id: str, fallback: str = "") -> str:
    try:
        return regulation.cite(rule_id)[:300]
    except KeyError:
        return (fallback or rule_id)[:300]


def forward(apps: Any, schema_editor: Any = None) -> dict[str, int]:
    obligation = apps.get_model("obligations", "Obligation")
    ctypes = apps.get_model("contenttypes", "ContentType")
    application = apps.get_model("licensing", "Application")
    verification = apps.get_model("licensing", "Verification")
    rectification = apps.get_model("licensing", "Rectification")
    counts = {"decision": 0, "verification": 0, "rectification": 0}
    entries: dict[int | None, list[ledger.NewEntry]] = defaultdict(list)

    def make(kind: str, model: str, row: Any, ent: Any, since: dt.date, due: dt.date, **fields: Any) -> None:
        ctype, _ = ctypes.objects.get_or_create(app_label="licensing", model=model)
        if obligation.objects.filter(kind=kind, subject_type=ctype, subject_id=str(row.pk)).exists():
            return
        unit, amount, provisional = _period(since, due, fields.pop("unit"))
        ob = obligation.objects.create(
            kind=kind,
            subject_type=ctype,
            subject_id=str(row.pk),
            enterprise_id=ent.pk,
            division_code=ent.division_code,
            unit=unit,
            amount=amount,
            starts_at=_start(since),
            due_at=_end(due),
            provisional=provisional,
            **fields,
        )
        source = f"licensing.{row._meta.object_name}:{row.pk}"
        entries[ent.pk].append(
            ledger.NewEntry(
                action=ObligationAction.OBLIGATION_CREATE,
                object_type="obligations.Obligation",
                object_id=str(ob.pk),
                object_repr=ob.title[:300],
                after=ledger.snapshot(ob),
                reason=PREFIX + source,
            )
        )
        counts[kind.rsplit(".", 1)[1]] += 1

    for app in application.objects.filter(
        status__in=UNDECIDED, accepted_on__isnull=False, decision_due_on__isnull=False
    ).select_related("enterprise"):
        rule = "decision.deadline-working-days"
        make(
            "licensing.decision",
            "application",
            app,
            app.enterprise,
            app.accepted_on,
            app.decision_due_on,
            unit="working_days",
            title=f"许可决定期限：XK{app.pk:06d}",
            rule_id=rule,
            citation=_cite(rule),
            owner_kind="office",
            owner_division=app.enterprise.division_code,
        )
    for ver in verification.objects.filter(state="open").select_related("enterprise"):
        rule = "verification.deadline-working-days"
        make(
            "licensing.verification",
            "verification",
            ver,
            ver.enterprise,
            ver.task_received_on,
            ver.due_on,
            unit="working_days",
            title=f"现场核查期限：HC{ver.pk:06d}",
            rule_id=rule,
            citation=_cite(rule),
            owner_kind="office",
            owner_division=ver.enterprise.division_code,
        )
    for rec in rectification.objects.exclude(state="closed").select_related("enterprise", "item"):
        created = timezone.localtime(rec.created_at).date() if rec.created_at else rec.due_on
        make(
            "licensing.rectification",
            "rectification",
            rec,
            rec.enterprise,
            min(created, rec.due_on - dt.timedelta(days=1)),
            rec.due_on,
            unit="calendar_days",
            title=f"整改期限：ZG{rec.pk:06d}",
            rule_id=rec.item.rule_id,
            citation=(rec.citation or rec.item.rule_id)[:300],
            owner_kind="role",
            owner_role="principal",
        )
    if entries:
        ledger.append_grouped(actor=ACTOR, groups=entries)
    return counts


def backward(apps: Any, schema_editor: Any = None) -> None:
    """Nothing is undone: the obligations and their ledger entries stay (regulated records); the licensing
    rows were not changed, and the services of the earlier version simply do not read them."""
