"""Lab results, item by item, judged against the limits in force for the product and the sampling date;
the report PDF kept as evidence with its SHA-256; publication of the result.

One writer for the three ways results arrive (a form, the lab's API push, a spreadsheet import): every row
is judged first and any refusal names its row and writes nothing; then the rows go in with one bulk insert
raw (`core.bulkinsert`) with their ledger entries in one grouped append over every enterprise's chain
(`core.ledger.append_grouped`): a fixed number of queries whatever the import's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, hooks, ledger
from shouhu.core.access import Actor
from shouhu.core.bulkinsert import insert_rows, reserve_ids
from shouhu.core.dates import check_date
from shouhu.core.errors import Conflict, NotFound, ServiceError, refuse
from shouhu.core.services import update_record
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.publication import services as publication
from shouhu.workflow.subjects import subject_of

from ..error_codes import SamplingError as E
from ..events import SamplingAction as A
from ..judge import Catalogue, Judged, judge
from ..models import LabResult, Sample, Verdict
from ..states import SAMPLE_FLOW, SampleStatus
from .labs import samples_for

PUBLISH_RULE = "sampling.report-working-days"


@dataclass(frozen=True)
class ResultRow:
    item: str
    measured: str
    unit: str = ""
    lab_conclusion: str = ""
    sample_number: str = ""  # imports name the sample; a push to one sample leaves it empty
    found_on: str = ""  # an import's 检验结论日期 column (the form and the API pass a date for the sample)


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def parse_found_on(text: str) -> dt.date | None:
    """ "2026-11-02", "2026/11/02", "2026年11月2日" or an Excel date ("2026-11-02 00:00:00") → a date;
    "" → None; anything else is refused."""
    t = str(text or "").strip()
    if not t:
        return None
    t = t.split(" ")[0].split("T")[0]
    for f in DATE_FORMATS:
        try:
            return dt.datetime.strptime(t, f).date()
        except ValueError:
            continue
    raise refuse(
        E.VALUE_INVALID, _("检验结论日期「%(value)s」不是有效日期"), params={"value": text}, field="found_on"
    )


def check_found_on(sample: Sample, found_on: dt.date) -> dt.date:
    """The lab concludes after it received the sample (or, unrecorded, after sampling) and not in the future."""
    check_date(found_on, field="found_on")
    earliest = sample.received_on or sample.sampled_on
    if found_on < earliest:
        raise refuse(
            E.VALUE_INVALID,
            _("检验结论日期 %(found)s 早于收样日期 %(received)s"),
            params={"found": found_on.isoformat(), "received": earliest.isoformat()},
            field="found_on",
        )
    return found_on


def found_dates(rows: list[ResultRow], judged: list[tuple[Sample, Judged]]) -> dict[int, dt.date]:
    """An import's 检验结论日期 per sample (one date per report: rows of one sample must agree)."""
    out: dict[int, dt.date] = {}
    for i, (row, (s, _j)) in enumerate(zip(rows, judged, strict=True), start=1):
        try:
            found = parse_found_on(row.found_on)
            if found is None:
                continue
            if s.pk in out and out[s.pk] != found:
                raise refuse(
                    E.VALUE_INVALID,
                    _("抽样单 %(number)s 的检验结论日期不一致"),
                    params={"number": s.number},
                    field="found_on",
                )
            out[s.pk] = check_found_on(s, found)
        except ServiceError as exc:
            raise _at_row(exc, i) from None
    return out


def _at_row(exc: ServiceError, row: int) -> ServiceError:
    exc.details["row"] = row
    for f in exc.details.get("fields", []):
        f["row"] = row
    exc.message_zh = f"第{row}行：{exc.message_zh}"
    exc.message_en = f"Row {row}: {exc.message_en}"
    return exc


