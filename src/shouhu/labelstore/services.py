"""Label-check writes: run the pure checker (shouhu.labels) and keep the result with its rule versions."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import ServiceError, refuse
from shouhu.core.i18n import is_english
from shouhu.core.regulation import today
from shouhu.core.services import create_record
from shouhu.labels import LabelInputError, check_label
from shouhu.labels.batch import SWEEP_SUFFIXES, check_workbook
from shouhu.labels.inputs import read_bytes
from shouhu.registry.models import Enterprise

from .error_codes import LabelstoreError
from .events import LabelstoreAction
from .models import LabelCheck, LabelSweep, SweepStatus

MAX_SWEEP_BYTES = 50 * 1024 * 1024
# Who checked a sweep's rows, as stored on each row (stored text is in the source language, like the
# ledger's "系统任务"; pages translate what they show, never what is kept).
SWEEP_ACTOR = "标签排查"


def _input_error(exc: LabelInputError, field: str = "file") -> ServiceError:
    """The pure checker's refusal (shouhu.labels runs without Django, so it brings both languages)."""
    zh, en = exc.message_zh, exc.message_en
    error = refuse(exc.code, zh, field=field, label=_("标签"))
    entry = error.details["fields"][0]
    entry["message"] = en if is_english() else zh
    entry["message_zh"], entry["message_en"] = zh, en
    error.message_zh, error.message_en = zh, en
    return error


def _owner(actor: Actor, enterprise_id: int | None) -> tuple[Enterprise | None, str]:
    """Whose record this is: the actor's enterprise, an enterprise in a regulator's jurisdiction, or the
    regulator's jurisdiction itself."""
    if access.is_enterprise_staff(actor):
        ent = Enterprise.objects.get(pk=actor.enterprise_id)
        return ent, ent.division_code
    if enterprise_id:
        ent = access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=enterprise_id)
        return ent, ent.division_code
    return None, actor.division_code or "000000"


def label_check_create(
    *,
    actor: Actor,
    text: str | None = None,
    fields: dict[str, Any] | None = None,
    image: bytes | None = None,
    filename: str = "",
    category: str | None = None,
    as_of: date | None = None,
    enterprise_id: int | None = None,
) -> LabelCheck:
    """Check one label (text, structured fields or an image) and store the result."""
    access.require(actor, "labels.check")
    given = [x for x in (text, fields, image) if x]
    if len(given) != 1:
        raise refuse(
            LabelstoreError.ONE_INPUT, _("请提供标签文字、字段或图片中的一种"), field="text", label=_("标签")
        )
    as_of = as_of or today()
    payload: Any
    try:
        if image is not None:
            payload = read_bytes(image, suffix=Path(filename).suffix.lower()).payload
        elif text is not None:
            payload = read_bytes(text.encode("utf-8"), suffix=".txt").payload
        else:
            payload = fields
        result = check_label(payload, as_of=as_of, category=category or None)
    except LabelInputError as exc:
        raise _input_error(exc, "image" if image is not None else "text") from None
    enterprise, division = _owner(actor, enterprise_id)
    data = result.to_dict()
    product = result.fields.get("product_name")
    record = LabelCheck(
        enterprise=enterprise,
        division_code=division,
        created_by=actor if getattr(actor, "_meta", None) else None,
        actor_label=actor.actor_label,
        title=(product.value if product else "")[:200],
        as_of=as_of,
        source=result.source,
        category=result.category or "",
        text=result.text,
        finding_count=len(result.findings),
        codes=sorted(result.codes),
        result=data,
    )
    return create_record(
        actor=actor,
        instance=record,
        enterprise_id=enterprise.pk if enterprise else None,
        action=LabelstoreAction.LABEL_CHECK_CREATE,
    )


def label_sweep_create(
    *, actor: Actor, filename: str, data: bytes, name: str = "", as_of: date | None = None
) -> LabelSweep:
    """Queue a sweep of online listings (CSV, JSONL or Excel); the background task checks every row."""
    access.require(actor, "labels.sweep")
    suffix = Path(filename).suffix.lower()
    if suffix not in SWEEP_SUFFIXES:
        raise refuse(
            LabelstoreError.FILE_TYPE,
            _("请上传CSV、JSONL或Excel（.xlsx）文件"),
            field="file",
            label=_("标签"),
        )
    if not data:
        raise refuse(LabelstoreError.INPUT_EMPTY, _("文件为空"), field="file", label=_("标签"))
    if suffix == ".xlsx":
        try:
            check_workbook(data)
        except LabelInputError as exc:
            raise _input_error(exc) from exc
    if len(data) > MAX_SWEEP_BYTES:
        raise refuse(LabelstoreError.FILE_TOO_LARGE, _("文件超过50MB"), field="file", label=_("标签"))
    sweep = LabelSweep(
        name=(name or Path(filename).stem)[:200],
        division_code=actor.division_code or "000000",
        created_by=actor if getattr(actor, "_meta", None) else None,
        source_filename=filename[:255],
        as_of=as_of or today(),
    )
    with transaction.atomic():
        create_record(
            actor=actor, instance=sweep, enterprise_id=None, action=LabelstoreAction.LABEL_SWEEP_CREATE
        )
        from .models import SweepUpload

        SweepUpload.objects.create(sweep=sweep, data=data)
        from . import tasks

        transaction.on_commit(lambda: tasks.run_sweep.delay(sweep.pk))
    return sweep


def label_sweep_run(sweep_id: int) -> LabelSweep:
    """Check every listing of a queued sweep and store one result per row (background task body)."""
    from shouhu.labels.batch import read_rows
    from shouhu.labels.batch import sweep as run

    from .models import SweepUpload

    sweep = LabelSweep.objects.get(pk=sweep_id)
    if sweep.status != SweepStatus.QUEUED:
        return sweep
    upload = SweepUpload.objects.get(sweep=sweep)
    try:
        with tempfile.NamedTemporaryFile(suffix=Path(sweep.source_filename).suffix.lower()) as fh:
            fh.write(bytes(upload.data))
            fh.flush()
            results, summary = run(read_rows(fh.name), as_of=sweep.as_of)
    except Exception as exc:  # an unreadable file fails this sweep visibly, never silently
        LabelSweep.objects.filter(pk=sweep.pk).update(status=SweepStatus.FAILED, error=str(exc)[:2000])
        raise
    items = [
        LabelCheck(
            sweep=sweep,
            row=r.row,
            listing_id=r.id[:300],
            division_code=sweep.division_code,
            created_by=sweep.created_by,
            actor_label=SWEEP_ACTOR,
            as_of=sweep.as_of,
            source="text",
            text=r.text,
            finding_count=len(r.findings),
            codes=sorted({f["code"] for f in r.findings}),
            result={"findings": r.findings, "meta": r.meta},
            error=r.error,
        )
        for r in results
    ]
    with transaction.atomic():
        LabelCheck.objects.bulk_create(items, batch_size=1000)
        before = ledger.snapshot(sweep)
        sweep.status = SweepStatus.DONE
        sweep.rows, sweep.rows_with_findings = summary.rows, summary.rows_with_findings
        sweep.rows_with_errors, sweep.summary = summary.rows_with_errors, summary.to_dict()
        sweep.save()
        ledger.record(
            actor=sweep.created_by or "系统任务",
            action=LabelstoreAction.LABEL_SWEEP_FINISH,
            obj=sweep,
            before=before,
            after=ledger.snapshot(sweep),
            enterprise_id=None,
        )
    return sweep
