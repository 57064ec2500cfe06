"""Label pages: check a label before printing (enterprise) and sweep online listings (regulator)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from shouhu.core import access
from shouhu.core.errors import NotFound, ServiceError
from shouhu.core.htmx import render_page

from . import reports, selectors, services
from .forms import LabelCheckForm, SweepForm

MAX_IMAGE_UPLOAD = 20 * 1024 * 1024


def _errors_into(form, exc: ServiceError) -> None:
    """A refusal on the form, in the page's language (each field entry's `message`, else the error's), with
    the refusal's code (the one the API answers in `details.fields[].code`)."""
    fields = (exc.details or {}).get("fields") or []
    for f in fields or [{"message": exc.message}]:
        form.add_error(None, ValidationError(f.get("message") or exc.message, code=f.get("code") or exc.code))


@login_required
def check(request: HttpRequest) -> HttpResponse:
    """GET: the form and recent checks. POST: run the check; HTMX gets just the result panel."""
    record, job, form = None, None, LabelCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data["image"]
        try:
            if image and not form.cleaned_data["text"]:  # OCR: queued, the result panel polls
                job = services.label_check_submit(
                    actor=request.user,
                    image=image.read(MAX_IMAGE_UPLOAD + 1),
                    filename=image.name,
                    category=form.cleaned_data["category"] or None,
                    as_of=form.cleaned_data["as_of"],
                )
                if "id" not in job:
                    record, job = selectors.label_check_get(request.user, job["result"]["check"]), None
            else:
                record = services.label_check_create(
                    actor=request.user,
                    text=form.cleaned_data["text"] or None,
                    image=image.read(MAX_IMAGE_UPLOAD + 1) if image else None,
                    filename=image.name if image else "",
                    category=form.cleaned_data["category"] or None,
                    as_of=form.cleaned_data["as_of"],
                )
        except ServiceError as exc:
            _errors_into(form, exc)
            job = None
    if job is not None and job.get("status") in ("done", "failed"):  # inline mode: finished already
        return check_job(request, job["id"])
    recent = selectors.label_check_list(request.user)[:10]
    status = 202 if job else 422 if request.method == "POST" and record is None else 200
    return render_page(
        request,
        "labelstore/check.html",
        {"form": form, "record": record, "recent": recent, "job": job},
        partial_template="labelstore/_job.html" if job else "labelstore/_result.html",
        status=status,
    )


@login_required
def check_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """A queued image check: the polling panel while it runs, then the result (or the refusal)."""
    try:
        job = services.label_check_job(request.user, job_id)
    except NotFound:
        raise Http404 from None
    record, form = None, LabelCheckForm()
    if job["status"] == "done":
        record = selectors.label_check_get(request.user, job["result"]["check"])
    elif job["status"] == "failed":
        error = job.get("error") or {}
        for f in (error.get("details") or {}).get("fields") or [error]:
            form.add_error(None, f.get("message") or error.get("message") or "")
    pending = job["status"] not in ("done", "failed")
    return render_page(
        request,
        "labelstore/check.html",
        {
            "form": form,
            "record": record,
            "job": job if pending else None,
            "recent": selectors.label_check_list(request.user)[:10],
        },
        partial_template="labelstore/_job.html" if pending else "labelstore/_result.html",
        status=200 if job["status"] != "failed" else 422,
    )


@login_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        record = selectors.label_check_get(request.user, pk)
    except NotFound:
        raise Http404 from None
    return render_page(request, "labelstore/check_detail.html", {"record": record})


@login_required
def sweeps(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "labels.sweep"):
        raise Http404
    form = SweepForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sweep = services.label_sweep_create(
                actor=request.user,
                filename=upload.name,
                data=upload.read(services.MAX_SWEEP_BYTES + 1),
                name=form.cleaned_data["name"],
                as_of=form.cleaned_data["as_of"],
            )
            return redirect("labelstore:sweep-detail", pk=sweep.pk)
        except ServiceError as exc:
            _errors_into(form, exc)
    page = Paginator(selectors.sweep_list(request.user), 20).get_page(request.GET.get("page"))
    return render_page(
        request,
        "labelstore/sweeps.html",
        {"form": form, "page": page},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def sweep_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        sweep = selectors.sweep_get(request.user, pk)
    except NotFound:
        raise Http404 from None
    page = Paginator(selectors.sweep_item_list(sweep), 50).get_page(request.GET.get("page"))
    return render_page(request, "labelstore/sweep_detail.html", {"sweep": sweep, "page": page})


@login_required
def sweep_report(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in reports.CONTENT_TYPES:
        raise Http404
    try:
        sweep = selectors.sweep_get(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        return reports.download(sweep, kind)
    except ServiceError as exc:  # over the export limit: the sweep's page, saying why
        page = Paginator(selectors.sweep_item_list(sweep), 50).get_page(1)
        context = {"sweep": sweep, "page": page, "export_error": exc.message}
        return render_page(request, "labelstore/sweep_detail.html", context, status=422)
