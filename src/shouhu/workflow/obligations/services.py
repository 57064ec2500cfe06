"""Obligation writes: create (idempotent on a client id), complete, pause/resume, extend, recompute, escalate.

Each write runs through `core.services` (validate, save, ledger entry in one transaction) and names its
`ObligationAction`. The due date is never edited by hand: it is `due.compute()` over the stored inputs
(start, period, extensions, closed pauses), so resuming, extending and recomputing once a holiday
calendar is loaded all give the same, reproducible answer.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from shouhu.core import access, ledger, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, ServiceError, refuse
from shouhu.core.roles import Role
from shouhu.core.services import create_record, update_record, validate
from shouhu.core.system import SYSTEM
from shouhu.workflow import idempotent

from . import due, notify
from .error_codes import ObligationError as E
from .events import ObligationAction as A
from .models import (
    OBLIGATION_FLOW,
    RUNNING,
    NotificationKind,
    Obligation,
    ObligationExtension,
    ObligationPause,
    ObligationStatus,
    OwnerKind,
    PauseKind,
)
from .subjects import content_type, in_tenancy, tenancy_of

# Whom an overdue duty goes to first: the owner's superior role (then, at level 2, the regulator).
SUPERIOR = {
    Role.OFFICER: Role.DIRECTOR,
    Role.QA: Role.DIRECTOR,
    Role.DIRECTOR: Role.PRINCIPAL,
    Role.INSPECTOR: Role.JURISDICTION_ADMIN,
    Role.REVIEWER: Role.JURISDICTION_ADMIN,
}
MAX_MANY = 20_000  # obligations in one bulk create: a province's yearly plan is ~2,000
ESCALATE_EVERY = dt.timedelta(days=1)  # a level is given this long before the next one


def parent_division(code: str) -> str:
    """The office above (430104 → 430100 → 430000; a province has none: itself)."""
    if code.endswith("0000"):
        return code
    if code.endswith("00"):
        return code[:2] + "0000"
    return code[:4] + "00"


def citation_for(rule_id: str, citation: str = "") -> str:
    if not rule_id.strip():
        raise refuse(E.RULE_REQUIRED, _("期限须引用规则编号"), field="rule_id")
    if citation.strip():
        return citation.strip()
    try:
        return regulation.cite(rule_id)
    except KeyError:
        raise refuse(
            E.RULE_REQUIRED, _("未知规则编号 %(rule)s"), params={"rule": rule_id}, field="rule_id"
        ) from None


RULE_UNITS = {"month": due.DueUnit.MONTHS, "year": due.DueUnit.YEARS, "days": due.DueUnit.CALENDAR_DAYS}


def period_of(rule_id: str) -> tuple[int, str]:
    """(amount, unit) of a deadline parameter in the rule data."""
    try:
        parameter = regulation.engine().parameter(rule_id)
    except KeyError:
        raise refuse(
            E.RULE_REQUIRED, _("未知规则编号 %(rule)s"), params={"rule": rule_id}, field="rule_id"
        ) from None
    unit = RULE_UNITS.get(str(parameter.unit), str(parameter.unit))
    if not isinstance(parameter.value, int) or unit not in due.DueUnit.values:
        raise refuse(E.RULE_REQUIRED, _("规则 %(rule)s 不是期限"), params={"rule": rule_id}, field="rule_id")
    return parameter.value, unit


MAX_SPAN = dt.timedelta(days=366 * 30)  # no rule sets a period, or a start, further than this


def _computed(fn: Any) -> due.Due:
    """A due date, or a refusal if it would leave the calendar (a period of 100,000 years, say)."""
    try:
        result = fn()
    except (OverflowError, ValueError):
        result = None
    if result is None or abs(result.at - timezone.now()) > 2 * MAX_SPAN:
        raise refuse(E.AMOUNT_INVALID, _("期限超出允许范围"), field="amount")
    return result


def _check_amount(amount: Any, field: str = "amount") -> int:
    try:
        value = int(str(amount).strip())
    except ValueError:
        value = 0
    if isinstance(amount, bool) or value <= 0:
        raise refuse(E.AMOUNT_INVALID, _("期限须为正整数"), field=field)
    return value


def replayed(model: type[models.Model], actor: Actor, client_id: Any, code: Any = E.CLIENT_ID_TAKEN) -> Any:
    """The row a replayed create made before (same client id), or None; another tenant's id is refused."""
    return idempotent.replayed(model, client_id, actor, code)


