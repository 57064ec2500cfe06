"""自查报告 (细则 第六十五条): the enterprise's periodic self-inspection, reported to its county bureau.

* The frequency is the enterprise's own choice (`plan_set`): no national minimum was found, so rule data
  `selfcontrol.self-inspection-months` [check] is only the default offered; the choice, who made it and
  when are kept (a change is a new plan row, the old one kept).
* A period's report opens with a checklist generated from the 细则 for the enterprise's varieties — the
  kernel's `rules` template source, the generator licensing's on-site checklists use — and a kernel run.
* Each item is scored by the principal or director; an item short of 符合 is a kernel finding (self-found),
  rectified through the kernel (ordered, answered, accepted by the enterprise's responsible people).
* Submission freezes the report (`data`: items, results, findings and their state) and sends it to the
  county: the PDF and the structured data are read from that frozen copy. Late past `due_on` (the
  period's end plus the grace days) still submits, marked late.

Nothing is written on a refusal: a period not yet begun, a second report for a period, a submission with
items unscored or twice.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, ServiceError, refuse
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise
from shouhu.workflow import idempotent
from shouhu.workflow.checklists.models import ItemResult, TemplateItem
from shouhu.workflow.checklists.schemes import MINOR, NONCONFORM
from shouhu.workflow.checklists.services import (
    result_record,
    run_conclude,
    run_open,
    template_from_source,
)
from shouhu.workflow.findings.services import finding_issue
from shouhu.workflow.subjects import subject_of

from .. import generate
from ..error_codes import SelfcontrolError as E
from ..events import SelfcontrolAction as A
from ..models import InspectionPlan, SelfInspection
from ..periods import period_of
from ..selectors import SI_PARAM as PARAM
from ..selectors import default_months, plan_for, report_data
from .common import enterprise_for, label_of, user_of

CHOICES = (1, 3, 6, 12)  # months an enterprise may choose between
SEVERITY = {NONCONFORM: "major", MINOR: "minor", "fail": "major"}


@transaction.atomic
def plan_set(
    *, actor: Actor, months: int, enterprise: Enterprise | int | None = None, starts_on: date | None = None
) -> InspectionPlan:
    access.require(actor, "selfcontrol.selfinspect")
    ent = enterprise_for(actor, enterprise)
    if months not in CHOICES:
        raise refuse(
            E.PLAN_MONTHS,
            _("自查周期须为 %(choices)s 个月之一"),
            params={"choices": "、".join(str(c) for c in CHOICES)},
            field="months",
        )
    today = timezone.localdate()
    start = (starts_on or today).replace(day=1)
    previous = InspectionPlan.objects.select_for_update().filter(enterprise=ent, current=True).first()
    if previous is not None and previous.months == months:
        raise refuse(E.NOTHING_CHANGED, _("自查周期未改变"), field="months", error=Conflict)
    if previous is not None:
        update_record(
            actor=actor,
            instance=previous,
            changes={"current": False},
            enterprise_id=ent.pk,
            reason=str(_("企业重新设定自查周期")),
            action=A.PLAN_SET,
        )
    return create_record(
        actor=actor,
        instance=InspectionPlan(
            enterprise=ent,
            months=months,
            starts_on=start,
            default_months=default_months(),
            rule_id=PARAM,
            chosen_by=user_of(actor),
            chosen_by_label=label_of(actor),
        ),
        enterprise_id=ent.pk,
        action=A.PLAN_SET,
    )


@transaction.atomic
def inspection_open(
    *,
    actor: Actor,
    enterprise: Enterprise | int | None = None,
    day: date | None = None,
    client_id: Any = None,
) -> SelfInspection:
    """Open the report of the period holding `day` (default today): its 细则 checklist and kernel run."""
    cid = idempotent.client_uuid(client_id)
    existing = idempotent.replayed(SelfInspection, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    access.require(actor, "selfcontrol.selfinspect")
    ent = enterprise_for(actor, enterprise)
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise refuse(E.DAY_FUTURE, _("自查周期尚未开始"), field="day")
    months, start, _plan = plan_for(ent.pk)
    first, last = period_of(start, months, max(day, start))
    if SelfInspection.objects.filter(enterprise=ent, starts_on=first).exists():
        raise refuse(
            E.SI_DUPLICATE,
            _("%(first)s 起的自查周期已有自查报告"),
            params={"first": first},
            field="day",
            error=Conflict,
        )
    profiles = generate.profiles_of(ent.pk)
    if not profiles:
        raise refuse(E.NO_PROFILES, _("本企业没有可生成自查表的许可品种"), error=Conflict)
    subject = subject_of(ent)
    template = template_from_source(
        actor=actor,
        source="rules",
        params={"profiles": profiles},
        as_of=today,
        title=str(_("%(e)s 食品安全自查表") % {"e": ent.name})[:200],
        subject=subject,
        verdict_rule="key_items",
        verdict_params={},
        min_scorers=1,
    )
    run = run_open(actor=actor, template=template, subject=subject, title=str(_("自查 %(f)s") % {"f": first}))
    grace = int(regulation.param("selfcontrol.grace-days") or 0)
    return create_record(
        actor=actor,
        instance=SelfInspection(
            client_id=cid,
            enterprise=ent,
            starts_on=first,
            ends_on=last,
            due_on=last + timedelta(days=grace),
            months=months,
            template=template,
            run=run,
        ),
        enterprise_id=ent.pk,
        action=A.SI_OPEN,
    )


def _get(actor: Actor, inspection: SelfInspection | int) -> SelfInspection:
    pk = inspection.pk if isinstance(inspection, SelfInspection) else inspection
    return access.get_scoped(
        SelfInspection.objects.select_for_update(of=("self",)).select_related("run", "template"),
        actor,
        pk=pk,
    )


@transaction.atomic
def inspection_score(
    *, actor: Actor, inspection: SelfInspection | int, results: list[dict[str, Any]]
) -> list[ItemResult]:
    """Score items (`item_id`, `result`, `measured`, `note`); an item short of 符合 becomes a finding.
    All or nothing; a refusal names the entry's index."""
    access.require(actor, "selfcontrol.selfinspect")
    si = _get(actor, inspection)
    if si.state != SelfInspection.State.OPEN:
        raise refuse(E.SI_SUBMITTED, _("自查报告已提交，不能再修改"), error=Conflict)
    subject = subject_of(si)
    titles = dict(TemplateItem.objects.filter(template_id=si.template_id).values_list("item_id", "title"))
    out = []
    for index, entry in enumerate(results):
        try:
            r = result_record(
                actor=actor,
                run=si.run,
                item_id=str(entry.get("item_id") or ""),
                result=str(entry.get("result") or ""),
                measured=entry.get("measured"),
                note=str(entry.get("note") or "")[:1000],
            )
            if r.result in SEVERITY:
                if not str(entry.get("note") or "").strip():
                    raise refuse(
                        E.PROBLEM_INVALID,
                        _("「%(title)s」不符合，须写明发现的问题"),
                        params={"title": titles.get(r.item.item_id, "")[:40]},
                        field="note",
                    )
                finding_issue(
                    actor=actor,
                    subject=subject,
                    severity=SEVERITY[r.result],
                    title=f"{titles.get(r.item.item_id, '')[:150]}：{str(entry.get('note'))[:100]}",
                    citation=r.item.citation[:300],
                    rule_id=r.item.item_id,
                    run=si.run,
                    item_id=r.item.item_id,
                )
        except ServiceError as exc:
            exc.details["index"] = index
            raise
        out.append(r)
    return out


