"""Every printable document's PDF is rendered off the request (issue 12.1): the page asks for the PDF,
a core.jobs job renders it in its capped child process, the person waits on a page that refreshes itself
and then gets the file. A document that renders in a second is served within a refresh; one that takes
a minute (a long 结果记录表, a year of a case's documents) holds no web worker, and a failure or an
unavailable renderer says so on the page, with the HTML version to print instead.

    return pdfjobs.respond(request, html, "审查报告-XK2026-0001.pdf", html_url=...)

The job's owner is the requesting user (another user gets 404); its file stays for `jobs.config()["keep"]`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from . import jobs
from .errors import NotFound, ServiceError
from .htmx import render_page

KIND = "core.pdf"


def submit(*, user: Any, html: str, filename: str, html_url: str = "") -> dict[str, Any]:
    """Queue the PDF of `html` for `user`; returns the job (done at once in the inline test mode)."""
    job_id = jobs.submit(
        kind=KIND,
        target="shouhu.core.pdf:render_pdf",
        finish="shouhu.core.pdfjobs:finish",
        payload={"html": html},
        owner={"user": getattr(user, "pk", None), "name": filename[:200], "html_url": html_url[:500]},
    )
    return jobs.get(job_id) or {"id": job_id, "status": jobs.QUEUED}


def finish(job: dict[str, Any], outcome: tuple[str, Any]) -> dict[str, Any]:
    status, value = outcome
    if status != "ok":
        detail = str(value.get("detail") or value.get("code") or "")[:200] if isinstance(value, dict) else ""
        raise ServiceError(
            _("PDF 生成失败（%(detail)s），请使用 HTML 版本打印。"),
            params={"detail": detail},
            details={"reason": "pdf.failed"},
        )
    path = default_storage.save(f"pdf/{job['id']}.pdf", ContentFile(bytes(value)))
    return {"file": path, "bytes": len(value)}


def job_for(user: Any, job_id: str) -> dict[str, Any]:
    job = jobs.get(job_id) if job_id.isalnum() else None
    if job is None or job.get("kind") != KIND or job["owner"].get("user") != getattr(user, "pk", None):
        raise NotFound(_("未找到"), details={"reason": "job.unknown"})
    return job


def respond(request: HttpRequest, html: str, filename: str, *, html_url: str = "") -> HttpResponse:
    """Answer a request for a document's PDF: queue it and send the person to its waiting page."""
    try:
        job = submit(user=request.user, html=html, filename=filename, html_url=html_url)
    except jobs.Busy as exc:
        response = HttpResponse(str(exc.message), status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str((exc.details or {}).get("retry_after", 30))
        return response
    return redirect("pdf-job", job["id"])


def job_page(request: HttpRequest, job_id: str) -> HttpResponse:
    """The waiting page: 202 and a refresh while rendering; the file once done; the reason if it failed."""
    try:
        job = job_for(request.user, job_id)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    if job["status"] == jobs.DONE:
        return redirect("pdf-file", job_id)
    pending = job["status"] != jobs.FAILED
    error = (job.get("error") or {}).get("message", "") if not pending else ""
    context = {"job": job, "pending": pending, "error": error, "name": job["owner"].get("name", "")}
    return render_page(request, "core/pdf_job.html", context, status=202 if pending else 200)


def file(request: HttpRequest, job_id: str) -> HttpResponse:
    try:
        job = job_for(request.user, job_id)
        if job["status"] != jobs.DONE:
            raise NotFound(_("未找到"), details={"reason": "job.not_done"})
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    with default_storage.open(job["result"]["file"], "rb") as fh:
        data = fh.read()
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"inline; filename*=UTF-8''{quote(job['owner'].get('name') or 'document.pdf')}"
    )
    return response