def client_uuid(value: Any) -> uuid.UUID:
    """The client's id (a fresh one when none was sent), through the kernel's one idempotency rule."""
    return idempotent.client_uuid(value)


def _build(
    actor: Actor,
    *,
    subject: models.Model,
    title: str,
    kind: str,
    rule_id: str,
    owner_kind: str,
    unit: str | None = None,
    amount: int | None = None,
    owner_user: Any = None,
    owner_role: str = "",
    owner_division: str = "",
    owner_party: str = "",
    starts_at: dt.datetime | None = None,
    citation: str = "",
    schedule: Any = None,
    period_key: str = "",
) -> Obligation:
    """The obligation `obligation_create` would insert, checked (tenancy, unit, amount, owner, start)."""
    enterprise_id, division_code = tenancy_of(subject)
    if not in_tenancy(actor, enterprise_id, division_code):
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "subject"})
    if unit is None and amount is None:
        amount, unit = period_of(rule_id)
    if unit not in due.DueUnit.values:
        raise refuse(E.AMOUNT_INVALID, _("期限单位无效"), field="unit")
    amount = _check_amount(amount)
    if owner_user is not None and not in_tenancy(owner_user, enterprise_id, division_code):
        raise refuse(E.OWNER_INVALID, _("义务人不属于该对象所在企业或辖区"), field="owner_user")
    starts_at = starts_at or timezone.now()
    if timezone.is_naive(starts_at):  # read in the platform's time zone (Asia/Shanghai)
        starts_at = timezone.make_aware(starts_at)
    if abs(starts_at - timezone.now()) > MAX_SPAN:
        raise refuse(E.AMOUNT_INVALID, _("起算时间超出允许范围"), field="starts_at")
    computed = _computed(lambda: due.compute(starts_at, amount, unit))
    obligation = Obligation(
        title=title,
        kind=kind,
        subject_type=_content_type(subject),
        subject_id=str(subject.pk),
        enterprise_id=enterprise_id,
        division_code=division_code,
        owner_kind=owner_kind,
        owner_user=owner_user,
        owner_role=str(owner_role or ""),
        owner_division=owner_division or (division_code if owner_kind == OwnerKind.OFFICE else ""),
        owner_party=owner_party,
        rule_id=rule_id,
        citation=citation_for(rule_id, citation),
        unit=unit,
        amount=amount,
        starts_at=starts_at,
        due_at=computed.at,
        provisional=computed.provisional,
        schedule=schedule,
        period_key=period_key,
        created_by=actor if getattr(actor, "_meta", None) is not None else None,
    )
    if owner_kind == OwnerKind.OUTSIDE and not obligation.owner_division:
        obligation.owner_division = division_code  # the office where the subject is waits for the party
    return obligation


def obligation_create_many(
    *, actor: Actor, specs: Sequence[dict[str, Any]], notify_owners: bool = False
) -> list[Obligation]:
    """Many obligations at once (a plan's tasks, a batch of routed complaints, a lab's failures): each
    checked as `obligation_create` checks it, then one bulk insert and one grouped ledger append over
    every enterprise chain, in one transaction — all or nothing. Each row carries a client id as
    `obligation_create` gives one (a spec's `client_id`, else a fresh one); a client id already taken is
    refused (a caller replays by its own state, e.g. tasks without an obligation). Owners are notified
    per row only with `notify_owners` (a plan tells its owners once), their users read in one query."""
    access.require(actor, "obligations.create")
    if len(specs) > MAX_MANY:
        raise refuse(E.AMOUNT_INVALID, _("一次最多创建 %(n)s 项义务"), params={"n": MAX_MANY}, field="specs")
    rows = []
    for spec in specs:
        spec = dict(spec)
        client_id = client_uuid(spec.pop("client_id", None))
        row = _build(actor, **spec)
        row.client_id = client_id
        rows.append(row)
    given = [r.client_id for r in rows]
    if len(set(given)) != len(given) or Obligation.objects.filter(client_id__in=given).exists():
        raise refuse(E.CLIENT_ID_TAKEN, _("该客户端编号已被使用"), field="client_id", error=Conflict)
    with transaction.atomic():
        for row in rows:
            validate(row, exclude=["client_id"])  # checked above for every row in one query
        Obligation.objects.bulk_create(rows, batch_size=1000)
        if rows and rows[0].pk is None:  # backends without RETURNING on bulk insert
            raise RuntimeError("bulk insert returned no primary keys")
        by_chain: dict[int | None, list[ledger.NewEntry]] = {}
        for row in rows:
            by_chain.setdefault(row.enterprise_id, []).append(
                ledger.NewEntry(
                    action=A.OBLIGATION_CREATE,
                    object_type=Obligation._meta.label,
                    object_id=str(row.pk),
                    object_repr=str(row)[:300],
                    after=ledger.snapshot(row),
                )
            )
        ledger.append_grouped(actor=actor, groups=by_chain)
        if notify_owners:
            notify.notify_many(
                [
                    {
                        "users": users,
                        "kind": NotificationKind.OBLIGATION_ASSIGNED,
                        "msgid": N_("新的待办事项：%(title)s"),
                        "params": {"title": row.title},
                        "url": f"/obligations/{row.pk}/",
                        "obligation": row,
                    }
                    for row, users in zip(rows, notify.recipients_many(rows), strict=True)
                ]
            )
    return rows


