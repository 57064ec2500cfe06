"""Planning: a jurisdiction's yearly plan (双随机 from a recorded seed), its inspection tasks as workflow
obligations, the team of a task, and the conflicts of interest that keep an inspector off an enterprise.

A plan is written whole or not at all: the pure planner (`risk.planning.build`) runs first, and a seed
used by any other plan, an enterprise left with fewer than two eligible inspectors or an ungraded
enterprise refuses the plan before a row is written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.accounts.models import User
from shouhu.core import access, hooks, ledger
from shouhu.core.access import Actor, division_prefix
from shouhu.core.bulkinsert import reserve_ids
from shouhu.core.errors import Conflict, refuse
from shouhu.core.roles import Role
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise
from shouhu.workflow.obligations.services import obligation_create_many

from .. import planning
from ..error_codes import RiskError as E
from ..events import RiskAction as A
from ..models import (
    ConflictKind,
    ConflictOfInterest,
    InspectionPlan,
    InspectionTask,
    PlanOrdering,
    PlanStatus,
    RiskProfile,
)
from .grading import _in_jurisdiction, scheme_for

MIN_INSPECTION_RULE = "risk.min-inspections"  # overlay-2026: the obligations' citation


def conflict_record(
    *, actor: Actor, inspector: Any, enterprise: Enterprise, kind: str, note: str = ""
) -> ConflictOfInterest:
    access.require(actor, "risk.conflict.record")
    access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=enterprise.pk)
    if getattr(inspector, "role", None) != Role.INSPECTOR:
        raise refuse(E.INSPECTOR_INVALID, _("只能为监管检查人员登记回避事由"), field="inspector")
    if kind not in ConflictKind.values:
        raise refuse(E.INSPECTOR_INVALID, _("回避事由无效"), field="kind")
    if ConflictOfInterest.objects.filter(inspector=inspector, enterprise=enterprise, kind=kind).exists():
        raise refuse(E.CONFLICT_EXISTS, _("该回避事由已登记"), field="kind", error=Conflict)
    row = ConflictOfInterest(inspector=inspector, enterprise=enterprise, kind=kind, note=note.strip())
    return create_record(actor=actor, instance=row, enterprise_id=enterprise.pk, action=A.CONFLICT_CREATE)


def _inspectors(division_code: str) -> list[int]:
    return list(
        User.objects.filter(
            role=Role.INSPECTOR, is_active=True, division_code__startswith=division_prefix(division_code)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _candidates(division_code: str, year: int) -> list[planning.Candidate]:
    prefix = division_prefix(division_code)
    profiles = list(
        RiskProfile.objects.filter(division_code__startswith=prefix).values_list(
            "enterprise_id", "level", "focus"
        )
    )
    missing = Enterprise.objects.filter(division_code__startswith=prefix).exclude(
        pk__in=[p[0] for p in profiles]
    )
    if missing.exists():
        raise refuse(
            E.NOT_GRADED,
            _("辖区内有 %(n)s 家企业尚未评定风险等级，请先进行年度评定"),
            params={"n": missing.count()},
            error=Conflict,
        )
    last = dict(
        InspectionTask.objects.filter(division_code__startswith=prefix, done_on__isnull=False)
        .values("enterprise_id")
        .annotate(d=Max("done_on"))
        .values_list("enterprise_id", "d")
    )
    # a higher office's inspection done in the last months of the previous year or this year
    higher = dict(
        InspectionTask.objects.filter(
            division_code__startswith=prefix,
            done_on__year__gte=year - 1,
            plan__division_code__in=_above(division_code),
        )
        .values("enterprise_id")
        .annotate(d=Max("done_on"))
        .values_list("enterprise_id", "d")
    )
    return [
        planning.Candidate(eid, level, tuple(focus or ()), last.get(eid), higher.get(eid))
        for eid, level, focus in profiles
    ]


def _above(code: str) -> list[str]:
    return [c for c in dict.fromkeys([code[:2] + "0000", code[:4] + "00"]) if c != code]


def _ranking(division_code: str, ordering: str, candidates: list[planning.Candidate]) -> dict | None:
    """The learned ranking (issue 33) when the planner chose it: asked through `core.hooks.plan_ranking`."""
    if ordering not in PlanOrdering.values:
        raise refuse(E.ORDERING_INVALID, _("任务排序方式无效"), field="ordering")
    if ordering == PlanOrdering.GRADE:
        return None
    found = hooks.plan_ranking(division_code, [c.id for c in candidates])
    if not found:
        raise refuse(
            E.NO_MODEL,
            _("本辖区没有已启用的风险靶向模型（评估证明优于仅按等级排序的模型），请按风险等级排序"),
            field="ordering",
            error=Conflict,
        )
    return found


def plan_create(
    *, actor: Actor, division_code: str, year: int, seed: str, ordering: str = PlanOrdering.GRADE
) -> InspectionPlan:
    """Draft the yearly plan of a jurisdiction from the current grades; `seed` recorded and never reused.

    `ordering="model"` orders the tasks inside each grade's quota by the promoted targeting ranking (never
    changing who is inspected or how often); the choice and the model version are recorded on the plan."""
    access.require(actor, "risk.plan")
    _in_jurisdiction(actor, division_code)
    seed = str(seed or "").strip()
    if not seed:
        raise refuse(E.SEED_REQUIRED, _("须填写随机种子（用于复现抽取结果）"), field="seed")
    today = timezone.localdate()
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not today.year - 1 <= year <= today.year + 1:
        raise refuse(E.YEAR_INVALID, _("计划年度须为去年、今年或明年"), field="year")
    if InspectionPlan.objects.filter(seed=seed).exists():
        raise refuse(
            E.SEED_REUSED,
            _("随机种子 %(seed)s 已用于其他计划，不得重复使用"),
            params={"seed": seed},
            field="seed",
            error=Conflict,
        )
    sch = scheme_for(division_code)
    freq = dict(sch.min_inspections)
    p = sch.params
    candidates = _candidates(division_code, year)
    ranking = _ranking(division_code, str(ordering or PlanOrdering.GRADE), candidates)
    try:
        drafted = planning.build(
            candidates,
            _inspectors(division_code),
            set(ConflictOfInterest.objects.values_list("inspector_id", "enterprise_id")),
            seed=seed,
            year=year,
            frequencies=freq,
            full_coverage_years=int(p.get("risk.full-coverage-years", 2)),
            min_team=int(p.get("risk.min-inspectors", 2)),
            no_repeat_months=int(p.get("risk.no-repeat-months", 3)),
            ranking=ranking["order"] if ranking else None,
        )
    except planning.PlanError as exc:
        name = Enterprise.objects.filter(pk=exc.enterprise_id).values_list("name", flat=True).first() or ""
        raise refuse(
            E.TOO_FEW_INSPECTORS,
            _("%(name)s 可抽取的无利害关系检查人员只有 %(n)s 名，不足 2 名"),
            params={"name": name, "n": exc.eligible},
            error=Conflict,
        ) from None
    items = list(p.get("risk.inspection-items", []))
    summary = {
        "tasks": len(drafted.tasks),
        "eligible": drafted.eligible,
        "selected": drafted.selected,
        "per_level": dict(Counter(t.level for t in drafted.tasks)),
        "inspectors": len(_inspectors(division_code)),
        "ordering": PlanOrdering.MODEL if ranking else PlanOrdering.GRADE,
        "model_version": ranking["version"] if ranking else "",
    }
    with transaction.atomic():
        plan = create_record(
            actor=actor,
            instance=InspectionPlan(
                division_code=division_code,
                year=year,
                scheme_id=sch.id,
                seed=seed,
                frequencies=freq,
                summary=summary,
                ordering=summary["ordering"],
                model_version=summary["model_version"],
                created_by=actor,
            ),
            enterprise_id=None,
            action=A.PLAN_CREATE,
        )
        _write_tasks(actor, plan, drafted.tasks, items)
    return plan


def _write_tasks(
    actor: Actor, plan: InspectionPlan, drafts: list[planning.TaskDraft], items: list[str]
) -> None:
    """The plan's tasks in one raw insert, each with its ledger entry (on the platform chain, with the plan)."""
    divisions = dict(
        Enterprise.objects.filter(pk__in={d.enterprise_id for d in drafts}).values_list("pk", "division_code")
    )
    ids = reserve_ids(InspectionTask, len(drafts))
    now = timezone.now()
    tasks = []
    for pk, d in zip(ids, drafts, strict=True):
        tasks.append(
            InspectionTask(
                id=pk, created_at=now, updated_at=now, plan=plan, enterprise_id=d.enterprise_id,
                division_code=divisions[d.enterprise_id], level=d.level, round=d.round,
                window_start=d.window_start, window_end=d.window_end, team=list(d.team), items=items,
                focus=list(d.focus), priority=d.priority,
            )
        )  # fmt: skip
    InspectionTask.objects.bulk_create(tasks, batch_size=500)
    ledger.append_many(
        actor=actor,
        enterprise_id=None,
        entries=[
            ledger.NewEntry(
                A.TASK_CREATE, InspectionTask._meta.label, str(t.pk), str(t)[:300], ledger.snapshot(t)
            )
            for t in tasks
        ],
    )


