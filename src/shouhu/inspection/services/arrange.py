"""Arranging an inspection: from a risk planning task (its team and obligation) or ad hoc; ≥ 2 inspectors.

The checklist is built here, once, from the rule data in force today for the enterprise's products
(`checklist.inspection_source` through the kernel's `template_from_source`), and a kernel run is opened on
the inspection, so what was scored is always read against the items of that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.roles import Role
from shouhu.core.services import create_record, update_record
from shouhu.production.selectors import enterprise_profiles
from shouhu.registry.models import Enterprise
from shouhu.risk.models import ConflictOfInterest, InspectionTask
from shouhu.workflow.checklists.services import run_open, template_from_source
from shouhu.workflow.subjects import in_scope, subject_of

from .. import checklist, roles
from ..error_codes import InspectionError as E
from ..events import InspectionAction as A
from ..models import Inspection, Kind, Member, Origin
from .common import param, user

INSPECTOR_ROLES = frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN})


def _team(ids: Iterable[Any], enterprise: Enterprise) -> list[Any]:
    try:
        wanted = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise refuse(E.INSPECTOR_INVALID, _("检查人员无效"), field="inspector_ids") from None
    minimum = int(param("inspection.min-inspectors").value)
    if len(wanted) < minimum:
        raise refuse(
            E.TEAM_TOO_SMALL,
            _("监督检查不得少于%(n)s名检查人员"),
            params={"n": minimum},
            field="inspector_ids",
        )
    users = list(get_user_model().objects.filter(pk__in=wanted, is_active=True, role__in=INSPECTOR_ROLES))
    found = {u.pk for u in users}
    for u in users:
        if not in_scope(u, enterprise.pk, enterprise.division_code):
            found.discard(u.pk)
    missing = [i for i in wanted if i not in found]
    if missing:
        raise refuse(
            E.INSPECTOR_INVALID,
            _("检查人员须为该企业所在辖区的监管检查人员"),
            field="inspector_ids",
            inspectors=missing,
        )
    conflicted = list(
        ConflictOfInterest.objects.filter(inspector_id__in=wanted, enterprise=enterprise).values_list(
            "inspector_id", flat=True
        )
    )
    if conflicted:
        raise refuse(
            E.INSPECTOR_CONFLICT,
            _("检查人员与该企业存在应回避的利害关系"),
            field="inspector_ids",
            inspectors=sorted(set(conflicted)),
        )
    return sorted(users, key=lambda u: wanted.index(u.pk))


def inspection_create(
    *,
    actor: Actor,
    enterprise_id: int | None = None,
    task_id: int | None = None,
    kind: str = Kind.ROUTINE,
    inspector_ids: Iterable[Any] | None = None,
    planned_on: dt.date | None = None,
    contract: bool = False,
) -> Inspection:
    """An inspection of an enterprise: from the planning task `task_id` (its enterprise, team, obligation) or
    ad hoc for `enterprise_id`. The first inspector named leads."""
    access.require(actor, "inspection.arrange")
    task = None
    if task_id is not None:
        task = access.get_scoped(InspectionTask.objects.select_related("enterprise"), actor, pk=task_id)
        enterprise = task.enterprise
        if Inspection.objects.filter(task=task).exists():
            raise refuse(E.TASK_TAKEN, _("该检查任务已安排检查"), error=Conflict, field="task_id")
        if inspector_ids is None:
            inspector_ids = task.team
    else:
        enterprise = access.get_scoped(
            Enterprise.objects.all(), actor, enterprise_field=None, pk=enterprise_id or 0
        )
    if kind not in Kind.values:
        raise refuse(E.KIND_INVALID, _("检查类型无效"), field="kind")
    team = _team(inspector_ids or (), enterprise)
    today = timezone.localdate()
    with transaction.atomic():
        template = template_from_source(
            actor=actor,
            source=checklist.SOURCE,
            params={
                "kind": kind,
                "profiles": enterprise_profiles(enterprise.pk),
                "contract": bool(contract),
            },
            as_of=today,
            title=f"{Kind(kind).label}：{enterprise.name}"[:200],
            subject=subject_of(enterprise),
            scorer_role=roles.INSPECTOR,
        )
        inspection = create_record(
            actor=actor,
            instance=Inspection(
                enterprise=enterprise,
                division_code=enterprise.division_code,
                kind=kind,
                origin=Origin.PLAN if task else Origin.AD_HOC,
                task=task,
                task_obligation_id=task.obligation_id if task else None,
                planned_on=planned_on or (task.window_start if task and task.window_start > today else today),
                contract=bool(contract),
                template=template,
                created_by=user(actor),
            ),
            enterprise_id=enterprise.pk,
            action=A.INSPECTION_CREATE,
        )
        for n, member in enumerate(team):
            create_record(
                actor=actor,
                instance=Member(inspection=inspection, user=member, lead=n == 0),
                enterprise_id=enterprise.pk,
                action=A.MEMBER_ADD,
            )
        run = run_open(actor=actor, template=template, subject=subject_of(inspection), title=template.title)
        return update_record(
            actor=actor,
            instance=inspection,
            changes={"run": run},
            enterprise_id=enterprise.pk,
            reason=str(_("打开检查表")),
            action=A.INSPECTION_CREATE,
        )
