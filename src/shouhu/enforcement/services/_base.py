"""What the case's writes share: the case read under a lock, its time limits (obligations about it), and the
copy of the nearest running limit kept on the case row for the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.obligations.models import Obligation, OwnerKind

from ..models import LIMIT_RULES, NO_DEADLINE, Case, Limit
from ..selectors import case_limits

HANDLE = "enforcement.handle"
APPROVE = "enforcement.approve"
# the party owes these (its principal answers); the office owes the rest
PARTY_LIMITS = {Limit.HEARING: "principal", Limit.PAYMENT: "principal"}


def now() -> dt.datetime:
    return timezone.now()


def locked_case(actor: Actor, case: Case | int, permission: str = HANDLE) -> Case:
    """The case inside the actor's tenancy, locked for the transaction; permission first, then tenancy."""
    access.require(actor, permission)
    pk = case.pk if isinstance(case, Case) else case
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("未找到该对象或无权查看")) from None
    tenancy = access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    found = Case.objects.filter(tenancy, pk=pk).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    return Case.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=found)


def limit_create(actor: Actor, case: Case, limit: str, *, starts_at: dt.datetime | None = None) -> Obligation:
    rule_id = LIMIT_RULES[Limit(limit)][0]
    role = PARTY_LIMITS.get(Limit(limit), "")
    return obligations.obligation_create(
        actor=actor,
        subject=case,
        title=f"{Limit(limit).label}：{case.number}",
        kind=f"enforcement.{limit}",
        rule_id=rule_id,
        owner_kind=OwnerKind.ROLE if role else OwnerKind.OFFICE,
        owner_role=role,
        owner_division="" if role else case.division_code,
        starts_at=starts_at,
    )


def running(case: Case, limit: str) -> Obligation | None:
    o = case_limits(case).get(limit)
    return o if o is not None and o.is_running else None


def finish(actor: Actor, case: Case, limit: str, note: str) -> None:
    if (o := running(case, limit)) is not None:
        if o.paused_since is not None:
            obligations.obligation_resume(actor=actor, obligation=o)
            o.refresh_from_db()
        obligations.obligation_complete(actor=actor, obligation=o, note=note[:2000])


def sync(case: Case) -> None:
    """Copy the nearest running limit onto the case (the list's sort and overdue filter read it)."""
    live = [o for o in case_limits(case).values() if o.is_running]
    ticking = [o for o in live if o.paused_since is None]
    pick: Any = min(ticking or live, key=lambda o: o.due_at, default=None)
    values = {
        "deadline_at": pick.due_at if pick else None,
        "deadline_kind": pick.kind.removeprefix("enforcement.") if pick else "",
        "paused": bool(pick is not None and not ticking),
        "rank_at": pick.due_at if pick else NO_DEADLINE,
    }
    Case.objects.filter(pk=case.pk).update(**values)
    for k, v in values.items():
        setattr(case, k, v)