def obligation_create(
    *,
    actor: Actor,
    subject: models.Model,
    title: str,
    kind: str,
    rule_id: str,
    owner_kind: str,
    unit: str | None = None,
    amount: int | None = None,
    owner_user: Any = None,
    owner_role: str = "",
    owner_division: str = "",
    owner_party: str = "",
    starts_at: dt.datetime | None = None,
    citation: str = "",
    client_id: Any = None,
    schedule: Any = None,
    period_key: str = "",
    notify_owner: bool = True,
) -> Obligation:
    """A new obligation about `subject`, due `amount` `unit`s after `starts_at` (default now) by the cited rule.

    Without `unit` and `amount` the period is the rule parameter's own (`decision.deadline-working-days`:
    10 working days).
    A replay (the same `client_id`) returns the row made the first time and writes nothing.
    """
    access.require(actor, "obligations.create")
    client_id = client_uuid(client_id)
    if (existing := replayed(Obligation, actor, client_id)) is not None:
        return existing
    obligation = _build(
        actor,
        subject=subject,
        title=title,
        kind=kind,
        rule_id=rule_id,
        owner_kind=owner_kind,
        unit=unit,
        amount=amount,
        owner_user=owner_user,
        owner_role=owner_role,
        owner_division=owner_division,
        owner_party=owner_party,
        starts_at=starts_at,
        citation=citation,
        schedule=schedule,
        period_key=period_key,
    )
    obligation.client_id = client_id
    enterprise_id = obligation.enterprise_id
    with transaction.atomic():
        created = create_record(
            actor=actor, instance=obligation, enterprise_id=enterprise_id, action=A.OBLIGATION_CREATE
        )
        if notify_owner:
            notify.notify(
                notify.recipients(created),
                NotificationKind.OBLIGATION_ASSIGNED,
                N_("新的待办事项：%(title)s"),
                {"title": title},
                url=f"/obligations/{created.pk}/",
                obligation=created,
            )
    return created


def _content_type(subject: models.Model) -> Any:
    return content_type(subject)


def _scoped(actor: Actor, obligation: Obligation) -> Obligation:
    if not in_tenancy(actor, obligation.enterprise_id, obligation.division_code):
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(obligation.pk)}})
    return obligation


def recomputed(obligation: Obligation) -> due.Due:
    """The due date from the obligation's stored inputs: period, extensions, closed pauses."""
    extensions = [e.amount for e in obligation.extensions.all()]
    pauses = [(p.started_at, p.ended_at) for p in obligation.pauses.all() if p.ended_at is not None]
    return due.compute(
        obligation.starts_at, obligation.amount, obligation.unit, extensions=extensions, pauses=pauses
    )


def _locked(obligation: Obligation) -> Obligation:
    """The row as stored now, locked for the rest of the transaction: the state is checked on it, not on
    the caller's (possibly stale) copy, so a double click completes once."""
    return (
        Obligation.objects.select_for_update(of=("self",)).select_related("owner_user").get(pk=obligation.pk)
    )


