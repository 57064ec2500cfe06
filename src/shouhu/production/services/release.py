"""Release (出厂检验与放行, 第六十一条): release tests, retention samples and the release itself.

A batch leaves the factory only when every item its standard requires passed (items from the rules
engine, `selectors.release_check`), a retention sample is kept, and someone with the releasing role signs
with a certificate number traceable to a release-test report. A failing item rejects the batch and
opens a non-conforming record (附件1 #2).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, hooks, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import PermissionDenied, refuse
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record, validate
from shouhu.rules import limits as rule_limits
from shouhu.rules.limits import LimitInputError
from shouhu.workflow.checklists.hooks import barred_from_own_role
from shouhu.workflow.subjects import subject_of

from .. import rulebook
from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import (
    BATCH_FLOW,
    Batch,
    BatchStatus,
    Gate,
    MoveKind,
    NonConforming,
    ReleaseTest,
    RetentionSample,
)
from ..selectors import release_check
from ._common import RELEASE, cite, listing, move, not_future, own, qty
from .refusals import logged


def _release_item_for(batch: Batch, test: ReleaseTest) -> rulebook.ReleaseItem | None:
    for item in rulebook.release_items(batch.product.profile, batch.produced_on):
        if (test.rule_id and item.rule_id == test.rule_id) or item.name == test.item:
            return item
    return None


def against_limit(batch: Batch, fields: dict[str, Any]) -> tuple[dict[str, Any], rulebook.LimitCheck | None]:
    """The result judged against the product standard's limit in rule data (the one supervision sampling
    judges by, `rulebook.release_limit_check`): a result over the limit fails whatever the form says; a
    result within it keeps the tester's conclusion (an enterprise may judge more strictly). A unit unlike
    the limit's, or a sampling plan with the wrong number of values, is refused (nothing written)."""
    item = str(fields.get("item") or "")
    try:
        check = rulebook.release_limit_check(
            batch.product.profile, batch.produced_on, item, str(fields.get("result") or "")
        )
    except LimitInputError as exc:
        if exc.code == "unit.mismatch":
            raise refuse(
                E.RELEASE_RESULT_UNIT,
                _("「%(item)s」的单位应为 %(expected)s，收到 %(unit)s"),
                params={"item": item, **exc.params},
                field="result",
            ) from None
        raise refuse(
            E.RELEASE_RESULT_COUNT,
            _("「%(item)s」按采样方案须有 %(n)s 个检测值，收到 %(got)s 个"),
            params={"item": item, "n": exc.params.get("n", "—"), "got": exc.params.get("got", "—")},
            field="result",
        ) from None
    if check is None or check.passed:  # the enterprise's own standard may be stricter (企业内控标准)
        check = _against_internal(batch, item, str(fields.get("result") or "")) or check
    if check is not None and not check.passed:
        fields = {**fields, "passed": False}
    return fields, check


def _against_internal(batch: Batch, item: str, result: str) -> rulebook.LimitCheck | None:
    """A single measured value judged against the enterprise's internal standard for the item, where it set
    one (`core.hooks.internal_limit`, answered by haccp): outside it, the result fails, citing the document
    that sets it. None without an own standard or a single number."""
    own = hooks.internal_limit("release", batch.enterprise_id, batch.product_id, item, None)
    if not own or own.get("basis") == "rule":
        return None
    number, _unit = rule_limits.split_unit(result)
    try:
        (value,) = (float(v) for v in rule_limits.parse_values(number))
    except (LimitInputError, ValueError, TypeError):
        return None
    low, high = own.get("min"), own.get("max")
    passed = (low is None or value >= low) and (high is None or value <= high)
    bounds = f"{'' if low is None else low}～{'' if high is None else high}"
    document = str(own.get("document") or "")
    return rulebook.LimitCheck(
        f"internal:{item}",
        passed,
        f"{'符合' if passed else '超出'}企业内控标准 {bounds}（{document}）",
        document or "企业内控标准",
    )