def plan_issue(*, actor: Actor, plan: InspectionPlan) -> InspectionPlan:
    """Issue the plan: every task becomes an obligation of the jurisdiction's office, due at its window end."""
    access.require(actor, "risk.plan")
    _in_jurisdiction(actor, plan.division_code)
    tz = timezone.get_current_timezone()
    citation = scheme_for(plan.division_code).cites.get(MIN_INSPECTION_RULE, "")
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)  # a second click waits
        if plan.status == PlanStatus.ISSUED:
            raise refuse(E.PLAN_ISSUED, _("该计划已下达"), error=Conflict)
        tasks = list(
            plan.tasks.select_related("enterprise").filter(obligation_id__isnull=True).order_by("pk")
        )
        made = obligation_create_many(
            actor=actor,
            specs=[
                {
                    "subject": task,
                    "title": str(
                        _("监督检查：%(name)s（第%(n)s次）") % {"name": task.enterprise.name, "n": task.round}
                    ),
                    "kind": "risk.inspection",
                    "rule_id": MIN_INSPECTION_RULE,
                    "owner_kind": "office",
                    "owner_division": plan.division_code,
                    "unit": "calendar_days",
                    "amount": (task.window_end - task.window_start).days + 1,
                    "starts_at": dt.datetime.combine(task.window_start, dt.time.min, tzinfo=tz),
                    "citation": citation,
                }
                for task in tasks
            ],
        )
        for task, ob in zip(tasks, made, strict=True):
            task.obligation_id = ob.pk
        InspectionTask.objects.bulk_update(tasks, ["obligation_id"], batch_size=1000)
        return update_record(
            actor=actor,
            instance=plan,
            changes={"status": PlanStatus.ISSUED},
            enterprise_id=None,
            reason=str(_("下达计划")),
            action=A.PLAN_ISSUE,
        )


