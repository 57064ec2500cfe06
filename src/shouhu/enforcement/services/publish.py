"""Publication of penalty decisions (Order 45) through the kernel's publications: general-procedure decisions
within 20 working days, shown 3 months (通报批评 or a low fine only) or 3 years; summary-procedure decisions
are not published (refused); an annulled decision's publication withdrawn within 3 working days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import update_record
from shouhu.workflow.obligations import due
from shouhu.workflow.publication import services as publication
from shouhu.workflow.publication.models import Publication, PublicationKind, PublicationStatus

from ..error_codes import EnforcementError as E
from ..events import EnforcementAction as A
from ..models import CASE_FLOW, Case, CaseStatus, Limit, Penalty, Procedure
from ._base import finish, locked_case, now, running, sync

SHORT_PENALTIES = frozenset({Penalty.CRITICISM, Penalty.FINE})


def published(case: Case) -> Publication | None:
    if not case.publication_id:
        return None
    return Publication.objects.filter(pk=case.publication_id, status=PublicationStatus.PUBLISHED).first()


def shown_period(case: Case) -> tuple[int, str, str]:
    """(amount, unit, rule) of how long the public sees it: 3 months for 通报批评 or a low fine only."""
    low = Decimal(str(regulation.param("enforcement.low-fine-yuan")))
    if set(case.penalties) <= SHORT_PENALTIES and case.fine_yuan <= low:
        return (
            int(regulation.param("enforcement.shown-short-months")),
            "months",
            "enforcement.shown-short-months",
        )
    return int(regulation.param("enforcement.shown-long-years")), "years", "enforcement.shown-long-years"


def shown_until(case: Case, at: dt.datetime) -> dt.date:
    amount, unit, _rule = shown_period(case)
    return timezone.localtime(due.add(at, amount, unit).at).date()


def case_publish(*, actor: Actor, case: Case | int) -> Case:
    """Publish the decision on the platform's public list (refused for a summary-procedure decision)."""
    with transaction.atomic():
        case = locked_case(actor, case)
        CASE_FLOW.require("publish", case.status)
        if case.procedure == Procedure.SUMMARY:
            raise refuse(
                E.NOT_PUBLISHED,
                _("简易程序作出的行政处罚决定（如当场警告）依规不予公示"),
                field="case",
                error=Conflict,
            )
        if case.publication_id:
            raise refuse(E.PUBLISHED, _("该处罚决定已公示"), field="case", error=Conflict)
        o = running(case, Limit.PUBLISH)
        at = now()
        due_by = timezone.localtime(o.due_at).date() if o else timezone.localdate()
        until = max(shown_until(case, at), due_by)
        draft = publication.publication_create(
            actor=actor,
            subject=case,
            kind=PublicationKind.PENALTY,
            title=f"{case.enterprise.name} 行政处罚 {case.decision_no}"[:200],
            body=(
                f"处罚决定书文号：{case.decision_no}\n违法行为类型：{case.get_violation_display()}\n"
                f"违法事实：{case.facts}\n处罚种类：{case.penalty_labels}\n"
                f"罚没款金额：{case.fine_yuan} 元\n作出决定日期：{timezone.localtime(case.decided_at):%Y-%m-%d}"
            ),
            channel="守护平台信用信息公示",
            rule_id="enforcement.publish-working-days",
            due_by=due_by,
            shown_until=until,
        )
        publication.publication_publish(actor=actor, publication=draft)
        finish(actor, case, Limit.PUBLISH, f"已公示，公示至 {until:%Y-%m-%d}")
        case = update_record(
            actor=actor,
            instance=case,
            changes={"publication_id": draft.pk},
            enterprise_id=case.enterprise_id,
            reason=f"公示至 {until:%Y-%m-%d}",
            action=A.CASE_PUBLISH,
        )
        sync(case)
        return case


def case_withdraw(*, actor: Actor, case: Case | int, reason: str = "") -> Case:
    """Withdraw the publication of an annulled decision (the 3-working-day obligation is done)."""
    with transaction.atomic():
        case = locked_case(actor, case)
        if case.status != CaseStatus.ANNULLED:
            raise refuse(E.CASE_STATE, _("只有已撤销的处罚决定撤回公示"), field="case", error=Conflict)
        shown = published(case)
        if shown is None:
            raise refuse(E.CASE_STATE, _("该处罚决定没有在公示中的信息"), field="case", error=Conflict)
        publication.publication_withdraw(
            actor=actor,
            publication=shown,
            reason=(reason or "").strip() or f"处罚决定已撤销：{case.end_note}"[:300],
        )
        finish(actor, case, Limit.WITHDRAW, "已撤回公示信息")
        sync(case)
        return case
