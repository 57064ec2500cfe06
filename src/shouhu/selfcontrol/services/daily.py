"""日管控: the officer's 《每日食品安全检查记录》 against the daily points of the list in force.

Only problems are listed (every other daily point was checked and found in order), so a day with none is
a 零风险 record of its own. Each problem carries what was seen and the immediate measure; by severity:

* minor — corrected on the spot: the record is all;
* major — a kernel finding (self-found) and an obligation on the director to order its rectification;
* critical (an accident hazard, FSL 第四十七条) — the finding, production stopped from that day
  (附件1 #16), and an obligation of the county bureau's office, which reaches its inbox.

One record per enterprise and day: a second is refused unless it names the record it corrects, and then
it is a new version (the corrected one stays). A day in the future, before the list, or inside a stop is
refused. Nothing is written on any refusal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, PermissionDenied, ServiceError, refuse
from shouhu.core.roles import Role
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise
from shouhu.workflow import idempotent
from shouhu.workflow.checklists.hooks import barred_from_own_role
from shouhu.workflow.findings.services import finding_issue
from shouhu.workflow.obligations.services import obligation_create
from shouhu.workflow.subjects import subject_of

from ..error_codes import SelfcontrolError as E
from ..events import SelfcontrolAction as A
from ..models import DailyCheck, ProductionStop, RiskList, Severity
from ..roles import director_required
from ..tally import bump
from .common import enterprise_for, label_of, user_of
from .stops import overlapping, stop_record

MAX_BULK = 400  # records per push: a year of one enterprise's days fits
FINDING_SEVERITY = {Severity.MAJOR: "major", Severity.CRITICAL: "critical"}


def _problems(raw: Iterable[Mapping[str, Any]], points: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    seen: set[str] = set()
    for p in raw:
        point_id = str(p.get("point_id") or "")
        if point_id not in points:
            raise refuse(
                E.POINT_UNKNOWN,
                _("风险点 %(point)s 不在今日检查的清单中"),
                params={"point": point_id},
                field="problems",
            )
        if point_id in seen:
            raise refuse(E.PROBLEM_INVALID, _("风险点 %(point)s 重复"), params={"point": point_id})
        seen.add(point_id)
        severity = str(p.get("severity") or Severity.MINOR)
        if severity not in Severity.values:
            raise refuse(E.SEVERITY_INVALID, _("问题严重程度无效"), field="severity")
        note, measure = str(p.get("note") or "").strip(), str(p.get("measure") or "").strip()
        if not note or not measure:
            raise refuse(
                E.PROBLEM_INVALID,
                _("风险点「%(title)s」的问题须写明发现的情况和已采取的措施"),
                params={"title": points[point_id]["title"][:40]},
                field="problems",
            )
        out.append(
            {
                "point_id": point_id,
                "title": points[point_id]["title"],
                "severity": severity,
                "note": note[:1000],
                "measure": measure[:1000],
            }
        )
    return out


def _check_role(actor: Actor, name: str) -> str:
    access.require(actor, "selfcontrol.daily.record")
    if getattr(actor, "role", None) == Role.INTEGRATION:
        if not name.strip():
            raise refuse(E.NAME_REQUIRED, _("推送的检查记录须写明检查人"), field="checked_by_name")
        return name.strip()[:100]
    if getattr(actor, "role", None) != Role.OFFICER:
        raise refuse(E.NAME_REQUIRED, _("每日检查由食品安全员记录"), error=PermissionDenied)
    return label_of(actor)[:100]


@transaction.atomic
def daily_record(
    *,
    actor: Actor,
    day: date,
    problems: Iterable[Mapping[str, Any]] = (),
    enterprise: Enterprise | int | None = None,
    corrects: DailyCheck | int | None = None,
    reason: str = "",
    checked_by_name: str = "",
    client_id: Any = None,
) -> DailyCheck:
    cid = idempotent.client_uuid(client_id)
    existing = idempotent.replayed(DailyCheck, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    name = _check_role(actor, checked_by_name)
    ent = enterprise_for(actor, enterprise)
    if barred_from_own_role(actor, subject_of(ent)):
        raise refuse(
            E.PERSON_BARRED,
            _("您经监督抽查考核不合格，补考合格前不得记录日管控检查（细则第三十条）"),
            error=PermissionDenied,
        )
    today = timezone.localdate()
    if day > today:
        raise refuse(
            E.DAY_FUTURE, _("不能提交未来日期（%(day)s）的检查记录"), params={"day": day}, field="day"
        )
    risk_list = RiskList.objects.filter(enterprise=ent).first()
    if risk_list is None:
        raise refuse(E.NO_LIST, _("本企业尚未生成风险管控清单"), error=Conflict)
    if day < risk_list.adopted_on:
        raise refuse(E.DAY_BEFORE_LIST, _("检查日期早于清单启用日期"), field="day")
    if ProductionStop.objects.filter(overlapping(ent.pk, day, day)).exists():
        raise refuse(
            E.DAY_STOPPED, _("%(day)s 处于停产期间，无需日管控记录"), params={"day": day}, field="day"
        )
    previous = DailyCheck.objects.select_for_update().filter(enterprise=ent, day=day, current=True).first()
    if corrects is not None:
        corrects_pk = corrects.pk if isinstance(corrects, DailyCheck) else int(corrects)
        if previous is None or previous.pk != corrects_pk:
            raise refuse(E.CORRECTS_OTHER, _("只能更正该日现行的检查记录"), field="corrects", error=Conflict)
        if not reason.strip():
            raise refuse(E.REASON_REQUIRED, _("更正记录须写明原因"), field="reason")
    elif previous is not None:
        raise refuse(
            E.DAY_DUPLICATE,
            _("%(day)s 已有检查记录；如需更正，请提交更正版本"),
            params={"day": day},
            error=Conflict,
            field="day",
        )
    version = risk_list.versions.get(number=risk_list.current)
    points = {p["point_id"]: p for p in version.live_points("daily")}
    found = _problems(problems, points)
    hazard = any(p["severity"] == Severity.CRITICAL for p in found)
    if previous is not None:
        update_record(
            actor=actor,
            instance=previous,
            changes={"current": False},
            enterprise_id=ent.pk,
            reason=reason.strip(),
            action=A.DAILY_CORRECT,
        )
    check = create_record(
        actor=actor,
        instance=DailyCheck(
            client_id=cid,
            enterprise=ent,
            day=day,
            revision=(previous.revision + 1) if previous else 1,
            corrects=previous,
            list_version=version,
            checked=len(points),
            problems=found,
            zero_risk=not found,
            hazard=hazard,
            checked_by=user_of(actor),
            checked_by_name=name,
            reason=reason.strip()[:300],
        ),
        enterprise_id=ent.pk,
        action=A.DAILY_CORRECT if previous else A.DAILY_RECORD,
    )
    # the month tally, in this transaction: a correction changes only whether the day was zero-risk
    bump(ent.pk, day, 0 if previous else 1, int(check.zero_risk) - int(bool(previous and previous.zero_risk)))
    if found:
        _escalate(actor, check, ent, found)
    return check


def _escalate(actor: Actor, check: DailyCheck, ent: Enterprise, found: list[dict[str, Any]]) -> None:
    subject = subject_of(check)
    for p in found:
        if p["severity"] == Severity.MINOR:
            continue
        finding_issue(
            actor=actor,
            subject=subject,
            severity=FINDING_SEVERITY[p["severity"]],
            title=f"{p['title'][:150]}：{p['note'][:100]}",
            description=str(_("已采取措施：%(m)s") % {"m": p["measure"]}),
            rule_id=p["point_id"],
            item_id=p["point_id"],
        )
        obligation_create(
            actor=actor,
            subject=check,
            title=str(_("日管控发现问题，安排整改：%(t)s") % {"t": p["title"][:80]}),
            kind="selfcontrol.rectify",
            rule_id="selfcontrol.routines",
            owner_kind="role",
            owner_role=Role.DIRECTOR if director_required(ent) else Role.PRINCIPAL,
            unit="calendar_days",
            amount=3,
        )
    if check.hazard:
        if not ProductionStop.objects.filter(overlapping(ent.pk, check.day, check.day)).exists():
            stop_record(
                actor=actor,
                enterprise=ent,
                starts_on=check.day,
                reason=str(_("日管控发现事故隐患，立即停止生产")),
                hazard=True,
            )
        hours = int(regulation.param("selfcontrol.hazard-report-hours") or 24)
        obligation_create(
            actor=actor,
            subject=check,
            title=str(_("%(e)s 报告食品安全事故隐患并已停产") % {"e": ent.name}),
            kind="selfcontrol.hazard",
            rule_id="selfcontrol.hazard-report-hours",
            owner_kind="office",
            owner_division=ent.division_code,
            unit="hours",
            amount=hours,
        )


def daily_record_many(
    *, actor: Actor, records: list[Mapping[str, Any]], enterprise: Enterprise | int | None = None
) -> list[DailyCheck]:
    """A pushed batch (an enterprise system's records): all or nothing; a refusal names its index."""
    if len(records) > MAX_BULK:
        raise refuse(
            E.BULK_TOO_LARGE, _("一次最多推送 %(n)s 条记录"), params={"n": MAX_BULK}, field="records"
        )
    out = []
    with transaction.atomic():
        for index, entry in enumerate(records):
            try:
                out.append(daily_record(actor=actor, enterprise=enterprise, **dict(entry)))
            except ServiceError as exc:
                exc.details["index"] = index
                raise
    return out


def days(first: date, last: date) -> Iterable[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)
