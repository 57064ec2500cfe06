"""Sampling pages: the regulator's plans and tasks, the coverage matrix, the 抽样单 on a phone, a sample's
results (entered, imported, report PDF), statistics with the Excel export, and the public results page."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shouhu.core import access, jobs, offline, regulation
from shouhu.core.errors import PermissionDenied, ServiceError
from shouhu.core.pages import division_param, filter_query, refused
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.subjects import subject_of

from . import selectors, services
from .quarters import quarter_of
from .services import labs as labs_service
from .services.imports import results_import_submit
from .services.results import parse_found_on
from .services.samples import delivered_late

CELL_LABELS = {
    "sampled": _("已抽"),
    "no_production": _("未生产"),
    "open": _("待抽"),
    "gap": _("缺口"),
    "future": "",
}


def _year(request: HttpRequest) -> int:
    try:
        return max(2000, min(2100, int(request.GET.get("year") or timezone.localdate().year)))
    except ValueError:
        return timezone.localdate().year


def _fail(request: HttpRequest, exc: ServiceError) -> None:
    messages.error(request, str(exc.message))


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """监督抽检: this jurisdiction's plans (a new quarter's plan) and the open sampling tasks."""
    user = request.user
    try:
        access.require(user, "sampling.coverage.view")
    except PermissionDenied as exc:
        return refused(request, exc)
    if request.method == "POST":
        try:
            plan = services.plan_create(
                actor=user,
                division_code=request.POST.get("division_code") or user.division_code or "",
                year=int(request.POST.get("year") or 0),
                quarter=int(request.POST.get("quarter") or 0),
            )
            messages.success(request, _("已制定%(title)s") % {"title": plan.title})
        except (ValueError, TypeError):
            messages.error(request, _("季度应为1—4"))
        except ServiceError as exc:
            _fail(request, exc)
        return redirect("sampling:index")
    year, quarter = quarter_of(timezone.localdate())
    tasks = selectors.task_list(user, open_only=True).order_by("due_on", "enterprise__name")[:200]
    return render(
        request,
        "sampling/index.html",
        {
            "plans": selectors.plan_list(user)[:20],
            "tasks": tasks,
            "year": year,
            "quarter": quarter,
            "can_plan": access.can(user, "sampling.plan.manage"),
            "can_sample": access.can(user, "sampling.sample.record"),
            "samples": selectors.sample_list(user)[:50],
        },
    )


@login_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    """覆盖矩阵: enterprise × quarter, gaps marked."""
    division = request.GET.get("division", "")
    division = division if len(division) == 6 and division.isdigit() else ""
    try:
        m = selectors.coverage_matrix(request.user, year=_year(request), division=division)
    except PermissionDenied as exc:
        return refused(request, exc)
    rows = [(r, [(c, CELL_LABELS[c]) for c in r.cells]) for r in m["rows"]]
    context = {"m": m, "rows": rows, "labels": CELL_LABELS, "division": division}
    return render(request, "sampling/coverage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sample_new(request: HttpRequest, pk: int) -> HttpResponse:
    """抽样单 on a phone: the batch by its trace code, quantities, backup samples, signatures, photos."""
    user = request.user
    try:
        task = selectors.task_get(user, pk)  # outside one's tenancy: not found, before any permission
        access.require(user, "sampling.sample.record")
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "no_production":
                upload = request.FILES.get("evidence")
                ev = None
                if upload is not None:
                    ev = evidence_create(
                        actor=user,
                        content=upload.read(),
                        name=upload.name,
                        subject=subject_of(task.enterprise),
                    )
                services.task_no_production(
                    actor=user,
                    task_id=task.pk,
                    evidence_id=ev.pk if ev else None,
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("已记录本季度未生产"))
                return redirect("sampling:index")
            photos = [
                evidence_create(
                    actor=user, content=f.read(), name=f.name, subject=subject_of(task.enterprise)
                ).pk
                for f in request.FILES.getlist("photos")[:10]
            ]
            sample = services.sample_create(
                actor=user,
                task_id=task.pk,
                trace_code=request.POST.get("trace_code", ""),
                quantity=request.POST.get("quantity", ""),
                backup_quantity=request.POST.get("backup_quantity", ""),
                unit=request.POST.get("unit", ""),
                sampler_name=request.POST.get("sampler_name", ""),
                sampler_signed=request.POST.get("sampler_signed") == "on",
                enterprise_signer=request.POST.get("enterprise_signer", ""),
                enterprise_signed=request.POST.get("enterprise_signed") == "on",
                lab_name=request.POST.get("lab_name", ""),
                photo_ids=photos,
            )
            messages.success(request, _("抽样单 %(number)s 已保存") % {"number": sample.number})
            if offline.is_sync(request):  # sent from the phone's outbox (issue 26): once, by its form key
                offline.drop_flash(request)
                return offline.answer(
                    offline.STORED, _("抽样单 %(number)s 已保存") % {"number": sample.number}
                )
            return redirect("sampling:sample", pk=sample.pk)
        except ServiceError as exc:
            if offline.is_sync(request):
                return offline.refusal(exc)
            return render(
                request,
                "sampling/sample_new.html",
                {"task": task, "error": exc.message, "form": request.POST},
                status=exc.status,
            )
    return render(request, "sampling/sample_new.html", {"task": task, "form": {}})


def _rows_from_text(text: str) -> list[services.ResultRow]:
    rows = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.replace("，", ",").split("|")] if "|" in line else None
        if parts is None:
            parts = (
                [p.strip() for p in line.split("\t")]
                if "\t" in line
                else [p.strip() for p in line.split(" ") if p]
            )
        if not line.strip():
            continue
        parts += [""] * (4 - len(parts))
        rows.append(
            services.ResultRow(item=parts[0], measured=parts[1], unit=parts[2], lab_conclusion=parts[3])
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A sample: custody, results judged item by item, the report PDF, publication."""
    user = request.user
    try:
        sample = selectors.sample_get(user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "receive":
                services.sample_receive(actor=user, sample_id=sample.pk)
                messages.success(request, _("已收样"))
            elif action == "results":
                pdf = request.FILES.get("report")
                services.results_record(
                    actor=user,
                    sample_id=sample.pk,
                    rows=_rows_from_text(request.POST.get("rows", "")),
                    report_no=request.POST.get("report_no", ""),
                    report_pdf=pdf.read() if pdf else None,
                    report_name=pdf.name if pdf else "",
                    found_on=parse_found_on(request.POST.get("found_on", "")[:20]),
                )
                messages.success(request, _("检验结果已录入"))
            elif action == "publish":
                services.sample_publish(actor=user, sample_id=sample.pk)
                messages.success(request, _("抽检结果已公布"))
        except ServiceError as exc:
            _fail(request, exc)
        return redirect("sampling:sample", pk=sample.pk)
    return render(
        request,
        "sampling/sample.html",
        {
            "s": sample,
            "results": selectors.result_list(sample),
            "late": delivered_late(sample),
            "delay": selectors.sample_report_delay(sample),
            "can_record": access.can(user, "sampling.result.record"),
            "can_publish": access.can(user, "sampling.publish"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def results_import(request: HttpRequest) -> HttpResponse:
    """导入检验结果: a lab's Excel/CSV, read off the request; the page shows the job's state."""
    user = request.user
    if not access.can(user, "sampling.result.record"):
        return render(request, "403.html", status=403)
    job: dict[str, Any] | None = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            job = results_import_submit(
                actor=user, data=upload.read() if upload else b"", name=upload.name if upload else ""
            )
        except ServiceError as exc:
            _fail(request, exc)
            return redirect("sampling:import")
        return redirect(f"{request.path}?job={job['id']}")
    job_id = request.GET.get("job", "")
    if job_id:
        job = jobs.get(job_id)
        if job is not None and job.get("owner", {}).get("user") != user.pk:
            job = None
    return render(request, "sampling/import.html", {"job": job})


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """合格率统计 by variety, item and jurisdiction per quarter; `?format=xlsx` for the Excel exchange."""
    year = _year(request)
    try:
        stats = selectors.pass_rates(request.user, year=year)
    except PermissionDenied as exc:
        return refused(request, exc)
    if request.GET.get("format") == "xlsx":
        return _xlsx(year, stats)
    return render(request, "sampling/statistics.html", {"year": year, "stats": stats})


def _xlsx(year: int, stats: dict[str, list[dict[str, Any]]]) -> HttpResponse:
    from openpyxl import Workbook

    from shouhu.core.exports import xlsx_append

    wb = Workbook()
    wb.remove(wb.active)
    titles = {"variety": _("按品种"), "item": _("按检验项目"), "division": _("按辖区")}
    for key, title in titles.items():
        ws = wb.create_sheet(str(title))
        xlsx_append(ws, [_("年度"), _("季度"), str(title), _("抽检批次"), _("合格批次"), _("合格率（%）")])
        for r in stats[key]:
            xlsx_append(ws, [year, r["quarter"], r["name"], r["total"], r["passed"], r["rate"]])
    buf = io.BytesIO()
    wb.save(buf)
    resp = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="sampling-{year}.xlsx"'
    return resp


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """抽检结果公布 (no login): published results; a failure names the enterprise, the batch and the items."""
    year = request.GET.get("year")
    rows = selectors.published_results(year=int(year) if year and year.isdigit() else None)
    return render(request, "sampling/public.html", {"rows": rows})


__all__ = ["coverage", "index", "public", "results_import", "sample_detail", "sample_new", "statistics"]


@login_required
@require_GET
def samples(request: HttpRequest) -> HttpResponse:
    """抽检样品: a year's (and quarter's) samples by division and verdict, paginated with their count."""
    year = _year(request)
    quarter = request.GET.get("quarter", "")
    quarter = int(quarter) if quarter in ("1", "2", "3", "4") else None
    verdict = request.GET.get("verdict", "")
    division = division_param(request)
    try:
        found = selectors.sample_search(
            request.user, year=year, quarter=quarter, division=division, verdict=verdict
        )
    except PermissionDenied as exc:
        return refused(request, exc)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    filters = {"year": year, "quarter": quarter or "", "division": division, "verdict": verdict}
    context = {
        "page": page,
        **filters,
        "query": filter_query(filters),
        "verdicts": [("pass", _("合格")), ("fail", _("不合格"))],
    }
    return render(request, "sampling/samples.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def labs(request: HttpRequest) -> HttpResponse:
    """承检机构: register a lab and issue its X-Lab-Key, rotate or revoke it (with a reason). A new key is
    shown once, in this response only (only its hash is stored), as the enterprises' API keys are."""
    user = request.user
    try:
        access.require(user, "sampling.lab.manage")
    except PermissionDenied as exc:
        return refused(request, exc)
    raw, named = "", ""
    if request.method == "POST":
        try:
            if request.POST.get("revoke"):
                lab = labs_service.lab_revoke(
                    actor=user, lab_id=int(request.POST["revoke"]), reason=request.POST.get("reason", "")
                )
                messages.success(request, _("接入密钥已停用"))
            elif request.POST.get("rotate"):
                lab, raw = labs_service.lab_key_rotate(actor=user, lab_id=int(request.POST["rotate"]))
                named = lab.name
            else:
                lab, raw = labs_service.lab_create(
                    actor=user,
                    name=request.POST.get("name", "")[:200],
                    division_code=request.POST.get("division_code", "")[:6],
                )
                named = lab.name
        except ServiceError as exc:
            _fail(request, exc)
        except ValueError:
            messages.error(request, _("请求无效"))
    labs = list(labs_service.lab_list(user))
    record = selectors.lab_report_record(user, [lab.name for lab in labs])
    response = render(
        request,
        "sampling/labs.html",
        {
            "labs": [(lab, record[lab.name]) for lab in labs],
            "report_limit": regulation.param(selectors.LAB_REPORT_RULE),
            "report_cite": regulation.cite(selectors.LAB_REPORT_RULE),
            "raw": raw,
            "named": named,
            "division": user.division_code or "",
        },
    )
    response["Cache-Control"] = "no-store"
    return response
