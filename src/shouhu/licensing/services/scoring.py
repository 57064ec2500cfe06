"""Scoring the checklist (现场核查评分): each inspector of the team scores each applicable item once
(符合 / 基本符合 / 不符合, a finding with a note, optionally a photo), or marks an item not applicable with
a reason. The form saves an inspector's whole column at once: one lock, one ledger entry.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record

from .. import uploads
from ..error_codes import LicensingError as E
from ..events import LicensingAction as A
from ..models import ChecklistItem, ItemScore, ScoreResult, Verification
from .verification import _locked, _on_team

RESULT_MESSAGE = _("评分须为 符合、基本符合 或 不符合")
NOTE_MESSAGE = _("基本符合或不符合须记录问题")
SCORED_MESSAGE = _("您已对这些项目评分，不能重复评分")


def _check_result(result: str, note: str) -> None:
    if result not in ScoreResult.values:
        raise refuse(E.INVALID, RESULT_MESSAGE, field="result")
    if result != ScoreResult.CONFORM and not note.strip():
        raise refuse(E.REQUIRED, NOTE_MESSAGE, field="note")


def item_score(
    *,
    actor: Actor,
    item: ChecklistItem | int,
    result: str,
    note: str = "",
    photo: bytes | None = None,
) -> ItemScore:
    if result not in ScoreResult.values:
        raise refuse(E.INVALID, RESULT_MESSAGE, field="result")
    checked = uploads.check(photo, allowed=uploads.IMAGE_TYPES, field="photo") if photo else None
    ipk = item.pk if isinstance(item, ChecklistItem) else item
    with transaction.atomic():
        it = access.get_scoped(
            ChecklistItem.objects.select_related("verification"),
            actor,
            enterprise_field="verification__enterprise",
            pk=ipk,
        )
        ver = _locked(actor, it.verification_id)
        _on_team(actor, ver)
        if it.not_applicable:
            raise refuse(E.ITEM_NOT_APPLICABLE, _("该项目已标记为不适用"), error=Conflict, item=it.rule_id)
        if ItemScore.objects.filter(item=it, inspector=actor).exists():
            raise refuse(E.ITEM_SCORED, _("您已对该项目评分，不能重复评分"), error=Conflict, item=it.rule_id)
        _check_result(result, note)
        score = ItemScore(item=it, inspector=actor, result=result, note=note)
        if checked:
            evidence = uploads.store(
                actor=actor,
                content=photo,
                owner=ver.enterprise,
                note=f"{ver} {it.rule_id}",
                allowed=uploads.IMAGE_TYPES,
                field="photo",
                name="photo",
            )
            score.photo, score.evidence_file = evidence.file.name, evidence
        return create_record(
            actor=actor, enterprise_id=ver.enterprise_id, action=A.ITEM_SCORE, instance=score
        )


def items_score(
    *, actor: Actor, verification: Verification | int, scores: Mapping[int, tuple[str, str]]
) -> list[ItemScore]:
    """An inspector's column of the scoring form: many items at once, all or nothing.

    One lock, one validation pass and one ledger entry listing every score (the inspector's one act),
    instead of one round trip per item; the same refusals as `item_score` (twice, N/A, unknown result).
    """
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.db import IntegrityError

    from shouhu.core.services import validation_failed

    if not scores:
        raise refuse(E.REQUIRED, _("没有要保存的评分"), field="scores")
    for result, note in scores.values():
        _check_result(result, note)
    with transaction.atomic():
        ver = _locked(actor, verification)
        _on_team(actor, ver)
        items = {i.pk: i for i in ver.items.filter(pk__in=list(scores))}
        unknown = sorted(set(scores) - set(items))
        if unknown:
            raise refuse(E.UNKNOWN, _("核查项目不属于本次核查"), field="item", items=unknown)
        na = [items[pk].rule_id for pk in scores if items[pk].not_applicable]
        if na:
            raise refuse(E.ITEM_NOT_APPLICABLE, _("这些项目已标记为不适用"), error=Conflict, items=na)
        done = set(
            ItemScore.objects.filter(item_id__in=list(scores), inspector=actor).values_list(
                "item_id", flat=True
            )
        )
        if done:
            raise refuse(
                E.ITEM_SCORED,
                SCORED_MESSAGE,
                error=Conflict,
                items=[items[pk].rule_id for pk in sorted(done)],
            )
        rows = [ItemScore(item=items[pk], inspector=actor, result=r, note=n) for pk, (r, n) in scores.items()]
        for row in rows:
            try:
                row.full_clean(validate_constraints=False)
            except DjangoValidationError as exc:
                raise validation_failed(ItemScore, exc) from None
        try:
            with transaction.atomic():
                created = ItemScore.objects.bulk_create(rows)
        except IntegrityError:  # a concurrent request by the same inspector won the race
            raise refuse(E.ITEM_SCORED, SCORED_MESSAGE, error=Conflict) from None
        ledger.record(
            actor=actor,
            action=A.ITEMS_SCORE,
            obj=ver,
            before=None,
            after={
                "scores": [
                    {"item": row.item_id, "rule_id": row.item.rule_id, "result": row.result, "note": row.note}
                    for row in rows
                ]
            },
            enterprise_id=ver.enterprise_id,
        )
        return created


def item_not_applicable(*, actor: Actor, item: ChecklistItem | int, reason: str) -> ChecklistItem:
    if not reason.strip():
        raise refuse(E.REQUIRED, _("不适用须说明理由"), field="reason")
    ipk = item.pk if isinstance(item, ChecklistItem) else item
    with transaction.atomic():
        it = access.get_scoped(
            ChecklistItem.objects.all(), actor, enterprise_field="verification__enterprise", pk=ipk
        )
        ver = _locked(actor, it.verification_id)
        _on_team(actor, ver)
        if it.scores.exists():
            raise refuse(E.ITEM_SCORED, _("已评分的项目不能标记为不适用"), error=Conflict, item=it.rule_id)
        return update_record(
            actor=actor,
            instance=it,
            changes={"not_applicable": True, "na_reason": reason},
            enterprise_id=ver.enterprise_id,
            reason=reason,
            action=A.ITEM_NOT_APPLICABLE,
        )
