"""The risk-control list: generated once from the enterprise's licences, then revised by the enterprise.

A revision adds, edits and retires points and writes a new version (the old one stays, frozen, so any two
are diffable); each version's daily points become a kernel checklist template, which the daily check
records against. Bad input (an unknown point, a point without measures, a revision changing nothing)
is refused and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise
from shouhu.workflow.checklists.services import template_from_list
from shouhu.workflow.subjects import subject_of

from .. import generate
from ..error_codes import SelfcontrolError as E
from ..events import SelfcontrolAction as A
from ..models import RiskList, RiskListVersion
from .common import enterprise_for, label_of, user_of

EDITABLE = ("title", "measures", "owner_role", "frequency", "group_label", "citation")


def _check_point(p: Mapping[str, Any]) -> None:
    if not str(p.get("title") or "").strip() or not str(p.get("measures") or "").strip():
        raise refuse(
            E.POINT_INVALID,
            _("风险点 %(point)s 须写明风险点和管控措施"),
            params={"point": p.get("point_id") or "?"},
            field="points",
        )
    if p.get("frequency") not in generate.FREQUENCIES:
        raise refuse(E.POINT_INVALID, _("检查频次须为每日、每周或每月"), field="frequency")
    if p.get("owner_role") not in generate.OWNER_ROLES:
        raise refuse(E.POINT_INVALID, _("责任岗位无效"), field="owner_role")


def _write_version(
    *, actor: Actor, risk_list: RiskList, number: int, points: list[dict[str, Any]], reason: str
) -> RiskListVersion:
    daily = [p for p in points if not p.get("retired") and p["frequency"] == "daily"]
    template = None
    if daily:
        template = template_from_list(
            actor=actor,
            title=str(_("每日食品安全检查（清单第%(n)s版）") % {"n": number}),
            items=[
                {
                    "item_id": p["point_id"],
                    "title": p["title"][:300],
                    "text": p["measures"],
                    "citation": p.get("citation", "")[:300],
                    "group": p.get("group", ""),
                    "scheme": "pass_fail",
                }
                for p in daily
            ],
            subject=subject_of(risk_list.enterprise),
            scorer_role="officer",
        )
    return create_record(
        actor=actor,
        instance=RiskListVersion(
            risk_list=risk_list,
            enterprise=risk_list.enterprise,
            number=number,
            points=points,
            reason=reason,
            template=template,
            created_by=user_of(actor),
            created_by_label=label_of(actor),
        ),
        enterprise_id=risk_list.enterprise_id,
        action=A.LIST_CREATE if number == 1 else A.LIST_REVISE,
        reason=reason,
    )


@transaction.atomic
def risklist_generate(
    *,
    actor: Actor,
    enterprise: Enterprise | int | None = None,
    as_of: date | None = None,
    adopted_on: date | None = None,
) -> RiskList:
    """The first list, from the enterprise's licensed categories and varieties (rule data, with citations).

    `as_of` picks the rules in force (default today); `adopted_on` is when the routine starts (default
    today; an enterprise moving its paper records onto the platform names the day it began).
    """
    access.require(actor, "selfcontrol.list.manage")
    ent = enterprise_for(actor, enterprise)
    if RiskList.objects.filter(enterprise=ent).exists():
        raise refuse(E.LIST_EXISTS, _("本企业已有风险管控清单，请在现行版本上修订"), error=Conflict)
    as_of = as_of or timezone.localdate()
    adopted_on = adopted_on or timezone.localdate()
    if adopted_on > timezone.localdate():
        raise refuse(E.DAY_FUTURE, _("启用日期不能晚于今天"), field="adopted_on")
    profiles = generate.profiles_of(ent.pk)
    if not profiles:
        raise refuse(E.NO_PROFILES, _("未找到本企业获证的食品类别和品种，无法生成清单"))
    points = generate.points_for(profiles, as_of)
    risk_list = create_record(
        actor=actor,
        instance=RiskList(enterprise=ent, adopted_on=adopted_on, current=1),
        enterprise_id=ent.pk,
        action=A.LIST_CREATE,
    )
    _write_version(
        actor=actor, risk_list=risk_list, number=1, points=points, reason=str(_("根据获证类别品种生成"))
    )
    return risk_list


@transaction.atomic
def risklist_revise(
    *,
    actor: Actor,
    enterprise: Enterprise | int | None = None,
    reason: str,
    add: Iterable[Mapping[str, Any]] = (),
    edit: Iterable[Mapping[str, Any]] = (),
    retire: Iterable[str] = (),
) -> RiskListVersion:
    """A new version: `add` new points, `edit` fields of existing ones, `retire` points by id."""
    access.require(actor, "selfcontrol.list.manage")
    ent = enterprise_for(actor, enterprise)
    risk_list = RiskList.objects.select_for_update().filter(enterprise=ent).first()
    if risk_list is None:
        raise refuse(E.NO_LIST, _("本企业尚未生成风险管控清单"), error=Conflict)
    if not reason.strip():
        raise refuse(E.REASON_REQUIRED, _("修订清单须写明原因"), field="reason")
    current = risk_list.versions.get(number=risk_list.current)
    points = [dict(p) for p in current.points]
    by_id = {p["point_id"]: p for p in points}
    for change in edit:
        point = by_id.get(str(change.get("point_id", "")))
        if point is None or point.get("retired"):
            raise refuse(
                E.POINT_UNKNOWN,
                _("清单中没有风险点 %(point)s"),
                params={"point": change.get("point_id")},
                field="edit",
            )
        for f in EDITABLE:
            if f in change and change[f] is not None:
                point[f] = str(change[f]).strip()
        _check_point(point)
    for point_id in retire:
        point = by_id.get(str(point_id))
        if point is None or point.get("retired"):
            raise refuse(
                E.POINT_UNKNOWN, _("清单中没有风险点 %(point)s"), params={"point": point_id}, field="retire"
            )
        point["retired"] = True
    n = sum(1 for p in points if p["point_id"].startswith("own."))
    for raw in add:
        n += 1
        point = {
            "point_id": str(raw.get("point_id") or f"own.{n:03d}"),
            "group": str(raw.get("group") or "own"),
            "group_label": str(raw.get("group_label") or _("企业自定")),
            "title": str(raw.get("title") or "").strip(),
            "measures": str(raw.get("measures") or "").strip(),
            "owner_role": str(raw.get("owner_role") or "officer"),
            "frequency": str(raw.get("frequency") or "daily"),
            "citation": str(raw.get("citation") or ""),
            "rule_id": "",
            "retired": False,
        }
        if point["point_id"] in by_id:
            raise refuse(
                E.POINT_DUPLICATE, _("风险点编号 %(point)s 已存在"), params={"point": point["point_id"]}
            )
        _check_point(point)
        points.append(point)
        by_id[point["point_id"]] = point
    if points == current.points:
        raise refuse(E.NOTHING_CHANGED, _("本次修订没有任何变化"))
    version = _write_version(
        actor=actor, risk_list=risk_list, number=current.number + 1, points=points, reason=reason.strip()
    )
    update_record(
        actor=actor,
        instance=risk_list,
        changes={"current": version.number},
        enterprise_id=ent.pk,
        reason=reason.strip(),
        action=A.LIST_REVISE,
    )
    return version
