"""The credit file's writes: removal from the 严重违法失信名单 (early after 1 year, at 3 years), 信用修复 of a
published penalty (after 1 year of publication, the penalty fulfilled, harm removed, no repeat; refused
before the waiting period), and 曝光典型案例 from closed cases with personal data removed."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.obligations import due
from shouhu.workflow.publication import services as publication

from ..error_codes import EnforcementError as E
from ..events import EnforcementAction as A
from ..models import (
    Case,
    CaseStatus,
    CreditListEntry,
    CreditRepair,
    ListStatus,
    RepairStatus,
    TypicalCase,
)
from ._base import APPROVE, locked_case, now
from .publish import published

FULFILLED = (CaseStatus.EXECUTED, CaseStatus.CLOSED)


def _text(value: Any, field: str, message: Any) -> str:
    text = str(value or "").strip()
    if not text:
        raise refuse(E.NOTE_REQUIRED, message, field=field)
    return text


def _tenancy(actor: Actor) -> Any:
    return access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")


@transaction.atomic
def list_remove(*, actor: Actor, entry: CreditListEntry | int, early: bool, reason: str) -> CreditListEntry:
    """Remove from the list: early (提前移出) once a year has passed, otherwise at the end of 3 years."""
    access.require(actor, APPROVE)
    pk = entry.pk if isinstance(entry, CreditListEntry) else entry
    found = CreditListEntry.objects.filter(_tenancy(actor), pk=pk).select_for_update().first()
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    if found.status != ListStatus.LISTED:
        raise refuse(E.LIST_STATE, _("该企业已移出名单"), field="entry", error=Conflict)
    reason = _text(reason, "reason", _("请说明移出理由"))
    today = timezone.localdate()
    limit = found.early_from if early else found.removal_on
    if today < limit:
        raise refuse(
            E.LIST_WAIT,
            _("列入名单未满规定期限，%(date)s 起方可移出")
            if not early
            else _("列入名单未满1年，%(date)s 起方可申请提前移出"),
            params={"date": limit.isoformat()},
            field="early",
            error=Conflict,
        )
    return update_record(
        actor=actor,
        instance=found,
        changes={
            "status": ListStatus.REMOVED_EARLY if early else ListStatus.REMOVED,
            "removed_on": today,
            "removal_reason": reason[:300],
        },
        enterprise_id=found.enterprise_id,
        reason=reason,
        action=A.LIST_REMOVE,
    )


def repair_waits_until(case: Case) -> Any:
    """The first day a repair may be asked: 1 year after the publication (None: nothing published)."""
    shown = published(case)
    if shown is None or shown.published_at is None:
        return None
    years = int(regulation.param("enforcement.repair-wait-years"))
    return timezone.localtime(due.add(shown.published_at, years, "years").at).date()


def repair_apply(*, actor: Actor, case: Case | int, harm_removed: str, commitment: str) -> CreditRepair:
    """The enterprise asks to repair a published penalty; the waiting period and the conditions are checked."""
    access.require(actor, "enforcement.repair.apply")
    with transaction.atomic():
        pk = case.pk if isinstance(case, Case) else case
        found = (
            Case.objects.filter(_tenancy(actor), pk=pk).select_for_update(of=("self",)).first()
            if str(pk).isdigit()
            else None
        )
        if found is None:
            raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
        case = found
        start = repair_waits_until(case)
        if start is None:
            raise refuse(
                E.REPAIR_CONDITION, _("该处罚没有在公示中的信息，无需修复"), field="case", error=Conflict
            )
        if timezone.localdate() < start:
            raise refuse(
                E.REPAIR_WAIT,
                _("行政处罚信息公示未满1年，%(date)s 起方可申请信用修复"),
                params={"date": start.isoformat()},
                field="case",
                error=Conflict,
            )
        if case.status not in FULFILLED:
            raise refuse(E.REPAIR_CONDITION, _("行政处罚决定尚未履行完毕"), field="case", error=Conflict)
        repeat = Case.objects.filter(
            enterprise_id=case.enterprise_id,
            violation=case.violation,
            decided_at__gt=case.decided_at,
            status__in=(CaseStatus.DECIDED, *FULFILLED),
        ).exclude(pk=case.pk)
        if repeat.exists():
            raise refuse(
                E.REPAIR_CONDITION, _("此后又受到同类行政处罚，不予信用修复"), field="case", error=Conflict
            )
        if CreditRepair.objects.filter(case=case, status=RepairStatus.PENDING).exists():
            raise refuse(E.REPAIR_CONDITION, _("已有待审核的信用修复申请"), field="case", error=Conflict)
        return create_record(
            actor=actor,
            instance=CreditRepair(
                enterprise_id=case.enterprise_id,
                division_code=case.division_code,
                case=case,
                applied_at=now(),
                harm_removed=_text(harm_removed, "harm_removed", _("请说明消除危害后果的情况")),
                commitment=_text(commitment, "commitment", _("请填写信用承诺")),
            ),
            enterprise_id=case.enterprise_id,
            action=A.REPAIR_APPLY,
            reason=f"申请修复 {case.decision_no}",
        )


@transaction.atomic
def repair_decide(
    *, actor: Actor, repair: CreditRepair | int, approve: bool | None, note: str
) -> CreditRepair:
    """Approve (the publication stops being shown) or refuse a repair, with the reviewer's opinion."""
    access.require(actor, APPROVE)
    pk = repair.pk if isinstance(repair, CreditRepair) else repair
    found = CreditRepair.objects.filter(_tenancy(actor), pk=pk).select_for_update().first()
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    if found.status != RepairStatus.PENDING:
        raise refuse(E.REPAIR_CONDITION, _("该申请已审核"), field="repair", error=Conflict)
    if approve is None:
        raise refuse(E.REPAIR_CONDITION, _("请选择予以修复或不予修复"), field="approve")
    note = _text(note, "note", _("请填写审核意见"))
    if approve and (shown := published(found.case)) is not None:
        publication.publication_withdraw(actor=actor, publication=shown, reason=f"信用修复：{note}"[:300])
    return update_record(
        actor=actor,
        instance=found,
        changes={
            "status": RepairStatus.APPROVED if approve else RepairStatus.REFUSED,
            "decided_at": now(),
            "decision_note": note,
        },
        enterprise_id=found.enterprise_id,
        reason=note,
        action=A.REPAIR_DECIDE,
    )


ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def redact(text: str, names: list[str]) -> tuple[str, int]:
    """Personal data out: the people's names known to the case, ID numbers, mobile and landline numbers."""
    count = 0
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        count += text.count(name)
        text = text.replace(name, name[0] + "某")
    for pattern, mask in (
        (ID_NUMBER, "[身份证号已隐去]"),
        (PHONE, "[电话已隐去]"),
        (LANDLINE, "[电话已隐去]"),
    ):
        text, n = pattern.subn(mask, text)
        count += n
    return text, count