def release_test_record(*, actor: Actor, batch: Batch, **fields: Any) -> ReleaseTest:
    """One release-test result; a failing item rejects the batch and opens a non-conforming record."""
    own(actor, batch, "batch")
    not_future(fields.get("tested_on"), "tested_on")
    fields, check = against_limit(batch, fields)
    with transaction.atomic():
        test = create_record(
            actor=actor,
            instance=ReleaseTest(enterprise_id=batch.enterprise_id, batch=batch, **fields),
            enterprise_id=batch.enterprise_id,
            action=A.RELEASE_TEST_RECORD,
        )
        if not test.passed:
            item = _release_item_for(batch, test)
            source = item.cite if item else cite(61)
            if (
                check is not None and not check.passed
            ):  # over the rule data's limit: say which, and where from
                source = f"{check.reason}；{check.cite}"
            create_record(
                actor=actor,
                instance=NonConforming(
                    enterprise_id=batch.enterprise_id,
                    batch=batch,
                    name=batch.product.name,
                    spec=batch.product.spec,
                    produced_on=batch.produced_on,
                    quantity=batch.quantity or 0,
                    problem=f"出厂检验 {test.item} 不合格：{test.result}（{source}）",
                    disposition="暂停放行，待处置",
                    found_on=test.tested_on,
                ),
                enterprise_id=batch.enterprise_id,
                action=A.NONCONFORMING_CREATE,
            )
            if BATCH_FLOW.can("reject", batch.status):
                update_record(
                    actor=actor,
                    instance=batch,
                    changes={"status": BATCH_FLOW.require("reject", batch.status)},
                    enterprise_id=batch.enterprise_id,
                    reason=f"出厂检验 {test.item} 不合格",
                    action=A.BATCH_REJECT,
                )
    return test


def release_tests_record(*, actor: Actor, batch: Batch, tests: list[dict[str, Any]]) -> list[ReleaseTest]:
    """A test report's results for one batch at once: each validated as `release_test_record` does.

    Passing results go in with one insert and one ledger append (the same entries as one by one, so
    `ledger.verify()` checks them alike); a failing result takes `release_test_record`'s path, which
    rejects the batch and opens its non-conforming record. All or nothing.
    """
    own(actor, batch, "batch")
    for fields in tests:
        not_future(fields.get("tested_on"), "tested_on")
    tests = [against_limit(batch, f)[0] for f in tests]  # every row judged before anything is written
    with transaction.atomic():
        passing = [
            ReleaseTest(enterprise_id=batch.enterprise_id, batch=batch, **f) for f in tests if f.get("passed")
        ]
        for test in passing:
            validate(test)
        ReleaseTest.objects.bulk_create(passing)
        ledger.append_many(
            actor=actor,
            enterprise_id=batch.enterprise_id,
            entries=[
                ledger.NewEntry(
                    action=A.RELEASE_TEST_RECORD,
                    object_type=ReleaseTest._meta.label,
                    object_id=str(test.pk),
                    object_repr=str(test)[:300],
                    after=ledger.snapshot(test),
                )
                for test in passing
            ],
        )
        failing = [release_test_record(actor=actor, batch=batch, **f) for f in tests if not f.get("passed")]
    return passing + failing


def retention_sample_record(
    *,
    actor: Actor,
    batch: Batch,
    quantity: Any,
    retained_on: date,
    location: str = "",
) -> RetentionSample:
    own(actor, batch, "batch")
    q = qty(quantity)
    not_future(retained_on, "retained_on")
    with transaction.atomic():
        sample = create_record(
            actor=actor,
            instance=RetentionSample(
                enterprise_id=batch.enterprise_id,
                batch=batch,
                quantity=q,
                retained_on=retained_on,
                location=location,
            ),
            enterprise_id=batch.enterprise_id,
            action=A.RETENTION_SAMPLE_RECORD,
        )
        if batch.on_hand > 0:
            move(
                enterprise_id=batch.enterprise_id,
                kind=MoveKind.SAMPLE,
                quantity=-q,
                batch=batch,
                ref="留样",
                actor=actor,
            )
    return sample