def judge_rows(
    actor: Actor, rows: list[ResultRow], *, sample: Sample | None = None
) -> list[tuple[Sample, Judged]]:
    """Judge every row (nothing written); the first bad row is refused with its number."""
    samples: dict[str, Sample] = {}
    if sample is None:
        numbers = {r.sample_number for r in rows}
        qs = samples_for(actor, Sample.objects.select_related("batch__product")).filter(number__in=numbers)
        samples = {s.number: s for s in qs}
    catalogues: dict[tuple[str, dt.date], Catalogue] = {}  # one per product profile and date
    out = []
    for i, row in enumerate(rows, start=1):
        s = sample if sample is not None else samples.get(row.sample_number)
        try:
            if s is None:
                raise refuse(
                    E.SAMPLE_STATE,
                    _("没有编号为 %(number)s 的抽样单"),
                    params={"number": row.sample_number or "—"},
                    field="sample_number",
                    error=NotFound,
                )
            if s.status not in (SampleStatus.RECEIVED, SampleStatus.REPORTED):
                raise SAMPLE_FLOW.refusal("report", s.status)
            profile = s.batch.product.profile
            key = (repr(sorted(profile.items())), s.sampled_on)
            if key not in catalogues:
                catalogues[key] = Catalogue(profile, s.sampled_on)
            out.append(
                (
                    s,
                    judge(
                        catalogues[key],
                        item=row.item,
                        measured=row.measured,
                        unit=row.unit,
                        lab_conclusion=row.lab_conclusion,
                    ),
                )
            )
        except ServiceError as exc:
            raise _at_row(exc, i) from None
    return out


RESULT_COLUMNS = [f.attname for f in LabResult._meta.concrete_fields]


def _result_rows(
    judged: list[tuple[Sample, Judged]], ids: list[int], at: dt.datetime
) -> tuple[list[tuple], dict[int, list[ledger.NewEntry]]]:
    """The results as raw rows (in RESULT_COLUMNS order) and their ledger entries per enterprise: no model
    instance per row; the snapshot is the row's concrete fields as `ledger.snapshot` would give them."""
    ops = connection.ops
    at_db = ops.adapt_datetimefield_value(at)
    to_json = LabResult._meta.get_field("values").get_db_prep_save
    label = LabResult._meta.label
    rows: list[tuple] = []
    entries: dict[int, list[ledger.NewEntry]] = defaultdict(list)
    for pk, (s, j) in zip(ids, judged, strict=True):
        snap = {
            "id": pk,
            "sample_id": s.pk,
            "enterprise_id": s.enterprise_id,
            "item": j.item[:100],
            "item_rule_id": j.item_rule_id[:100],
            "measured": j.measured[:200],
            "values": list(j.values),
            "unit": j.unit[:32],
            "lab_conclusion": j.lab_conclusion,
            "verdict": j.verdict,
            "limit_rule_id": j.limit.rule_id[:100] if j.limit else "",
            "limit_text": j.limit.text[:200] if j.limit else "",
            "limit_known": j.limit_known,
            "reason": j.reason[:300],
        }
        row = dict(snap, created_at=at_db, updated_at=at_db, values=to_json(snap["values"], connection))
        rows.append(tuple(row[c] for c in RESULT_COLUMNS))
        entries[s.enterprise_id].append(
            ledger.NewEntry(A.RESULT_CREATE, label, str(pk), f"{snap['item']} {snap['measured']}"[:200], snap)
        )
    return rows, entries


def _store(
    actor: Actor, judged: list[tuple[Sample, Judged]], *, report: dict[int, dict[str, Any]] | None = None
) -> list[int]:
    """Insert judged results raw, move their samples to reported, all ledger entries in one grouped
    append (one lock query for every enterprise's chain, one insert): a fixed number of queries per
    import, whatever its size (the disposal cases a new failure opens excepted)."""
    report = report or {}
    with transaction.atomic():
        now = timezone.now()
        samples = {s.pk: s for s, _ in judged}
        prior_fail = set(
            LabResult.objects.filter(sample_id__in=samples, verdict=Verdict.FAIL).values_list(
                "sample_id", flat=True
            )
        )
        ids = reserve_ids(LabResult, len(judged))
        rows, per_enterprise = _result_rows(judged, ids, now)
        insert_rows(LabResult, RESULT_COLUMNS, rows)
        failed = {s.pk for s, j in judged if j.verdict == Verdict.FAIL}
        was_failed = {pk for pk, s in samples.items() if s.verdict == Verdict.FAIL}
        fields = {"status", "verdict", "updated_at", "reported_on"}
        fields |= {k for extra in report.values() for k in extra}
        for pk, s in samples.items():
            before = ledger.snapshot(s)
            s.status = SampleStatus.REPORTED
            s.verdict = Verdict.FAIL if (pk in failed or pk in prior_fail) else Verdict.PASS
            s.updated_at = now
            if pk not in was_failed:  # the day the results that make the verdict arrived
                s.reported_on = timezone.localdate(now)
            for k, v in report.get(pk, {}).items():
                setattr(s, k, v)
            per_enterprise[s.enterprise_id].append(
                ledger.NewEntry(
                    A.SAMPLE_REPORT,
                    Sample._meta.label,
                    str(pk),
                    str(s),
                    ledger.snapshot(s),
                    before,
                    "检验结果",
                )
            )
        Sample.objects.bulk_update(list(samples.values()), sorted(fields), batch_size=500)
        ledger.append_grouped(actor=actor, groups=per_enterprise)
        newly_failed = sorted(
            pk for pk in samples if pk not in was_failed and samples[pk].verdict == Verdict.FAIL
        )
        if newly_failed:  # 核查处置 starts (disposal listens; sampling knows no listener)
            hooks.sample_failed.send(sender=Sample, sample_ids=newly_failed, actor=actor)
    return ids


