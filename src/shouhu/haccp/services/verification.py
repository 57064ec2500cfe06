"""Verification (验证) of each CCP of the plan in force: a recurring duty of the obligations kernel (made at
signing, `plans._duties`), discharged here by a verification record — what was checked and found, the
result, the evidence file (workflow.evidence, its SHA-256 in the ledger), signed by a member of the plan's
HACCP team (the record's content and the evidence's hash frozen under a SHA-256). Recording it completes
the duty and schedules the next one; a result that does not conform needs the action taken."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.obligations.models import RUNNING, Obligation
from shouhu.workflow.obligations.services import obligation_complete, obligation_create
from shouhu.workflow.subjects import subject_of

from ..error_codes import HaccpError as E
from ..events import HaccpAction as A
from ..models import CCP, Plan, TeamMember, Verification
from ._common import MANAGE, in_force, plan_for
from .plans import NAMESPACE, VERIFY_RULE

KIND = "haccp.verify"


def duty_key(ccp_id: int, after: int | None = None) -> uuid.UUID:
    """The client id of a CCP's verification duty: the first (made at signing) or the one after a record."""
    return uuid.uuid5(NAMESPACE, f"verify:{ccp_id}" if after is None else f"verify:{ccp_id}:{after}")


def duties(plan: Plan) -> list[tuple[Obligation, CCP]]:
    """The plan's open verification duties, each with the CCP (of the version in force) it is for."""
    version = in_force(plan.pk)
    if version is None:
        return []
    ccps = list(version.ccps.select_related("step"))
    keys = {duty_key(c.pk): c for c in ccps}
    for v in Verification.objects.filter(ccp__in=ccps).values_list("pk", "ccp_id"):
        keys[duty_key(v[1], v[0])] = next(c for c in ccps if c.pk == v[1])
    found = Obligation.objects.filter(kind=KIND, client_id__in=keys, status__in=list(RUNNING)).order_by(
        "due_at"
    )
    return [(o, keys[o.client_id]) for o in found]


def verification_record(
    *,
    actor: Actor,
    plan: Plan | int,
    obligation: Obligation | int,
    done_on: dt.date,
    conforms: bool,
    summary: str,
    content: bytes,
    filename: str = "",
    action: str = "",
) -> Verification:
    """Record the verification the duty asks for, signed by the acting team member; the duty is completed
    and the next one scheduled. Nothing is written if any check fails."""
    plan = plan_for(actor, plan, MANAGE)
    pk = getattr(obligation, "pk", obligation)
    match = [(o, c) for o, c in duties(plan) if o.pk == pk]
    if not match:  # another plan's duty, one already done, or none
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "obligation"})
    duty, ccp = match[0]
    if not TeamMember.objects.filter(plan=plan, user_id=getattr(actor, "pk", None)).exists():
        raise refuse(E.NOT_TEAM, _("验证记录须由本计划的HACCP小组成员签署"), field="signed_by")
    summary, action = summary.strip(), action.strip()
    if not summary:
        raise refuse(E.VERIFICATION_INVALID, _("请填写验证内容及结果"), field="summary")
    if not content:
        raise refuse(E.VERIFICATION_INVALID, _("须上传验证证据（记录、校准证书或照片）"), field="file")
    if not conforms and not action:
        raise refuse(E.VERIFICATION_INVALID, _("验证不符合时须填写所采取的措施"), field="action")
    if done_on > timezone.localdate() or done_on < duty.starts_at.date() - dt.timedelta(days=366):
        raise refuse(E.VERIFICATION_INVALID, _("验证日期无效"), field="done_on")
    now = timezone.now()
    with transaction.atomic():
        evidence = evidence_create(
            actor=actor,
            content=content,
            name=filename,
            subject=subject_of(plan),
            note=f"{ccp.code} {summary}",
        )
        signed = {
            "plan": plan.pk,
            "version": ccp.version_id,
            "ccp": ccp.code,
            "obligation": duty.pk,
            "done_on": done_on.isoformat(),
            "conforms": conforms,
            "summary": summary,
            "action": action,
            "evidence_sha256": evidence.sha256,
            "signed_by": actor.pk,
            "signed_at": now.isoformat(),
        }
        digest = hashlib.sha256(json.dumps(signed, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
        record = create_record(
            actor=actor,
            instance=Verification(
                plan=plan,
                version_id=ccp.version_id,
                ccp=ccp,
                obligation=duty,
                done_on=done_on,
                conforms=conforms,
                summary=summary[:500],
                action=action[:300],
                evidence=evidence,
                signed_by=actor,
                signed_at=now,
                sha256=digest,
            ),
            enterprise_id=plan.enterprise_id,
            action=A.VERIFICATION_RECORD,
        )
        obligation_complete(actor=actor, obligation=duty, note=f"{ccp.code}：{summary}"[:300])
        obligation_create(
            actor=actor,
            subject=plan,
            title=str(_("%(code)s 验证：%(what)s") % {"code": ccp.code, "what": ccp.verification}),
            kind=KIND,
            rule_id=VERIFY_RULE,
            owner_kind="role",
            owner_role="qa",
            unit="calendar_days",
            amount=int(regulation.param(VERIFY_RULE)),
            starts_at=now,
            client_id=duty_key(ccp.pk, record.pk),
            notify_owner=False,
        )
    return record


def verification_list(actor: Actor, plan: Plan) -> Any:
    access.require(actor, "haccp.view")
    return Verification.objects.filter(plan=plan).select_related("ccp", "signed_by", "evidence")