def _check_ready(batch: Batch, certificate_no: str, report_no: str, on: date) -> None:
    """Refuse, naming the first thing that stands between the batch and release (第六十一条)."""
    source = cite(61, on)
    art61 = {"rule": "xize2017.art61", "cite": source}
    if batch.status == BatchStatus.ON_HOLD:
        raise refuse(
            E.RELEASE_ON_HOLD,
            _("批次 %(batch)s 因关键限值偏离暂扣：%(reason)s"),
            params={"batch": str(batch), "reason": batch.hold_reason},
            field="status",
            **art61,
        )
    if not BATCH_FLOW.can("release", batch.status):
        raise refuse(
            E.RELEASE_STATUS,
            _("批次 %(batch)s 状态为「%(status)s」，不能放行"),
            params={"batch": str(batch), "status": BatchStatus(batch.status).label},
            field="status",
            **art61,
        )
    check = release_check(batch)
    if check["failed"] or check["missing"]:
        bad = check["failed"] or check["missing"]
        raise refuse(
            E.RELEASE_TESTS,
            _("出厂检验项目不合格：%(items)s")
            if check["failed"]
            else _("出厂检验项目缺少合格结果：%(items)s"),
            params={"items": listing(i.name for i in bad)},
            field="tests",
            rule=bad[0].rule_id,
            cite=bad[0].cite,
            missing=[{"item": i.name, "rule": i.rule_id, "cite": i.cite} for i in check["missing"]],
            failed=[{"item": i.name, "rule": i.rule_id, "cite": i.cite} for i in check["failed"]],
        )
    if not check["retention"]:
        raise refuse(E.RELEASE_NO_RETENTION_SAMPLE, _("未记录产品留样"), field="retention", **art61)
    if not certificate_no.strip() or not report_no.strip():
        raise refuse(
            E.RELEASE_CERTIFICATE,
            _("须填写检验合格证号及对应的出厂检验报告编号"),
            field="certificate_no",
            **art61,
        )
    if not batch.tests.filter(report_no=report_no).exists():
        raise refuse(
            E.RELEASE_REPORT_UNKNOWN,
            _("检验合格证号须可追溯到出厂检验报告：报告 %(report)s 无检验记录"),
            params={"report": report_no},
            field="report_no",
            **art61,
        )


@logged(Gate.RELEASE)
def batch_release(
    *, actor: Actor, batch: Batch, certificate_no: str, report_no: str, on: date | None = None
) -> Batch:
    """放行: every required item passed, a retention sample kept, approved by a releasing role (第六十一条)."""
    access.require(actor, RELEASE)
    own(actor, batch, "batch")
    on = on or today()
    not_future(on, "released_on")
    batch = Batch.objects.select_related("product").get(pk=batch.pk)
    if barred_from_own_role(actor, subject_of(batch)):
        raise refuse(
            E.RELEASE_PERSON_BARRED,
            _("放行人经监督抽查考核不合格，补考合格前不得批准放行（细则第三十条）"),
            error=PermissionDenied,
        )
    _check_ready(batch, certificate_no, report_no, on)
    # flags the releasing person weighed (core.hooks.release_flags: e.g. a clean-room deviation) stay on record
    flags = hooks.release_flags(batch.pk)
    weighed = f"（放行时已评估：{'；'.join(f['title'] for f in flags)}）" if flags else ""
    return update_record(
        actor=actor,
        instance=batch,
        changes={
            "status": BATCH_FLOW.require("release", batch.status),
            "certificate_no": certificate_no,
            "report_no": report_no,
            "released_on": on,
            "released_by": actor if getattr(actor, "_meta", None) else None,
        },
        enterprise_id=batch.enterprise_id,
        reason=f"出厂放行，合格证号 {certificate_no}{weighed}",
        action=A.BATCH_RELEASE,
    )
