"""过程管控 of each run: a batch the 受托方 made under the contract needs the 受托方's release record (its batch
released in production: 出厂检验 and 第六十一条) and the 委托方's own release decision — both, recorded, each a
duty (obligation) with a deadline from the rule data until done."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.production.models import Batch, BatchStatus
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.obligations.models import RUNNING, Obligation

from .. import selectors
from ..error_codes import ContractError as E
from ..events import ContractAction as A
from ..models import Agreement, AgreementState, Decision, Run
from ._common import ITEM9, DutyActor, agreement_for, cite, user_of
from .audits import _discharge

CONTROL = "contract.run-control"
RELEASE_RULE = "contract.run-release-working-days"
RECORD = "contract.run.record"


def _duty(actor: Actor, subject: Any, title: str, kind: str, role: str, key: str) -> Obligation:
    return obligations.obligation_create(
        actor=DutyActor(actor),
        subject=subject,
        title=title[:200],
        kind=kind,
        rule_id=RELEASE_RULE,
        owner_kind="role",
        owner_role=role,
        period_key=key,
        notify_owner=False,
    )


@transaction.atomic
def run_record(*, actor: Actor, agreement: Agreement | int, batch_id: int) -> Run:
    """The 受托方 declares one of its batches as made under the contract (page, API or its MES)."""
    agreement = agreement_for(actor, agreement, "manufacturer", RECORD)
    if agreement.state != AgreementState.APPROVED:
        raise refuse(E.NOT_APPROVED, _("委托方资质审核通过前不得委托生产"), cite=cite(ITEM9))
    batch = (
        Batch.objects.select_related("product")
        .filter(pk=batch_id, enterprise_id=agreement.manufacturer_id)
        .first()
    )
    if batch is None:
        raise refuse(E.BATCH_OTHER, _("不是受托方的生产批次"), field="batch", error=NotFound)
    if not agreement.starts_on <= batch.produced_on <= agreement.ends_on:
        raise refuse(
            E.OUT_OF_TERM,
            _("批次生产日期 %(day)s 不在委托期限 %(start)s 至 %(end)s 内"),
            params={"day": batch.produced_on, "start": agreement.starts_on, "end": agreement.ends_on},
            field="batch",
            cite=cite(CONTROL),
        )
    profile = {"category": batch.product.category, "variety": batch.product.variety}
    if profile not in agreement.scope:
        raise refuse(
            E.OUT_OF_SCOPE,
            _("产品 %(product)s（%(category)s %(variety)s）不在委托范围内"),
            params={"product": batch.product.name, **profile},
            field="batch",
            cite=cite(CONTROL),
        )
    if Run.objects.filter(batch=batch).exists():
        raise refuse(E.DECIDED, _("该批次已登记"), error=Conflict, field="batch")
    run = create_record(
        actor=actor,
        instance=Run(agreement=agreement, batch=batch),
        enterprise_id=agreement.principal_id,
        action=A.RUN_RECORD,
    )
    key = f"run:{run.pk}"
    if batch.status != BatchStatus.RELEASED:
        _duty(actor, batch, f"委托生产批次 {batch.number} 出厂检验放行", "contract.run.release", "qa", key)
    _duty(
        actor,
        agreement,
        f"委托生产批次 {batch.number} 委托方放行决定",
        "contract.run.decide",
        "principal",
        key,
    )
    return run


@transaction.atomic
def run_decide(*, actor: Actor, run: Run | int, release: bool, note: str = "") -> Run:
    """The 委托方 releases a run the 受托方 released, or refuses it with its reason."""
    pk = run.pk if isinstance(run, Run) else run
    found = Run.objects.select_related("batch").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    agreement = agreement_for(actor, found.agreement_id, "principal")
    run = Run.objects.select_for_update(of=("self",)).select_related("batch").get(pk=found.pk)
    if run.decision != Decision.PENDING:
        raise refuse(E.DECIDED, _("该批次已有委托方决定"), error=Conflict)
    if release and run.batch.status != BatchStatus.RELEASED:
        raise refuse(
            E.NOT_RELEASED, _("受托方尚未出厂放行该批次，委托方不能放行"), field="release", cite=cite(CONTROL)
        )
    if not release and not (note or "").strip():
        raise refuse(E.NOTE_REQUIRED, _("不予放行须说明理由"), field="note")
    run = update_record(
        actor=actor,
        instance=run,
        changes={
            "decision": Decision.RELEASED if release else Decision.REJECTED,
            "note": (note or "").strip(),
            "decided_at": timezone.now(),
            "decided_by": user_of(actor),
        },
        enterprise_id=agreement.principal_id,
        reason=(note or "").strip() or str(_("委托方放行")),
        action=A.RUN_DECIDE,
    )
    _discharge(actor, agreement, "contract.run.decide", str(_("委托方已作出放行决定")), f"run:{run.pk}")
    releases_sync(actor=actor, agreement=agreement)
    return run


def releases_sync(*, actor: Actor, agreement: Agreement | None = None) -> int:
    """Discharge the 受托方's release duties whose batch production has released (idempotent)."""
    from django.contrib.contenttypes.models import ContentType

    runs = Run.objects.filter(batch__status=BatchStatus.RELEASED)
    if agreement is not None:
        runs = runs.filter(agreement=agreement)
    batch_ids = [str(b) for b in runs.values_list("batch_id", flat=True)]
    qs = Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(Batch),
        subject_id__in=batch_ids,
        kind="contract.run.release",
        status__in=list(RUNNING),
    )
    done = 0
    for o in qs:
        obligations.obligation_complete(actor=DutyActor(actor), obligation=o, note=str(_("受托方已出厂放行")))
        done += 1
    return done


def batches_to_declare(actor: Actor, agreement: Agreement) -> list[Batch]:
    """The 受托方's batches of scope products in the term, not yet declared (its page's choices)."""
    if selectors.side_of(actor, agreement) != "manufacturer":
        return []
    access.require(actor, RECORD)
    products = [(s["category"], s["variety"]) for s in agreement.scope]
    qs = (
        Batch.objects.filter(
            enterprise_id=agreement.manufacturer_id,
            produced_on__gte=agreement.starts_on,
            produced_on__lte=agreement.ends_on,
            contract_run__isnull=True,
        )
        .select_related("product")
        .order_by("-produced_on")[:200]
    )
    return [b for b in qs if (b.product.category, b.product.variety) in products]