@transaction.atomic
def inspection_submit(*, actor: Actor, inspection: SelfInspection | int, conclusion: str) -> SelfInspection:
    """Submit to the county: every item scored, a conclusion written; the report frozen as data."""
    access.require(actor, "selfcontrol.selfinspect")
    si = _get(actor, inspection)
    if si.state != SelfInspection.State.OPEN:
        raise refuse(E.SI_SUBMITTED, _("自查报告已提交"), error=Conflict)
    if not conclusion.strip():
        raise refuse(E.REASON_REQUIRED, _("请填写自查结论"), field="conclusion")
    run = run_conclude(actor=actor, run=si.run, reason=str(_("自查完成")))  # refuses while items are unscored
    si.run = run
    data = report_data(si)
    data["conclusion"] = conclusion.strip()[:4000]
    now = timezone.now()
    data["submitted_at"] = now.isoformat()
    return update_record(
        actor=actor,
        instance=si,
        changes={
            "state": SelfInspection.State.SUBMITTED,
            "conclusion": conclusion.strip()[:4000],
            "data": data,
            "submitted_at": now,
            "submitted_by": user_of(actor),
            "submitted_by_label": label_of(actor),
        },
        enterprise_id=si.enterprise_id,
        reason=str(_("提交自查报告")),
        action=A.SI_SUBMIT,
    )