def _people(case: Case) -> list[str]:
    from shouhu.registry.models import Person

    e = case.enterprise
    names = [e.legal_representative, e.contact_name]
    names += list(Person.objects.filter(enterprise_id=e.pk).values_list("name", flat=True))
    return names


def typical_publish(*, actor: Actor, case: Case | int, title: str, body: str) -> TypicalCase:
    """曝光典型案例 from a closed case: the text is stored with personal data removed."""
    with transaction.atomic():
        case = locked_case(actor, case, APPROVE)
        if case.status != CaseStatus.CLOSED:
            raise refuse(
                E.TYPICAL_STATE, _("只有已结案的案件可以作为典型案例发布"), field="case", error=Conflict
            )
        if TypicalCase.objects.filter(case=case).exists():
            raise refuse(E.TYPICAL_STATE, _("该案件已作为典型案例发布"), field="case", error=Conflict)
        names = _people(case)
        clean_title, _n = redact(_text(title, "title", _("请填写标题")), names)
        clean_body, _m = redact(_text(body, "body", _("请填写案情")), names)
        return create_record(
            actor=actor,
            instance=TypicalCase(
                case=case,
                division_code=case.division_code,
                title=clean_title[:200],
                body=clean_body,
                published_at=now(),
            ),
            enterprise_id=case.enterprise_id,
            action=A.TYPICAL_PUBLISH,
            reason=clean_title[:200],
        )
