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
from shouhu.core.regulation import engine, today
from shouhu.core.services import create_record
from shouhu.labels import LabelInputError, check_label
from shouhu.labels.batch import SWEEP_SUFFIXES, check_listing
from shouhu.labels.inputs import read_bytes
from shouhu.registry.models import Enterprise

from .error_codes import LabelstoreError
from .events import LabelstoreAction
from .models import LabelCheck, LabelSweep, SweepStatus

MAX_SWEEP_BYTES = 50 * 1024 * 1024
MAX_SWEEP_NAME = 200
# Who checked a sweep's rows, as stored on each row (stored text is in the source language, like the
# ledger's "系统任务"; pages translate what they show, never what is kept).
SWEEP_ACTOR = "标签排查"


def rules_first_effective() -> date:
    """The first day any rule set in use is in force: a check "as of" an earlier day has no rules to apply."""
    return min(rs.effective_from for rs in engine().sets)


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


def _label_input(image: bytes | None, text: str | None, filename: str) -> Any:
    if image is not None:
        return read_bytes(image, suffix=Path(filename).suffix.lower()).payload
    if text is not None:
        return read_bytes(text.encode("utf-8"), suffix=".txt").payload
    return None


def _record(
    actor: Actor,
    enterprise: Enterprise | None,
    division: str,
    as_of: date,
    data: dict[str, Any],
    finding_count: int,
) -> LabelCheck:
    product = (data.get("fields") or {}).get("product_name") or {}
    record = LabelCheck(
        enterprise=enterprise,
        division_code=division,
        created_by=actor if getattr(actor, "_meta", None) else None,
        actor_label=actor.actor_label,
        title=str(product.get("value") or "")[:200],
        as_of=as_of,
        source=data.get("source") or "text",
        category=data.get("category") or "",
        text=data.get("text") or "",
        finding_count=finding_count,
        codes=sorted({f["code"] for f in data.get("findings") or []}),
        result=data,
    )
    return create_record(
        actor=actor,
        instance=record,
        enterprise_id=enterprise.pk if enterprise else None,
        action=LabelstoreAction.LABEL_CHECK_CREATE,
    )


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
    contract: dict[str, str] | None = None,
) -> LabelCheck:
    """Check one label (text, structured fields or an image) on the calling thread and store the result.
    Requests with an image or PDF use `label_check_submit` instead: OCR does not run on a request.
    `contract` (the parties of a contract-made product) adds the `contract.parties` check."""
    access.require(actor, "labels.check")
    given = [x for x in (text, fields, image) if x]
    if len(given) != 1:
        raise refuse(
            LabelstoreError.ONE_INPUT, _("请提供标签文字、字段或图片中的一种"), field="text", label=_("标签")
        )
    as_of = as_of or today()
    try:
        payload = _label_input(image, text, filename) if fields is None else fields
        result = check_label(payload, as_of=as_of, category=category or None, contract=contract)
    except LabelInputError as exc:
        raise _input_error(exc, "image" if image is not None else "text") from None
    enterprise, division = _owner(actor, enterprise_id)
    return _record(actor, enterprise, division, as_of, result.to_dict(), len(result.findings))


# ---- image and PDF checks: queued (core.jobs), answered 202, polled -----------------------------------

JOB_KIND = "labels.check_document"


def _probe_document(data: bytes) -> None:
    """The cheap checks, on the request: size, format, header dimensions, PDF page count. Nothing is
    decoded or rendered here; a refusal is a 422 before any job is queued."""
    from shouhu.labels.ocr import probe
    from shouhu.labels.pdf import is_pdf, probe_pdf

    if is_pdf(data):
        probe_pdf(data)
    else:
        probe(data)


def label_check_submit(
    *,
    actor: Actor,
    image: bytes,
    filename: str = "",
    category: str | None = None,
    as_of: date | None = None,
    enterprise_id: int | None = None,
) -> dict[str, Any]:
    """Queue the check of a label image or PDF proof: the input is refused at once when its header
    says it cannot be checked; otherwise a job (OCR in a capped child process) is queued and its status
    returned (`id`, `status`, …). `label_check_job` reads it; the stored LabelCheck appears when done."""
    from shouhu.core import jobs

    access.require(actor, "labels.check")
    if not image:
        raise refuse(
            LabelstoreError.ONE_INPUT, _("请提供标签文字、字段或图片中的一种"), field="image", label=_("标签")
        )
    try:
        data = _label_input(image, None, filename)
        if isinstance(data, bytes):
            _probe_document(data)
    except LabelInputError as exc:
        raise _input_error(exc, "image") from None
    if not isinstance(data, bytes):  # a text file sent as the image: cheap, checked at once
        record = label_check_create(
            actor=actor,
            image=image,
            filename=filename,
            category=category,
            as_of=as_of,
            enterprise_id=enterprise_id,
        )
        return {"status": jobs.DONE, "result": {"check": record.pk}}
    enterprise, division = _owner(actor, enterprise_id)
    api_key = getattr(actor, "api_key", None)
    owner = {
        "user": actor.pk if getattr(actor, "_meta", None) else None,
        "api_key": api_key.pk if api_key is not None else None,
        "enterprise": enterprise.pk if enterprise else None,
        "division": division,
    }
    as_of = as_of or today()
    job_id = jobs.submit(
        kind=JOB_KIND,
        target="shouhu.labelstore.tasks:check_document",
        finish="shouhu.labelstore.services:label_check_finish",
        payload={"data": data, "as_of": as_of.isoformat(), "category": category or None},
        owner=owner,
    )
    return jobs.get(job_id) or {"id": job_id, "status": jobs.QUEUED}