@transaction.atomic
def obligation_complete(*, actor: Actor, obligation: Obligation, note: str = "") -> Obligation:
    access.require(actor, "obligations.complete")
    _scoped(actor, obligation)
    obligation = _locked(obligation)
    return update_record(
        actor=actor,
        instance=obligation,
        changes={
            "status": OBLIGATION_FLOW.require("complete", obligation.status),
            "done_at": timezone.now(),
            "done_by": actor if getattr(actor, "_meta", None) is not None else None,
            "done_note": note,
        },
        enterprise_id=obligation.enterprise_id,
        reason=note or "完成",
        action=A.OBLIGATION_COMPLETE,
    )


def obligation_pause(
    *, actor: Actor, obligation: Obligation, kind: str, reason: str, at: dt.datetime | None = None
) -> Obligation:
    """Stop the clock (a hearing, testing, a production stop): not overdue while paused."""
    access.require(actor, "obligations.pause")
    _scoped(actor, obligation)
    OBLIGATION_FLOW.require("pause", obligation.status)
    if not reason.strip():
        raise refuse(E.REASON_REQUIRED, _("中止计时须说明原因"), field="reason")
    if kind not in PauseKind.values:
        raise refuse(E.REASON_REQUIRED, _("中止原因类别无效"), field="kind")
    at = at or timezone.now()
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if locked.paused_since is not None:
            raise refuse(E.ALREADY_PAUSED, _("已中止计时"), field="kind", error=Conflict)
        ObligationPause.objects.create(obligation=locked, kind=kind, reason=reason, started_at=at)
        return update_record(
            actor=actor,
            instance=locked,
            changes={"paused_since": at},
            enterprise_id=obligation.enterprise_id,
            reason=reason,
            action=A.OBLIGATION_PAUSE,
        )


def obligation_resume(*, actor: Actor, obligation: Obligation, at: dt.datetime | None = None) -> Obligation:
    """Start the clock again; the due date moves by the pause (in the obligation's unit)."""
    access.require(actor, "obligations.pause")
    _scoped(actor, obligation)
    OBLIGATION_FLOW.require("resume", obligation.status)
    at = at or timezone.now()
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        pause = locked.pauses.filter(ended_at__isnull=True).first()
        if pause is None or locked.paused_since is None:
            raise refuse(E.NOT_PAUSED, _("未中止计时"), field="at", error=Conflict)
        pause.ended_at = max(at, pause.started_at)
        pause.save(update_fields=["ended_at"])
        new = recomputed(locked)
        return update_record(
            actor=actor,
            instance=locked,
            changes={"paused_since": None, "due_at": new.at, "provisional": new.provisional},
            enterprise_id=obligation.enterprise_id,
            reason=f"恢复计时（{pause.get_kind_display()}：{pause.reason}）",
            action=A.OBLIGATION_RESUME,
        )


def obligation_extend(*, actor: Actor, obligation: Obligation, amount: Any, reason: str) -> Obligation:
    """Extend the due date by `amount` of its unit; the approver is the acting regulator, the reason required."""
    access.require(actor, "obligations.extend")
    _scoped(actor, obligation)
    OBLIGATION_FLOW.require("extend", obligation.status)
    if not (reason or "").strip():
        raise refuse(E.REASON_REQUIRED, _("延长期限须说明原因"), field="reason")
    amount = _check_amount(amount)
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        old = locked.due_at
        ext = ObligationExtension(
            obligation=locked,
            amount=amount,
            reason=reason.strip(),
            approver=actor if getattr(actor, "_meta", None) is not None else None,
            approver_label=actor.actor_label,
            old_due_at=old,
            new_due_at=old,
        )
        ext.save()
        new = _computed(lambda: recomputed(locked))
        ext.new_due_at = new.at
        ext.save(update_fields=["new_due_at"])
        updated = update_record(
            actor=actor,
            instance=locked,
            changes={"due_at": new.at, "provisional": new.provisional},
            enterprise_id=obligation.enterprise_id,
            reason=reason.strip(),
            action=A.OBLIGATION_EXTEND,
        )
        notify.notify(
            notify.recipients(updated),
            NotificationKind.OBLIGATION_EXTENDED,
            N_("待办期限已延长：%(title)s"),
            {"title": updated.title},
            url=f"/obligations/{updated.pk}/",
            obligation=updated,
        )
    return updated