def task_team_set(
    *, actor: Actor, task: InspectionTask, inspector_ids: list[Any], reason: str
) -> InspectionTask:
    """Change a task's team: at least two distinct inspectors of the jurisdiction, none with a conflict."""
    access.require(actor, "risk.plan")
    _in_jurisdiction(actor, task.division_code)
    try:
        ids = sorted({int(i) for i in inspector_ids})
    except (TypeError, ValueError):
        raise refuse(E.INSPECTOR_INVALID, _("检查人员无效"), field="team") from None
    minimum = int(scheme_for(task.division_code).params.get("risk.min-inspectors", 2))
    if len(ids) < minimum:
        raise refuse(
            E.TOO_FEW_INSPECTORS, _("检查组不得少于 %(n)s 名检查人员"), params={"n": minimum}, field="team"
        )
    valid = set(_inspectors(task.plan.division_code))
    if not set(ids) <= valid:
        raise refuse(E.INSPECTOR_INVALID, _("检查组成员须为本辖区监管检查人员"), field="team")
    clash = (
        ConflictOfInterest.objects.filter(inspector_id__in=ids, enterprise_id=task.enterprise_id)
        .select_related("inspector")
        .first()
    )
    if clash is not None:
        raise refuse(
            E.CONFLICT,
            _("%(name)s 与该企业有登记的利害关系（%(kind)s），应当回避"),
            params={
                "name": clash.inspector.get_full_name() or clash.inspector.username,
                "kind": clash.get_kind_display(),
            },
            field="team",
        )
    return update_record(
        actor=actor,
        instance=task,
        changes={"team": ids},
        enterprise_id=None,
        reason=reason or str(_("调整检查组")),
        action=A.TASK_TEAM,
    )
