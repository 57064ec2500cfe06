"""三本账 as PDF, through a background job (core.jobs): a year of daily records is hundreds of rows and
many pages, too heavy for the request.

The request renders the books' HTML (a read: the period's daily records, weekly reports and monthly
minutes) and queues the job; WeasyPrint turns it into PDF in a child process capped in memory and time
(`core.pdf.render_pdf`, the same renderer licensing's and inspection's printed documents use); `finish`
stores the file under MEDIA_ROOT, and the page polls the job until its download link appears. Only the
one who queued it reads the job or its file (anyone else: not found).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, jobs
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.registry.models import Enterprise

from . import selectors
from .error_codes import SelfcontrolError as E
from .models import ReportKind

JOB_KIND = "selfcontrol.books_pdf"
MAX_DAYS = 366


def books_html(actor: Actor, enterprise: Enterprise, first: date, last: date, font_face: str = "") -> str:
    checks = list(
        selectors.daily_list(actor).filter(enterprise=enterprise, day__range=(first, last)).order_by("day")
    )
    reports = list(selectors.report_list(actor).filter(enterprise=enterprise, starts_on__range=(first, last)))
    return render_to_string(
        "selfcontrol/print_books.html",
        {
            "enterprise": enterprise,
            "first": first,
            "last": last,
            "checks": checks,
            "weekly": sorted((r for r in reports if r.kind == ReportKind.WEEKLY), key=lambda r: r.starts_on),
            "monthly": sorted(
                (r for r in reports if r.kind == ReportKind.MONTHLY), key=lambda r: r.starts_on
            ),
            "font_face": font_face,
            "printed_at": timezone.localtime(),
        },
    )


def books_pdf_submit(
    *, actor: Actor, enterprise: Enterprise, first: date, last: date, font_face: str = ""
) -> dict[str, Any]:
    """Queue the PDF of the books for [first, last] (at most a year); returns the job's status."""
    access.require(actor, "selfcontrol.view")
    if last < first or (last - first).days >= MAX_DAYS:
        raise refuse(E.PERIOD_INVALID, _("导出期间须在一年以内且截止日期不早于起始日期"), field="last")
    html = books_html(actor, enterprise, first, last, font_face)
    owner = {"user": getattr(actor, "pk", None), "enterprise": enterprise.pk}
    job_id = jobs.submit(
        kind=JOB_KIND,
        target="shouhu.core.pdf:render_pdf",
        finish="shouhu.selfcontrol.books:books_pdf_finish",
        payload={"html": html},
        owner=owner | {"name": f"三本账-{enterprise.pk}-{first:%Y%m%d}-{last:%Y%m%d}.pdf"},
    )
    return jobs.get(job_id) or {"id": job_id, "status": jobs.QUEUED}


def books_pdf_finish(job: dict[str, Any], outcome: tuple[str, Any]) -> dict[str, Any]:
    status, value = outcome
    if status != "ok":
        raise refuse(
            E.PDF_FAILED,
            _("PDF 生成失败（%(detail)s），请缩短导出期间或改用Excel"),
            params={"detail": str(value.get("code") or value.get("detail") or "")[:100]},
        )
    path = default_storage.save(f"selfcontrol/books/{job['id']}.pdf", ContentFile(value))
    return {"file": path, "name": job["owner"]["name"], "bytes": len(value)}


def books_pdf_job(actor: Actor, job_id: str) -> dict[str, Any]:
    job = jobs.get(job_id) if job_id.isalnum() else None
    if job is None or job.get("kind") != JOB_KIND or job["owner"].get("user") != getattr(actor, "pk", None):
        raise NotFound(_("未找到"), details={"reason": "job.unknown"})
    return job


def books_pdf_file(actor: Actor, job_id: str) -> tuple[bytes, str]:
    job = books_pdf_job(actor, job_id)
    if job.get("status") != jobs.DONE:
        raise NotFound(_("未找到"), details={"reason": "job.not_done"})
    with default_storage.open(job["result"]["file"], "rb") as fh:
        return fh.read(), job["result"]["name"]