def obligations_recompute(*, actor: Actor = SYSTEM) -> int:
    """Count provisional due dates again (after a year's holiday calendar is loaded); returns how many moved.

    A due date that is still provisional (its year still not loaded) stays as it is.
    """
    moved = 0
    qs = Obligation.objects.filter(provisional=True, status__in=RUNNING).prefetch_related(
        "extensions", "pauses"
    )
    for obligation in qs:
        new = recomputed(obligation)
        if new.provisional:
            continue
        update_record(
            actor=actor,
            instance=obligation,
            changes={"due_at": new.at, "provisional": False},
            enterprise_id=obligation.enterprise_id,
            reason="工作日历已载入，按工作日重算期限",
            action=A.OBLIGATION_RECOMPUTE,
        )
        moved += 1
    return moved


def _escalation_target(o: Obligation) -> tuple[int, str, str]:
    """(level, role, division — "" meaning the subject's enterprise) for the next escalation step."""
    owner_role = o.owner_role or (o.owner_user.role if o.owner_user_id else "")
    at_enterprise = o.owner_kind == OwnerKind.ROLE or (o.owner_user_id and o.owner_user.enterprise_id)
    if o.escalation_level == 0:
        superior = SUPERIOR.get(owner_role)
        if at_enterprise and superior:
            return 1, superior, ""
        if not at_enterprise:
            # an office (or the office tracking an outside party): its administrator, or the one above
            office = o.owner_division or o.division_code
            if owner_role == Role.JURISDICTION_ADMIN:
                return 1, Role.JURISDICTION_ADMIN, parent_division(office)
            return 1, Role.JURISDICTION_ADMIN, office
    # the regulator: the enterprise's own jurisdiction, or the office above the one that owes it
    if at_enterprise:
        return 2, Role.JURISDICTION_ADMIN, o.division_code
    return 2, Role.JURISDICTION_ADMIN, parent_division(o.escalated_division or o.owner_division)


@transaction.atomic
def obligation_escalate(
    *, actor: Actor, obligation: Obligation, now: dt.datetime | None = None
) -> Obligation:
    """Raise one overdue obligation a level; the state is checked on the locked, stored row."""
    now = now or timezone.now()
    obligation = _locked(obligation)
    level, role, division = _escalation_target(obligation)
    updated = update_record(
        actor=actor,
        instance=obligation,
        changes={
            "status": OBLIGATION_FLOW.require("escalate", obligation.status),
            "escalation_level": level,
            "escalated_role": str(role),
            "escalated_division": division,
            "escalated_at": now,
        },
        enterprise_id=obligation.enterprise_id,
        reason=f"逾期升级（第{level}级）",
        action=A.OBLIGATION_ESCALATE,
    )
    notify.notify(
        [*notify.escalation_recipients(updated), *notify.recipients(updated)],
        NotificationKind.OBLIGATION_ESCALATED,
        N_("待办事项已逾期并升级：%(title)s"),
        {"title": updated.title},
        url=f"/obligations/{updated.pk}/",
        obligation=updated,
    )
    return updated


def escalate_overdue(*, actor: Actor = SYSTEM, now: dt.datetime | None = None) -> int:
    """The beat task's work: raise each overdue duty one level (at most every ESCALATE_EVERY, up to 2)."""
    now = now or timezone.now()
    qs = (
        Obligation.objects.filter(status__in=RUNNING, paused_since__isnull=True, due_at__lt=now)
        .filter(escalation_level__lt=2)
        .filter(models.Q(escalated_at__isnull=True) | models.Q(escalated_at__lte=now - ESCALATE_EVERY))
        .select_related("owner_user")
    )
    count = 0
    for obligation in qs:
        try:
            obligation_escalate(actor=actor, obligation=obligation, now=now)
        except ServiceError:  # completed (or otherwise moved on) since it was read: nothing to raise
            continue
        count += 1
    return count


__all__ = [
    "ObligationStatus",
    "citation_for",
    "escalate_overdue",
    "obligation_complete",
    "obligation_create",
    "obligation_escalate",
    "obligation_extend",
    "obligation_pause",
    "obligation_resume",
    "obligations_recompute",
    "recomputed",
]
