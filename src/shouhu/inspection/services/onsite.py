"""On site: item results with notes and photos, then the conclusion and what follows from it.

A result is the kernel's (`result_record`, one per inspector and item, the worse counts); this service
checks first what the kernel cannot know — the item is in this inspection's checklist, the photo is an
image, the actor is on the team — so a refused request writes nothing (no photo, no row, no ledger entry).

Concluding asks the template's outcome rule (rule data) and acts on its flags, in one transaction: a failed
重点 item raises a case clue (publication kernel); a failed 一般 item is fixed on site (a note of what was
done) or becomes a finding with a rectification and a deadline — or a clue too, where the inspector judges
it affects safety. The 20-working-day publication duty becomes an obligation and a draft publication, and
the planning task's obligation is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import PermissionDenied, ServiceError, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.checklists.error_codes import ChecklistError as KE
from shouhu.workflow.checklists.models import ItemResult, TemplateItem
from shouhu.workflow.checklists.services import result_record as kernel_result
from shouhu.workflow.checklists.services import run_conclude
from shouhu.workflow.checklists.services.runs import run_verdict
from shouhu.workflow.evidence import content
from shouhu.workflow.evidence.selectors import evidence_get
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.findings.services import finding_issue, rectification_open
from shouhu.workflow.idempotent import client_uuid, replayed
from shouhu.workflow.obligations.models import Obligation, ObligationStatus
from shouhu.workflow.obligations.services import obligation_complete, obligation_create, parent_division
from shouhu.workflow.publication.services import clue_raise, publication_create
from shouhu.workflow.subjects import subject_of

from .. import roles
from ..error_codes import InspectionError as E
from ..events import InspectionAction as A
from ..models import FLOW, FollowUp, FollowUpKind, Inspection, State
from .common import inspection_of, param
from .licensing_link import reverification_due
from .team import require_owner

RESULT_WORDS = {"符合": "pass", "不符合": "fail", "不适用": "na", "conform": "pass", "nonconform": "fail"}
FIX_ACTIONS = ("on_site", "rectify", "clue")
PUBLISH_RULE = "inspection.publish-working-days"
HAZARD_RULE = "inspection.system-hazard-report-hours"


def _member(actor: Actor, inspection: Inspection) -> None:
    if not roles.holds_inspector(actor, subject_of(inspection)):
        raise refuse(E.NOT_MEMBER, _("您不是本次检查的检查人员"), error=PermissionDenied)


def _item(inspection: Inspection, item_id: str) -> TemplateItem:
    item = TemplateItem.objects.filter(template_id=inspection.template_id, item_id=item_id).first()
    if item is None:
        raise refuse(
            E.ITEM_UNKNOWN,
            _("项目 %(item)s 不在本次检查的检查表中"),
            params={"item": item_id},
            field="item_id",
        )
    return item


def _check_photo(photo: bytes) -> None:
    try:
        content.sniff(photo, content.IMAGE_TYPES)
    except ServiceError:
        raise refuse(E.PHOTO_NOT_IMAGE, _("照片须为 JPEG 或 PNG 图片"), field="photo") from None


def result_record(
    *,
    actor: Actor,
    inspection: Inspection | int,
    item_id: str,
    result: str,
    note: str = "",
    photo: bytes | None = None,
    photo_name: str = "",
    evidence_id: int | None = None,
    client_id: Any = None,
) -> ItemResult:
    """The actor's result of one item (符合 / 不符合 / 不适用), with a note and optionally a photo (the bytes,
    or an evidence file already uploaded: it must be an image of the inspected enterprise)."""
    inspection = inspection_of(actor, inspection)
    access.require(actor, "inspection.record")
    if client_id not in (None, ""):  # a phone's replay (issue 26): before the photo is stored a second time
        earlier = replayed(ItemResult, client_uuid(client_id), actor, KE.CLIENT_ID_TAKEN)
        if earlier is not None:
            return earlier
    FLOW.require("score", inspection.state)
    item = _item(inspection, item_id)
    _member(actor, inspection)
    require_owner(actor, inspection, item)
    result = RESULT_WORDS.get(result, result)
    if photo:
        _check_photo(photo)
    evidence = None
    if evidence_id is not None and not photo:
        evidence = evidence_get(actor, evidence_id)
        if evidence.content_type not in content.IMAGE_TYPES:
            raise refuse(E.PHOTO_NOT_IMAGE, _("照片须为 JPEG 或 PNG 图片"), field="evidence_id")
    with transaction.atomic():
        if photo:
            evidence = evidence_create(
                actor=actor,
                content=photo,
                name=photo_name or "photo",
                subject=subject_of(inspection.enterprise),
                note=f"{inspection.number} {item_id}"[:300],
                allowed=content.IMAGE_TYPES,
            )
        row = kernel_result(
            actor=actor,
            run=inspection.run,
            item_id=item_id,
            result=result,
            note=note,
            evidence=evidence,
            client_id=client_id,
        )
        if inspection.state == State.PLANNED:
            update_record(
                actor=actor,
                instance=inspection,
                changes={"state": State.IN_PROGRESS, "started_at": timezone.now()},
                enterprise_id=inspection.enterprise_id,
                reason=str(_("开始现场检查")),
                action=A.INSPECTION_START,
            )
    return row


def _evidence_of(inspection: Inspection, item: TemplateItem) -> list[dict[str, Any]]:
    return [
        {"id": pk, "sha256": sha}
        for pk, sha in ItemResult.objects.filter(
            run_id=inspection.run_id, item=item, evidence__isnull=False
        ).values_list("evidence_id", "evidence__sha256")
    ]


def _fixes(fixes: Mapping[str, Any], general_failed: set[str]) -> dict[str, dict[str, str]]:
    out = {}
    for item_id, raw in (fixes or {}).items():
        spec = raw if isinstance(raw, Mapping) else {"action": str(raw)}
        action = str(spec.get("action") or "rectify")
        note = str(spec.get("note") or "").strip()
        if item_id not in general_failed or action not in FIX_ACTIONS:
            raise refuse(
                E.FIX_INVALID,
                _("项目 %(item)s 不是不符合的一般项目，或处理方式无效"),
                params={"item": item_id},
                field="fixes",
            )
        if action == "on_site" and not note:
            raise refuse(
                E.FIX_NOTE_REQUIRED,
                _("当场整改须写明整改情况（项目 %(item)s）"),
                params={"item": item_id},
                field="fixes",
            )
        out[item_id] = {"action": action, "note": note}
    return out


def _publication_duty(actor: Actor, inspection: Inspection) -> tuple[Obligation, Any]:
    period = param(PUBLISH_RULE)
    cite = period.source.cite()
    title = str(_("公开监督检查结果：%(name)s") % {"name": inspection.enterprise.name})[:200]
    obligation = obligation_create(
        actor=actor,
        subject=inspection,
        title=title,
        kind="inspection.publish",
        rule_id=PUBLISH_RULE,
        citation=cite,
        owner_kind="office",
        owner_division=inspection.division_code,
        unit="working_days",
        amount=int(period.value),
        notify_owner=False,
    )
    publication = publication_create(
        actor=actor,
        subject=inspection,
        kind="inspection",
        title=title,
        rule_id=PUBLISH_RULE,
        citation=cite,
        due_by=timezone.localtime(obligation.due_at).date(),
        channel=str(_("本平台监督检查结果公开页")),
    )
    return obligation, publication


def _hazard_report(actor: Actor, inspection: Inspection, items: list[str]) -> Obligation:
    """A system inspection's major hazard (a failed 重点 item) is reported to the office above within the
    rule data's hours (Art 53, [check]): an obligation of that office's jurisdiction, tracked in its inbox."""
    hours = param(HAZARD_RULE)
    return obligation_create(
        actor=actor,
        subject=inspection,
        title=str(
            _("体系检查发现重大隐患，向上级报告：%(name)s（%(n)s项）")
            % {"name": inspection.enterprise.name, "n": len(items)}
        )[:200],
        kind="inspection.hazard_report",
        rule_id=HAZARD_RULE,
        citation=hours.source.cite(),
        owner_kind="office",
        owner_division=parent_division(inspection.division_code),
        unit="hours",
        amount=int(hours.value),
        notify_owner=False,
    )


@transaction.atomic
def inspection_conclude(
    *,
    actor: Actor,
    inspection: Inspection | int,
    fixes: Mapping[str, Any] | None = None,
    due_on: dt.date | None = None,
) -> Inspection:
    """Conclude by the outcome rule; `fixes` says per failed 一般 item: `on_site` (with a note), `rectify`
    (the default, due `due_on` or the rule data's period) or `clue` (it affects safety)."""
    inspection = inspection_of(actor, inspection, lock=True)
    access.require(actor, "inspection.record")
    target = FLOW.require("conclude", inspection.state)
    _member(actor, inspection)
    verdict = run_verdict(inspection.run)
    flagged = {f.code: set(f.items) for f in verdict.flags}
    plan = _fixes(fixes or {}, flagged.get("rectify", set()))
    today = timezone.localdate()
    due_on = due_on or today + dt.timedelta(days=int(param("inspection.rectification-days").value))
    if due_on < today:
        raise refuse(E.DATE_INVALID, _("整改期限不能早于今天"), field="due_on")
    run_conclude(actor=actor, run=inspection.run, reason=str(_("现场检查结束")))
    items = {i.item_id: i for i in TemplateItem.objects.filter(template_id=inspection.template_id)}
    subject = subject_of(inspection)
    ent = inspection.enterprise
    for item_id in sorted(flagged.get("case_clue", set()) | flagged.get("rectify", set())):
        item = items[item_id]
        action = "clue" if item.key else plan.get(item_id, {}).get("action", "rectify")
        note = plan.get(item_id, {}).get("note", "")
        followup = FollowUp(
            inspection=inspection, enterprise_id=ent.pk, item_id=item_id, key=item.key, note=note
        )
        evidence = _evidence_of(inspection, item)
        if action == "clue":
            clue = clue_raise(
                actor=actor,
                source="inspection.key_item" if item.key else "inspection.safety_item",
                subject=inspection,
                citation=item.citation or item.item_id,
                summary=str(
                    _("%(name)s：%(item)s（监督检查不符合）") % {"name": ent.name, "item": item.title}
                ),
                evidence=evidence,
                rule_id=item.item_id,
            )
            followup.kind, followup.clue_id = FollowUpKind.CLUE, clue.pk
        elif action == "on_site":
            followup.kind = FollowUpKind.ON_SITE
        else:
            finding = finding_issue(
                actor=actor,
                subject=subject,
                severity="major",
                title=item.title,
                description=item.text,
                citation=item.citation,
                rule_id=item.item_id,
                evidence=[e["id"] for e in evidence],
                run=inspection.run,
                item_id=item.item_id,
            )
            rect = rectification_open(actor=actor, finding=finding, due_on=due_on)
            followup.kind = FollowUpKind.RECTIFICATION
            followup.finding_id, followup.rectification_id = finding.pk, rect.pk
        create_record(actor=actor, instance=followup, enterprise_id=ent.pk, action=A.FOLLOWUP_CREATE)
    obligation, publication = _publication_duty(actor, inspection)
    reverification_due(actor, inspection, flagged.get("case_clue", set()) | flagged.get("rectify", set()))
    if inspection.kind == "system" and flagged.get("case_clue"):
        _hazard_report(actor, inspection, sorted(flagged["case_clue"]))
    if inspection.task_obligation_id:
        task_ob = Obligation.objects.filter(pk=inspection.task_obligation_id).first()
        if task_ob is not None and task_ob.status != ObligationStatus.DONE:
            obligation_complete(actor=actor, obligation=task_ob, note=inspection.number)
    return update_record(
        actor=actor,
        instance=inspection,
        changes={
            "state": target,
            "outcome": verdict.result,
            "concluded_at": timezone.now(),
            "publication_obligation_id": obligation.pk,
            "publication_id": publication.pk,
        },
        enterprise_id=ent.pk,
        reason=str(_("作出检查结论")),
        action=A.INSPECTION_CONCLUDE,
    )
