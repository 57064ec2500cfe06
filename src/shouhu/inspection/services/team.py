"""Item owners (负责人) of an inspection's checklist: a system inspection is run by a team in which each
member owns sections (areas) or single items; only an item's owner — or the team lead (组长) — records
its result. The lead assigns; each assignment is a ledger entry on the member's row (`Member.items`).

In a system inspection an item nobody owns is the lead's; in a routine inspection (two inspectors walking
the site together) any member scores an item nobody owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import PermissionDenied, refuse
from shouhu.core.services import update_record
from shouhu.workflow.checklists.models import TemplateItem

from ..error_codes import InspectionError as E
from ..events import InspectionAction as A
from ..models import FLOW, Inspection, Kind, Member
from .common import inspection_of


def owners_of(
    inspection: Inspection, item: TemplateItem, members: list[Member] | None = None
) -> list[Member]:
    """The members who own `item` (by its id or its area)."""
    members = members if members is not None else list(inspection.members.select_related("user"))
    return [m for m in members if item.item_id in (m.items or ()) or item.group in (m.items or ())]


def may_score(inspection: Inspection, item: TemplateItem, user_id: int, members: list[Member]) -> bool:
    me = next((m for m in members if m.user_id == user_id), None)
    if me is None:
        return False
    if me.lead:
        return True
    owners = owners_of(inspection, item, members)
    if owners:
        return any(m.user_id == user_id for m in owners)
    return inspection.kind != Kind.SYSTEM


def require_owner(actor: Actor, inspection: Inspection, item: TemplateItem) -> None:
    members = list(inspection.members.select_related("user"))
    if may_score(inspection, item, getattr(actor, "pk", None), members):
        return
    owners = owners_of(inspection, item, members) or [m for m in members if m.lead]
    raise refuse(
        E.NOT_ITEM_OWNER,
        _("项目「%(item)s」由%(owner)s负责：只有该项目的负责人或组长可以记录结果"),
        params={
            "item": item.title,
            "owner": "、".join(m.user.display_name or m.user.username for m in owners),
        },
        error=PermissionDenied,
        field="item_id",
    )


@transaction.atomic
def owners_assign(*, actor: Actor, inspection: Inspection | int, owners: Mapping[str, Any]) -> list[Member]:
    """The lead assigns each area code or item id in `owners` to a member (its user id; empty = nobody).
    Parts not named keep their owner. Refused, writing nothing, for a part not in the checklist, a user
    not on the team, an actor who is not the lead, or an inspection already concluded."""
    inspection = inspection_of(actor, inspection, lock=True)
    access.require(actor, "inspection.record")
    FLOW.require("score", inspection.state)
    members = list(inspection.members.select_related("user"))
    if not any(m.lead and m.user_id == getattr(actor, "pk", None) for m in members):
        raise refuse(E.NOT_LEAD, _("只有检查组组长可以分配检查项目"), error=PermissionDenied)
    items = TemplateItem.objects.filter(template_id=inspection.template_id)
    parts = set(items.values_list("group", flat=True)) | set(items.values_list("item_id", flat=True))
    by_user = {m.user_id: m for m in members}
    plan: dict[str, int | None] = {}
    for part, who in (owners or {}).items():
        if part not in parts:
            raise refuse(
                E.ITEM_UNKNOWN,
                _("项目 %(item)s 不在本次检查的检查表中"),
                params={"item": part},
                field="owners",
            )
        try:
            uid = int(who) if who not in (None, "", 0, "0") else None
        except (TypeError, ValueError):
            uid = -1
        if uid is not None and uid not in by_user:
            raise refuse(E.NOT_MEMBER, _("负责人须为本次检查的检查人员"), field="owners")
        plan[part] = uid
    changed = []
    for m in members:
        mine = [p for p in (m.items or []) if p not in plan]
        mine += sorted(p for p, uid in plan.items() if uid == m.user_id)
        if mine != list(m.items or []):
            changed.append(
                update_record(
                    actor=actor,
                    instance=m,
                    changes={"items": mine},
                    enterprise_id=inspection.enterprise_id,
                    reason=str(_("分配检查项目负责人")),
                    action=A.MEMBER_ASSIGN,
                )
            )
    return changed
