"""The plan builder: a plan per product with its HACCP team; versions whose flow (ordered steps from 表5—7),
hazards per step (pre-filled from rule data with citations), decision-tree answers and CCPs are edited
while drafted, then signed by the team leader, frozen (content + SHA-256) and diffable; the on-site check
of the flow (验证). Signing puts the version in force, supersedes the last, marks pending changes
reviewed, completes the review duty and schedules the next review and each CCP's verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.rules.hazards import decide, hazards_for, steps_for
from shouhu.workflow.obligations.services import obligation_complete, obligation_create

from .. import limits
from ..error_codes import HaccpError as E
from ..events import HaccpAction as A
from ..models import (
    CCP,
    Basis,
    Change,
    FlowCheck,
    Hazard,
    Plan,
    PlanVersion,
    Step,
    TeamMember,
    TeamRole,
    VersionStatus,
)
from ._common import MANAGE, covering_plan, draft_of, enterprise_of, in_force, plan_for

NAMESPACE = uuid.UUID("6b0e2f39-0d0b-4f61-9d3e-21a7c0c0a021")
REVIEW_RULE, VERIFY_RULE = "haccp.review-months", "haccp.verification-days"


def _user_of(enterprise_id: int, user: Any) -> Any:
    pk = getattr(user, "pk", user)
    found = get_user_model().objects.filter(pk=pk, enterprise_id=enterprise_id).first()
    if found is None:  # another enterprise's user is not revealed
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "user"})
    return found


def plan_create(
    *, actor: Actor, product: Any, title: str, leader: Any, family: str = "", intended_use: str = ""
) -> Plan:
    """A plan for the product, its team leader, and a first draft pre-filled from the rule data."""
    access.require(actor, MANAGE)
    ent = enterprise_of(actor)
    if product is None or product.enterprise_id != ent:
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "product"})
    if covering_plan(product.pk) is not None:  # its own plan, or a family plan covers it
        raise refuse(E.PLAN_EXISTS, _("该产品已有HACCP计划"), field="product")
    with transaction.atomic():
        plan = create_record(
            actor=actor,
            instance=Plan(
                enterprise_id=ent, product=product, family=family, title=title, intended_use=intended_use
            ),
            enterprise_id=ent,
            action=A.PLAN_CREATE,
        )
        team_add(actor=actor, plan=plan, user=leader, role=TeamRole.LEADER, duty=str(_("组长")))
        version = create_record(
            actor=actor,
            instance=PlanVersion(plan=plan, number=1, status=VersionStatus.DRAFT, note=str(_("初版"))),
            enterprise_id=ent,
            action=A.VERSION_DRAFT,
        )
        prefill(actor=actor, version=version)
    return plan


def prefill(*, actor: Actor, version: PlanVersion) -> PlanVersion:
    """The flow's steps (原料验收, then 表5—7 as they apply) and each step's hazards from the rule data."""
    eng = regulation.engine()
    profile = version.plan.product.profile
    ent = version.plan.enterprise_id
    steps: dict[str, Step] = {}
    for order, s in enumerate(steps_for(eng, profile), start=1):
        if s["name"] not in steps:
            steps[s["name"]] = create_record(
                actor=actor,
                instance=Step(version=version, order=order, name=s["name"], rule_id=s["rule_id"]),
                enterprise_id=ent,
                action=A.STEP_ADD,
            )
    for h in hazards_for(eng, profile):
        step = steps.get(h["step"])
        if step is None:
            continue
        create_record(
            actor=actor,
            instance=Hazard(
                version=version,
                step=step,
                type=h["type"],
                hazard=h["hazard"],
                control=h["control"],
                rule_id=h["rule_id"],
                citation=h["citation"],
                rule_limit=h["limit"],
            ),
            enterprise_id=ent,
            action=A.HAZARD_ADD,
        )
    return version


def team_add(
    *, actor: Actor, plan: Plan, user: Any, role: str = TeamRole.MEMBER, duty: str = ""
) -> TeamMember:
    plan = plan_for(actor, plan, MANAGE)
    member = _user_of(plan.enterprise_id, user)
    return create_record(
        actor=actor,
        instance=TeamMember(plan=plan, user=member, role=role, duty=duty),
        enterprise_id=plan.enterprise_id,
        action=A.TEAM_ADD,
    )


def _version(actor: Actor, version: PlanVersion | int) -> PlanVersion:
    pk = getattr(version, "pk", version)
    found = access.get_scoped(
        PlanVersion.objects.select_related("plan", "plan__product"),
        actor,
        pk=pk,
        enterprise_field="plan__enterprise",
    )
    access.require(actor, MANAGE)
    return found


def step_add(*, actor: Actor, version: PlanVersion | int, name: str) -> Step:
    v = draft_of(_version(actor, version))
    last = v.steps.order_by("-order").values_list("order", flat=True).first() or 0
    return create_record(
        actor=actor,
        instance=Step(version=v, order=last + 1, name=name),
        enterprise_id=v.plan.enterprise_id,
        action=A.STEP_ADD,
    )


def hazard_add(
    *, actor: Actor, version: PlanVersion | int, step: str, type: str, hazard: str, control: str = ""
) -> Hazard:
    v = draft_of(_version(actor, version))
    found = v.steps.filter(name=step).first()
    if found is None:
        raise refuse(E.STEP_UNKNOWN, _("流程中没有步骤 %(step)s"), params={"step": step}, field="step")
    return create_record(
        actor=actor,
        instance=Hazard(version=v, step=found, type=type, hazard=hazard, control=control),
        enterprise_id=v.plan.enterprise_id,
        action=A.HAZARD_ADD,
    )


def _hazard(actor: Actor, hazard: Hazard | int) -> Hazard:
    pk = getattr(hazard, "pk", hazard)
    found = access.get_scoped(
        Hazard.objects.select_related("version", "version__plan", "step"),
        actor,
        pk=pk,
        enterprise_field="version__plan__enterprise",
    )
    access.require(actor, MANAGE)
    draft_of(found.version)
    return found


def hazard_decide(*, actor: Actor, hazard: Hazard | int, answers: dict[str, bool | None]) -> Hazard:
    """Record the decision-tree answers (Codex: q1–q4) and the decision they give."""
    h = _hazard(actor, hazard)
    clean = {k: answers.get(k) for k in ("q1", "q2", "q3", "q4")}
    return update_record(
        actor=actor,
        instance=h,
        changes={**clean, "is_ccp": decide(clean)},
        enterprise_id=h.version.plan.enterprise_id,
        reason=str(_("关键控制点判断树")),
        action=A.HAZARD_DECIDE,
    )


def ccp_set(*, actor: Actor, hazard: Hazard | int, **fields: Any) -> CCP:
    """The CCP controlling a hazard the tree made one: its limit (never looser than the rule's; a stricter
    or rule-less one needs the document that sets it), monitoring, correction, verification, records."""
    h = _hazard(actor, hazard)
    if h.is_ccp is not True:
        raise refuse(E.CCP_NOT_DECIDED, _("判断树未将该危害判定为关键控制点"), field="hazard")
    rule = limits.rule_bound(h.rule_limit) if (h.rule_limit or {}).get("unit") == fields.get("unit") else None
    own = limits.Bound.of({"min": fields.get("limit_min"), "max": fields.get("limit_max")})
    if own is None:
        raise refuse(E.LIMIT_INVALID, _("关键限值须至少设定上限或下限"), field="limit_min")
    try:
        eff = limits.effective(rule, own)
    except limits.LimitInvalid:
        raise refuse(E.LIMIT_INVALID, _("下限不能高于上限"), field="limit_min") from None
    except limits.LimitLooser as exc:
        raise refuse(
            E.LIMIT_LOOSER,
            _("关键限值 %(own)s 宽于规则限值 %(rule)s（%(cite)s）"),
            params={
                "own": own.text(fields.get("unit", "")),
                "rule": rule.text(h.rule_limit["unit"]),
                "cite": h.citation,
            },
            field=f"limit_{exc.side}",
        ) from None
    if eff.basis != Basis.RULE and not (fields.get("document") or "").strip():
        raise refuse(
            E.DOCUMENT_REQUIRED,
            _("企业自定或严于规则的限值须注明设定它的文件（企业内控标准）"),
            field="document",
        )
    values = {
        **{
            k: fields.get(k)
            for k in (
                "parameter",
                "unit",
                "document",
                "monitor_what",
                "monitor_how",
                "times",
                "per",
                "monitor_who",
                "corrective_action",
                "verification",
            )
        },
        "limit_min": eff.limit.min,
        "limit_max": eff.limit.max,
        "basis": eff.basis,
        "rule_id": h.rule_id if rule else "",
        "rule_min": rule and rule.min,
        "rule_max": rule and rule.max,
    }
    if fields.get("records"):
        values["records"] = fields["records"]
    ent = h.version.plan.enterprise_id
    existing = CCP.objects.filter(hazard=h).first()
    if existing is not None:
        return update_record(
            actor=actor,
            instance=existing,
            changes=values,
            enterprise_id=ent,
            reason=str(_("修改关键控制点")),
            action=A.CCP_SET,
        )
    n = CCP.objects.filter(version=h.version).count() + 1
    return create_record(
        actor=actor,
        instance=CCP(version=h.version, code=f"CCP{n}", step=h.step, hazard=h, **values),
        enterprise_id=ent,
        action=A.CCP_SET,
    )


def content_of(version: PlanVersion) -> dict[str, Any]:
    """The version as plain data (frozen at signing; `selectors.diff` compares two)."""
    steps = list(version.steps.order_by("order"))
    hazards = list(version.hazards.select_related("step").order_by("step__order", "pk"))
    ccps = list(version.ccps.select_related("step", "hazard").order_by("code"))
    return {
        "steps": [s.name for s in steps],
        "hazards": [
            {
                "step": h.step.name,
                "type": h.type,
                "hazard": h.hazard,
                "control": h.control,
                "rule_id": h.rule_id,
                "answers": [h.q1, h.q2, h.q3, h.q4],
                "is_ccp": h.is_ccp,
            }
            for h in hazards
        ],
        "ccps": [
            {
                "code": c.code,
                "step": c.step.name,
                "hazard": c.hazard.hazard,
                "parameter": c.parameter,
                "unit": c.unit,
                "limit_min": c.limit_min,
                "limit_max": c.limit_max,
                "basis": c.basis,
                "document": c.document,
                "monitor": f"{c.monitor_what}/{c.monitor_how}/{c.times}/{c.per}/{c.monitor_who}",
                "corrective_action": c.corrective_action,
                "verification": c.verification,
                "records": c.records,
            }
            for c in ccps
        ],
    }


def version_sign(*, actor: Actor, version: PlanVersion | int, at: dt.datetime | None = None) -> PlanVersion:
    """The team leader signs: the version comes into force and the last one is superseded."""
    v = draft_of(_version(actor, version))
    plan = v.plan
    if not TeamMember.objects.filter(
        plan=plan, user_id=getattr(actor, "pk", None), role=TeamRole.LEADER
    ).exists():
        raise refuse(E.NOT_LEADER, _("只有本计划的HACCP小组组长可以签署"), field="signed_by")
    undecided = v.hazards.filter(is_ccp__isnull=True).count()
    uncovered = v.hazards.filter(is_ccp=True, ccps__isnull=True).count()
    if undecided or uncovered or not v.ccps.exists():
        raise refuse(
            E.INCOMPLETE,
            _("计划未完成：%(u)s 项危害未判断，%(c)s 个关键控制点未设定限值和监控（至少须有一个关键控制点）"),
            params={"u": undecided, "c": uncovered},
            field="version",
        )
    content = content_of(v)
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    now = at or timezone.now()
    with transaction.atomic():
        previous = in_force(plan.pk)
        if previous is not None:
            update_record(
                actor=actor,
                instance=previous,
                changes={"status": VersionStatus.SUPERSEDED},
                enterprise_id=plan.enterprise_id,
                reason=str(_("新版本签署")),
                action=A.VERSION_SIGN,
            )
        signed = update_record(
            actor=actor,
            instance=v,
            changes={
                "status": VersionStatus.SIGNED,
                "signed_by": actor,
                "signed_at": now,
                "content": content,
                "sha256": digest,
            },
            enterprise_id=plan.enterprise_id,
            reason=str(_("HACCP小组组长签署")),
            action=A.VERSION_SIGN,
        )
        Change.objects.filter(plan=plan, reviewed_version__isnull=True).update(reviewed_version=signed)
        _duties(actor, plan, signed, now)
    return signed


def _duties(actor: Actor, plan: Plan, version: PlanVersion, now: dt.datetime) -> None:
    from ..selectors import plan_obligations

    for o in plan_obligations(plan, ("haccp.review", "haccp.verify")):
        obligation_complete(actor=actor, obligation=o, note=str(_("新版本已签署")))
    obligation_create(
        actor=actor,
        subject=plan,
        title=str(_("%(plan)s 定期评审") % {"plan": plan.title}),
        kind="haccp.review",
        rule_id=REVIEW_RULE,
        owner_kind="role",
        owner_role="director",
        unit="months",
        amount=int(regulation.param(REVIEW_RULE)),
        starts_at=now,
        client_id=uuid.uuid5(NAMESPACE, f"review:{version.pk}"),
        notify_owner=False,
    )
    for c in version.ccps.all():
        obligation_create(
            actor=actor,
            subject=plan,
            title=str(_("%(code)s 验证：%(what)s") % {"code": c.code, "what": c.verification}),
            kind="haccp.verify",
            rule_id=VERIFY_RULE,
            owner_kind="role",
            owner_role="qa",
            unit="calendar_days",
            amount=int(regulation.param(VERIFY_RULE)),
            starts_at=now,
            client_id=uuid.uuid5(NAMESPACE, f"verify:{c.pk}"),
            notify_owner=False,
        )


def version_draft(*, actor: Actor, plan: Plan | int, note: str) -> PlanVersion:
    """A new draft copied from the version in force (a change is a new version, never an edit)."""
    plan = plan_for(actor, plan, MANAGE)
    if plan.versions.filter(status=VersionStatus.DRAFT).exists():
        return plan.versions.get(status=VersionStatus.DRAFT)
    base = in_force(plan.pk)
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    ent = plan.enterprise_id
    with transaction.atomic():
        v = create_record(
            actor=actor,
            instance=PlanVersion(plan=plan, number=number, status=VersionStatus.DRAFT, note=note),
            enterprise_id=ent,
            action=A.VERSION_DRAFT,
        )
        if base is None:
            return prefill(actor=actor, version=v)
        steps, hazards = {}, {}
        for s in base.steps.order_by("order"):
            steps[s.pk] = create_record(
                actor=actor,
                instance=Step(version=v, order=s.order, name=s.name, rule_id=s.rule_id),
                enterprise_id=ent,
                action=A.STEP_ADD,
            )
        for h in base.hazards.all():
            copy = {
                f: getattr(h, f)
                for f in (
                    "type",
                    "hazard",
                    "control",
                    "rule_id",
                    "citation",
                    "rule_limit",
                    "q1",
                    "q2",
                    "q3",
                    "q4",
                    "is_ccp",
                )
            }
            hazards[h.pk] = create_record(
                actor=actor,
                instance=Hazard(version=v, step=steps[h.step_id], **copy),
                enterprise_id=ent,
                action=A.HAZARD_ADD,
            )
        skip = {"id", "created_at", "updated_at", "version", "step", "hazard"}
        for c in base.ccps.all():
            copy = {f.name: getattr(c, f.name) for f in CCP._meta.concrete_fields if f.name not in skip}
            create_record(
                actor=actor,
                instance=CCP(version=v, step=steps[c.step_id], hazard=hazards[c.hazard_id], **copy),
                enterprise_id=ent,
                action=A.CCP_SET,
            )
    return v


def flow_check(
    *,
    actor: Actor,
    version: PlanVersion | int,
    checked_on: dt.date,
    checked_by: str,
    matches: bool,
    note: str = "",
) -> FlowCheck:
    """验证: the flow diagram walked on site against the running line."""
    v = _version(actor, version)
    return create_record(
        actor=actor,
        instance=FlowCheck(
            version=v, checked_on=checked_on, checked_by=checked_by, matches=matches, note=note
        ),
        enterprise_id=v.plan.enterprise_id,
        action=A.FLOW_CHECK,
    )