def _owner_actor(owner: dict[str, Any]) -> Actor:
    if owner.get("api_key"):
        from shouhu.accounts.models import ApiKey, ApiKeyActor

        return ApiKeyActor(ApiKey.objects.select_related("enterprise").get(pk=owner["api_key"]))
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=owner["user"])


def label_check_finish(job: dict[str, Any], outcome: tuple[str, Any]) -> dict[str, Any]:
    """A finished OCR job: store the LabelCheck (a short write), or raise the input's refusal."""
    status, value = outcome
    if status != "ok":
        code = str(value.get("code") or "job.error")
        if "message_zh" in value:
            raise _input_error(
                LabelInputError(code, value["message_zh"], value.get("message_en", "")), "image"
            )
        raise _input_error(
            LabelInputError(
                "image.too_heavy" if code in ("job.memory", "job.timeout") else code,
                "图片或PDF过大或过于复杂，无法在限定的时间和内存内识别，请缩小后重试",
                "the image or PDF is too large or complex to read within the time and memory limits;"
                " reduce it and retry",
            ),
            "image",
        )
    owner = job["owner"]
    actor = _owner_actor(owner)
    enterprise = Enterprise.objects.get(pk=owner["enterprise"]) if owner.get("enterprise") else None
    as_of = date.fromisoformat(value["as_of"])
    record = _record(actor, enterprise, owner["division"], as_of, value, len(value.get("findings") or []))
    return {"check": record.pk}


def label_check_job(actor: Actor, job_id: str) -> dict[str, Any]:
    """A queued check's status, for the one who queued it (anyone else: not found)."""
    from shouhu.core import jobs
    from shouhu.core.errors import NotFound

    job = jobs.get(job_id) if job_id.isalnum() else None
    api_key = getattr(actor, "api_key", None)
    mine = (
        job is not None
        and job.get("kind") == JOB_KIND
        and (
            (api_key is not None and job["owner"].get("api_key") == api_key.pk)
            or (api_key is None and job["owner"].get("user") == getattr(actor, "pk", None))
        )
    )
    if not mine:
        raise NotFound(_("未找到"), details={"reason": "job.unknown"})
    return job


def label_sweep_create(
    *, actor: Actor, filename: str, data: bytes, name: str = "", as_of: date | None = None
) -> LabelSweep:
    """Queue a sweep of online listings (CSV, JSONL or Excel); the background task checks every row.

    Every refusal of the file is here (the page and the API both call this), before anything is written:
    the size first (nothing is parsed past it), then `shouhu.labels.batch.check_listing` — type, empty,
    not text, unreadable, no row under the header, no text column, too many rows. A name over
    `MAX_SWEEP_NAME` characters is refused, not cut.
    """
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
    if len(data) > MAX_SWEEP_BYTES:
        raise refuse(LabelstoreError.FILE_TOO_LARGE, _("文件超过50MB"), field="file", label=_("标签"))
    if len(name) > MAX_SWEEP_NAME:
        raise refuse(
            LabelstoreError.NAME_TOO_LONG,
            _("排查名称不超过 %(n)s 字"),
            params={"n": MAX_SWEEP_NAME},
            field="name",
            label=_("排查名称"),
        )
    if as_of is not None and as_of < (first := rules_first_effective()):
        raise refuse(
            LabelstoreError.BEFORE_RULES,
            _("检查日期不得早于规则最早生效日 %(first)s：此前无可适用的规则"),
            params={"first": first.isoformat()},
            field="as_of",
            label=_("检查日期"),
        )
    try:
        check_listing(data, suffix)
    except LabelInputError as exc:
        raise _input_error(exc) from exc
    sweep = LabelSweep(
        name=(name or Path(filename).stem)[:MAX_SWEEP_NAME],
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
