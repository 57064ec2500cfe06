"""Demo self-control (issue 19): a year of 日管控/周排查/月调度 for a few demo enterprises, with realistic gaps.

Written through the selfcontrol services, so every record is in the ledger as a real one would be:

* the first enterprise keeps its routine (a missed day now and then, a few problems, reports filed);
* the second skips production days and some weekly reports (it ranks last in the county's view);
* the third stopped production for a month (停产 then 复产, 附件1 #16) — those days owe nothing;
* the fourth found an accident hazard five days ago: production stopped, the county's inbox has the report.

自查报告 (`_self_inspections`): the first chose a monthly self-inspection and submitted last month's report
(one shortfall, rectified and accepted through the kernel) and has this month's in progress; the second
chose half-yearly and has not submitted the last half-year's report (missing for the county);
the third chose quarterly and submitted its last quarter's report now, past the due day (late).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from shouhu.demo import names

PROBLEMS = [
    ("地面有积水", "已清扫并查找漏水点"),
    ("更衣室消毒液浓度不足", "已重新配制并复测"),
    ("原料库温湿度记录缺一次", "已补记并提醒库管员"),
    ("包装间灭蝇灯不亮", "已更换灯管"),
]


@dataclass
class SelfcontrolResult:
    enterprises: list[str] = field(default_factory=list)
    daily: int = 0
    reports: int = 0
    stops: int = 0
    hazards: int = 0
    self_inspections: int = 0
    overdue_todos: int = 0


def _director_name(enterprise: Any, username: str) -> str:
    """The person filed as the enterprise's 食品安全总监 (or officer), else an invented name seeded by the
    username: a person's name like 王丽华, not the enterprise's name plus a title."""
    from shouhu.registry.models import Person

    for role in ("director", "officer"):
        person = Person.objects.filter(enterprise=enterprise, role=role, active=True).order_by("pk").first()
        if person is not None:
            return person.name
    return names.person_name(random.Random(username))


def _director(enterprise: Any, principal: Any) -> Any:
    from django.contrib.auth import get_user_model

    from shouhu.core.roles import Role

    User = get_user_model()
    username = principal.username.rsplit("_", 1)[0] + "_director"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username,
            password=principal.password,  # the demo's one password hash
            role=Role.DIRECTOR,
            enterprise=enterprise,
            display_name=_director_name(enterprise, username),
        )
    return user


def generate_selfcontrol(
    rng: random.Random,
    enterprises: Sequence[Any],
    *,
    days: int = 365,
    limit: int = 4,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> SelfcontrolResult:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shouhu.core.errors import ServiceError
    from shouhu.core.roles import Role
    from shouhu.selfcontrol import services as sc
    from shouhu.selfcontrol.periods import month_of, week_of
    from shouhu.selfcontrol.roles import director_required

    User = get_user_model()
    today = today or timezone.localdate()
    result = SelfcontrolResult()
    chosen = []
    for ent in enterprises:
        principal = User.objects.filter(enterprise=ent, role=Role.PRINCIPAL).order_by("pk").first()
        officer = User.objects.filter(enterprise=ent, role=Role.OFFICER).order_by("pk").first()
        if principal and officer:
            chosen.append((ent, principal, officer))
        if len(chosen) >= limit:
            break
    start = today - timedelta(days=days)
    for index, (ent, principal, officer) in enumerate(chosen):
        try:
            risk_list = sc.risklist_generate(actor=principal, enterprise=ent, adopted_on=start)
        except ServiceError:
            continue
        result.enterprises.append(ent.name)
        signer = _director(ent, principal) if director_required(ent) else principal
        if index == 0:
            version = risk_list.versions.get(number=1)
            sc.risklist_revise(
                actor=signer,
                enterprise=ent,
                reason="新增金属异物管控点，停用不适用条款",
                add=[
                    {
                        "title": "金属探测器灵敏度验证",
                        "measures": "每班开机用Fe/SUS标准块验证并记录",
                        "frequency": "daily",
                    }
                ],
                retire=[version.live_points("monthly")[-1]["point_id"]],
            )
        stopped: tuple[date, date] | None = None
        if index == 2:
            stopped = (start + timedelta(days=days // 3), start + timedelta(days=days // 3 + 29))
            stop = sc.stop_record(actor=principal, starts_on=stopped[0], reason="设备改造升级，停产一个月")
            sc.stop_resume(
                actor=principal,
                stop=stop,
                resumes_on=stopped[1] + timedelta(days=1),
                note="设备清洗消毒、试运行合格",
            )
            result.stops += 1
        skip = {0: 0.02, 1: 0.18}.get(index, 0.04)
        hazard_day = today - timedelta(days=5) if index == 3 else None
        points = None
        day = start
        while day < today:
            if hazard_day and day > hazard_day:
                break
            if (stopped and stopped[0] <= day <= stopped[1]) or rng.random() < skip:
                day += timedelta(days=1)
                continue
            if points is None or day.day == 1:
                rl = type(risk_list).objects.get(pk=risk_list.pk)
                points = rl.versions.get(number=rl.current).live_points("daily")
            problems = []
            if day == hazard_day:
                problems = [
                    {
                        "point_id": points[0]["point_id"],
                        "note": "杀菌工序温度记录仪失灵，本班产品杀菌温度无法确认",
                        "measure": "隔离本班全部产品，停机检修",
                        "severity": "critical",
                    }
                ]
                result.hazards += 1
            elif rng.random() < 0.05:
                note, measure = rng.choice(PROBLEMS)
                problems = [
                    {
                        "point_id": rng.choice(points)["point_id"],
                        "note": note,
                        "measure": measure,
                        "severity": "major" if rng.random() < 0.3 else "minor",
                    }
                ]
            sc.daily_record(actor=officer, enterprise=ent, day=day, problems=problems)
            result.daily += 1
            day += timedelta(days=1)
        # weekly and monthly reports; the second enterprise misses a third of its weeks
        monday = week_of(start)[0] + timedelta(days=7)
        while monday + timedelta(days=6) < today:
            if not (index == 1 and rng.random() < 0.35) and not (
                stopped and stopped[0] <= monday <= stopped[1]
            ):
                try:
                    sc.report_file(
                        actor=signer,
                        enterprise=ent,
                        kind="weekly",
                        starts_on=monday,
                        body="本周按清单排查，问题均已整改闭环。",
                    )
                    result.reports += 1
                except ServiceError:
                    pass
            monday += timedelta(days=7)
        first = month_of(start)[0]
        while True:
            first = month_of(first + timedelta(days=32))[0]
            if month_of(first)[1] >= today:
                break
            try:
                sc.report_file(
                    actor=principal,
                    enterprise=ent,
                    kind="monthly",
                    starts_on=first,
                    body="听取食品安全总监本月工作汇报，通报日管控、周排查情况。",
                    priorities="下月重点：原料验收、杀菌工序温度监控、人员卫生。",
                )
                result.reports += 1
            except ServiceError:
                pass
        result.self_inspections += _self_inspections(index, ent, principal, today)
        if progress:
            progress(f"self-control: {ent.name}")
    # what the nightly beat would raise: the county's to-dos for duties missing past the grace days
    from shouhu.selfcontrol.services.overdue import overdue_raise
    from shouhu.selfcontrol.tasks import OVERDUE

    result.overdue_todos = overdue_raise(actor=OVERDUE, today=today)
    return result


def _score_all(si: Any, principal: Any, shortfall: str = "") -> None:
    from shouhu.selfcontrol import services as sc
    from shouhu.workflow.checklists.models import TemplateItem

    items = list(TemplateItem.objects.filter(template_id=si.template_id).order_by("position"))
    results = [{"item_id": i.item_id, "result": "na" if i.scheme == "measured" else "conform"} for i in items]
    if shortfall:
        n = next((n for n, i in enumerate(items) if i.scheme == "graded"), None)
        if n is not None:
            results[n] = {"item_id": items[n].item_id, "result": "nonconform", "note": shortfall}
    sc.inspection_score(actor=principal, inspection=si, results=results)


def _self_inspections(index: int, ent: Any, principal: Any, today: date) -> int:
    """The self-inspection reports of the demo's first three enterprises (see the module's docstring)."""
    from shouhu.core.errors import ServiceError
    from shouhu.selfcontrol import services as sc
    from shouhu.selfcontrol.periods import add_months
    from shouhu.workflow.findings.models import Finding
    from shouhu.workflow.findings.services import (
        rectification_accept,
        rectification_answer,
        rectification_open,
    )

    made = 0
    try:
        if index == 0:
            sc.plan_set(actor=principal, months=1, starts_on=add_months(today, -6))
            last_month = add_months(today, -1)
            si = sc.inspection_open(actor=principal, day=last_month)
            _score_all(si, principal, shortfall="成品库防鼠板高度不足60厘米")
            finding = Finding.objects.filter(
                subject_type="selfcontrol.selfinspection", subject_id=str(si.pk)
            ).first()
            if finding is not None:
                rect = rectification_open(actor=principal, finding=finding, due_on=today + timedelta(days=7))
                rectification_answer(actor=principal, rectification=rect, answer="已更换为60厘米防鼠板")
                rectification_accept(actor=principal, rectification=rect, note="现场复核合格")
            sc.inspection_submit(actor=principal, inspection=si, conclusion="总体符合，1项已整改闭环。")
            sc.inspection_open(actor=principal)  # this month's: in progress
            made += 2
        elif index == 1:  # a half-yearly choice whose last ended period (before last month) has no report
            sc.plan_set(actor=principal, months=6, starts_on=add_months(today, -13))
        elif index == 2:
            sc.plan_set(actor=principal, months=3, starts_on=add_months(today, -12))
            si = sc.inspection_open(actor=principal, day=add_months(today, -3))
            _score_all(si, principal)
            sc.inspection_submit(actor=principal, inspection=si, conclusion="各项符合要求。")
            made += 1
    except ServiceError:
        pass
    return made
