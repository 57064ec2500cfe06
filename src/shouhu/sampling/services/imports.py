"""A lab's results spreadsheet, off the request: read in a capped child (`tasks.read_results`, core.jobs),
then judged and stored here, all rows or none (`results.results_import_rows`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, jobs
from shouhu.core.access import Actor
from shouhu.core.errors import refuse

from ..error_codes import SamplingError as E
from .results import ResultRow, results_import_rows

JOB_KIND = "sampling.import"
MAX_BYTES = 20 * 1024 * 1024


def rows_from(parsed: list[dict[str, str]]) -> list[ResultRow]:
    return [
        ResultRow(
            item=r["item"],
            measured=r["measured"],
            unit=r.get("unit", ""),
            lab_conclusion=r.get("lab_conclusion", ""),
            sample_number=r["sample_number"],
            found_on=r.get("found_on", ""),
        )
        for r in parsed
    ]


def results_import_submit(*, actor: Actor, data: bytes, name: str = "") -> dict[str, Any]:
    """Queue the import; answers the job (status, id) for the page to poll."""
    access.require(actor, "sampling.result.record")
    limit = int(getattr(settings, "SHOUHU_MAX_UPLOAD_BYTES", MAX_BYTES) or MAX_BYTES)
    if not data:
        raise refuse(E.IMPORT_INVALID, _("请选择文件"), field="file")
    if len(data) > limit:
        raise refuse(E.IMPORT_TOO_LARGE, _("文件过大"), field="file")
    job_id = jobs.submit(
        kind=JOB_KIND,
        target="shouhu.sampling.tasks:read_results",
        finish="shouhu.sampling.services.imports:results_import_finish",
        payload={"data": data, "name": name},
        owner={"user": actor.pk, "division": actor.division_code},
    )
    return jobs.get(job_id) or {"id": job_id, "status": jobs.QUEUED}


def results_import_finish(job: dict[str, Any], outcome: tuple[str, Any]) -> dict[str, Any]:
    status, value = outcome
    if status != "ok":
        raise refuse(E.IMPORT_INVALID, _("文件过大或过于复杂，无法读取"), field="file")
    if "error" in value:
        err = value["error"]
        code = E.IMPORT_TOO_LARGE if err["code"] == "import.too_large" else E.IMPORT_INVALID
        raise refuse(code, _("无法导入：%(reason)s"), params={"reason": err["message_zh"]}, field="file")
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.get(pk=job["owner"]["user"])
    return {"stored": results_import_rows(actor=actor, rows=rows_from(value["rows"]))}