def results_record(
    *,
    actor: Actor,
    sample_id: int,
    rows: list[ResultRow],
    report_no: str = "",
    report_pdf: bytes | None = None,
    report_name: str = "",
    found_on: dt.date | None = None,
) -> list[LabResult]:
    """The lab's results for one sample (a form or the lab's API push), with the report PDF kept as evidence
    and the report's 检验结论日期 (`found_on`: the lab's 2-working-day clock for a failure runs from it)."""
    sample = samples_for(actor, Sample.objects.select_related("batch__product")).filter(pk=sample_id).first()
    if sample is None:
        raise NotFound(_("未找到该对象或无权查看"))
    if not rows:
        raise refuse(E.VALUE_INVALID, _("至少录入一个检验项目"), field="results")
    judged = judge_rows(actor, rows, sample=sample)
    with transaction.atomic():
        extra: dict[str, Any] = {}
        if found_on is not None:
            extra["found_on"] = check_found_on(sample, found_on)
        if report_no:
            extra["report_no"] = report_no[:64]
        if report_pdf:
            ev = evidence_create(
                actor=actor,
                content=report_pdf,
                name=report_name or f"{sample.number}.pdf",
                subject=subject_of(sample),
                note=f"检验报告 {report_no}"[:300],
                allowed=frozenset({"application/pdf"}),
            )
            extra.update(report_evidence_id=ev.pk, report_sha256=ev.sha256)
        ids = _store(actor, judged, report={sample.pk: extra} if extra else None)
        return list(LabResult.objects.filter(pk__in=ids).order_by("pk"))


def results_import_rows(*, actor: Actor, rows: list[ResultRow]) -> int:
    """Rows of a lab's spreadsheet (several samples): all judged, then all stored, or none."""
    access.require(actor, "sampling.result.record")
    if not rows:
        raise refuse(E.IMPORT_INVALID, _("文件中没有检验结果"), field="file")
    judged = judge_rows(actor, rows)
    found = found_dates(rows, judged)
    return len(_store(actor, judged, report={pk: {"found_on": d} for pk, d in found.items()}))


@transaction.atomic
def sample_publish(*, actor: Actor, sample_id: int) -> Sample:
    """Publish a reported result on the public page (a failure names the enterprise and the batch)."""
    access.require(actor, "sampling.publish")
    sample = (
        access.scope(Sample.objects.select_related("batch", "enterprise"), actor).filter(pk=sample_id).first()
    )
    if sample is None:
        raise NotFound(_("未找到该对象或无权查看"))
    if sample.status != SampleStatus.REPORTED or sample.published_on:
        raise refuse(
            E.SAMPLE_STATE, _("只有已出具报告且未公布的抽检结果可以公布"), field="sample_id", error=Conflict
        )
    today = timezone.localdate()
    verdict = Verdict(sample.verdict).label
    pub = publication.publication_create(
        actor=actor,
        subject=sample,
        kind="sampling",
        title=f"监督抽检结果：{sample.enterprise.name} 批号 {sample.batch.number} {verdict}",
        rule_id=PUBLISH_RULE,
        due_by=today,
        channel="守护平台 · 抽检信息公布",
    )
    publication.publication_publish(actor=actor, publication=pub)
    return update_record(
        actor=actor,
        instance=sample,
        changes={"publication_id": pub.pk, "published_on": today},
        enterprise_id=sample.enterprise_id,
        reason="公布抽检结果",
        action=A.SAMPLE_PUBLISH,
    )
