"""Run writes: open a run of a template on a subject, record one scorer's result of one item, conclude.

Scoring is one row per scorer and item (never overwritten: a second score by the same person is refused, a
replay of the same client id returns the first). Concluding asks the template's registered verdict rule,
over complete data only (every item with at least `min_scorers` results), and stores the verdict with its
flags; a `case_clue` flag is for the caller to act on (raise a clue through the obligations app).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, PermissionDenied, ServiceError, refuse
from shouhu.core.services import create_record, update_record
from shouhu.core.states import StateMachine, Transition

from ...evidence.selectors import evidence_get
from ...idempotent import client_uuid, replayed
from ...subjects import Subject, get_scoped, in_scope, not_found
from .. import schemes, verdicts
from ..error_codes import ChecklistError as E
from ..events import ChecklistAction as A
from ..hooks import holds
from ..models import ChecklistRun, ChecklistTemplate, ItemResult, RunState, TemplateItem

RUN_FLOW = StateMachine(
    RunState,
    {
        "score": Transition(_("评分"), {RunState.OPEN}),
        "conclude": Transition(_("作出结论"), {RunState.OPEN}, RunState.CONCLUDED),
    },
)


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None


def run_subject(run: ChecklistRun) -> Subject:
    return Subject(run.subject_type, run.subject_id, run.enterprise_id, run.division_code)


def run_open(
    *, actor: Actor, template: ChecklistTemplate, subject: Subject, client_id: Any = None, title: str = ""
) -> ChecklistRun:
    """A run of `template` on `subject` (already resolved inside the actor's tenancy)."""
    cid = client_uuid(client_id)
    existing = replayed(ChecklistRun, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    if not in_scope(actor, subject.enterprise_id, subject.division_code):
        raise not_found(subject_type=subject.type, subject_id=subject.id)
    return create_record(
        actor=actor,
        instance=ChecklistRun(
            client_id=cid,
            template=template,
            subject_type=subject.type,
            subject_id=subject.id,
            enterprise_id=subject.enterprise_id,
            division_code=subject.division_code,
            title=title or template.title,
            opened_by=_user(actor),
        ),
        enterprise_id=subject.enterprise_id,
        action=A.RUN_OPEN,
    )


def _measured(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise refuse(E.MEASURED_REQUIRED, _("测量值须为数字"), field="measured") from None


def result_record(
    *,
    actor: Actor,
    run: ChecklistRun | int,
    item_id: str,
    result: str = "",
    measured: Any = None,
    note: str = "",
    evidence: Any = None,
    client_id: Any = None,
) -> ItemResult:
    """One scorer's (the actor's) result of one item. A replayed client id returns the stored result."""
    cid = client_uuid(client_id)
    existing = replayed(ItemResult, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    if not isinstance(run, ChecklistRun):
        run = get_scoped(ChecklistRun.objects.select_related("template"), actor, pk=run)
    template = run.template
    item = TemplateItem.objects.filter(template_id=run.template_id, item_id=item_id).first()
    if item is None:
        raise refuse(
            E.ITEM_NOT_IN_RUN, _("项目 %(item)s 不在本次检查中"), params={"item": item_id}, field="item_id"
        )
    RUN_FLOW.require("score", run.state)
    if template.scorer_role and not holds(actor, template.scorer_role, run_subject(run)):
        raise refuse(
            E.NOT_IN_ROLE,
            _("评分人须为「%(role)s」"),
            params={"role": template.scorer_role},
            error=PermissionDenied,
        )
    value = _measured(measured)
    try:
        decided = schemes.result_of(item.scheme, result, value, item.limits)
    except schemes.SchemeError as exc:
        code = {
            "measured.required": E.MEASURED_REQUIRED,
            "measured.invalid": E.MEASURED_REQUIRED,
            "measured.mismatch": E.MEASURED_MISMATCH,
        }.get(exc.code, E.RESULT_INVALID)
        field = "measured" if code != E.RESULT_INVALID else "result"
        raise refuse(
            code,
            _("项目 %(item)s 的评分无效（%(detail)s）"),
            params={"item": item_id, "detail": str(exc)},
            field=field,
        ) from None
    if evidence is not None and not hasattr(evidence, "sha256"):
        evidence = evidence_get(actor, evidence)
    if evidence is not None and evidence.enterprise_id != run.enterprise_id:
        raise refuse(E.EVIDENCE_OTHER_OWNER, _("证据文件不属于被检查对象"), field="evidence")
    user = _user(actor)
    if ItemResult.objects.filter(run=run, item=item, scorer=user).exists():
        raise refuse(
            E.ALREADY_SCORED, _("您已为项目 %(item)s 评分"), params={"item": item_id}, error=Conflict
        )
    return create_record(
        actor=actor,
        instance=ItemResult(
            client_id=cid,
            run=run,
            item=item,
            scorer=user,
            result=decided,
            measured=value,
            note=note,
            evidence=evidence,
            scored_at=timezone.now(),
            enterprise_id=run.enterprise_id,
            division_code=run.division_code,
        ),
        enterprise_id=run.enterprise_id,
        action=A.RESULT_RECORD,
    )


def results_record_many(
    *, actor: Actor, run: ChecklistRun | int, results: list[dict[str, Any]]
) -> list[ItemResult]:
    """An offline queue synced at once: all or nothing, each result idempotent by its client id.

    A replayed queue (the phone did not hear the answer) returns the stored results and writes nothing; a
    refused entry rolls back the whole queue, and the refusal names its position (`details.index`).
    """
    if not isinstance(run, ChecklistRun):
        run = get_scoped(ChecklistRun.objects.select_related("template"), actor, pk=run)
    out = []
    with transaction.atomic():
        for index, entry in enumerate(results):
            try:
                out.append(result_record(actor=actor, run=run, **entry))
            except ServiceError as exc:
                exc.details["index"] = index
                raise
    return out


def scored_items(run: ChecklistRun) -> list[verdicts.ScoredItem]:
    """The run's items with their scorers' results, as the pure verdict rules take them (2 queries)."""
    by_item: dict[int, list[str]] = {}
    for item_pk, result in ItemResult.objects.filter(run=run).values_list("item_id", "result"):
        by_item.setdefault(item_pk, []).append(result)
    return [
        verdicts.ScoredItem(
            item_id=i.item_id,
            scheme=i.scheme,
            results=tuple(by_item.get(i.pk, ())),
            points=i.points,
            key=i.key,
            groups=tuple(i.groups or ()),
        )
        for i in TemplateItem.objects.filter(template_id=run.template_id).order_by("position")
    ]


def run_verdict(run: ChecklistRun) -> verdicts.Verdict:
    """The verdict the template's rule gives now; refuses while items lack scorers."""
    template = run.template
    items = scored_items(run)
    missing = verdicts.under_scored(items, template.min_scorers)
    if missing:
        raise refuse(
            E.UNDER_SCORED,
            _("尚有 %(n)s 个项目未经至少 %(min)s 人评分"),
            params={"n": len(missing), "min": template.min_scorers},
            error=Conflict,
            items=missing[:50],
        )
    try:
        return verdicts.decide(template.verdict_rule, items, template.verdict_params or {})
    except (verdicts.VerdictError, schemes.SchemeError) as exc:
        raise refuse(
            E.VERDICT_FAILED,
            _("判定规则无法作出结论（%(detail)s）"),
            params={"detail": str(exc)},
            error=Conflict,
        ) from None


@transaction.atomic
def run_conclude(*, actor: Actor, run: ChecklistRun | int, reason: str = "") -> ChecklistRun:
    """Conclude with the template's verdict rule; `run.flags` carries what the caller must act on."""
    if not isinstance(run, ChecklistRun):
        run = get_scoped(ChecklistRun.objects.select_related("template"), actor, pk=run)
    target = RUN_FLOW.require("conclude", run.state)
    if run.template.scorer_role and not holds(actor, run.template.scorer_role, run_subject(run)):
        raise refuse(
            E.NOT_IN_ROLE,
            _("评分人须为「%(role)s」"),
            params={"role": run.template.scorer_role},
            error=PermissionDenied,
        )
    verdict = run_verdict(run)
    return update_record(
        actor=actor,
        instance=run,
        changes={
            "state": target,
            "verdict": verdict.as_dict(),
            "passed": verdict.passed,
            "flags": [f.as_dict() for f in verdict.flags],
            "concluded_at": timezone.now(),
        },
        enterprise_id=run.enterprise_id,
        reason=reason or str(_("作出检查结论")),
        action=A.RUN_CONCLUDE,
    )
