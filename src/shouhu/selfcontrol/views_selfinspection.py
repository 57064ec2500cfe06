"""自查报告 pages: the enterprise sets its frequency, scores the 细则 checklist and submits; the county sees
submitted / late / missing and reads each report (page, PDF, structured data).

Forms post to the services; a refusal re-renders the page with the reason (422) and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from shouhu.core import access, pdfjobs
from shouhu.core.errors import NotFound, ServiceError
from shouhu.core.htmx import render_page
from shouhu.licensing.documents import CJK_FONTS
from shouhu.workflow.checklists.models import ItemResult, TemplateItem
from shouhu.workflow.checklists.schemes import RESULT_LABELS, RESULTS

from . import books, selectors, services
from .models import SelfInspection
from .services.selfinspection import CHOICES


def font_face() -> str:
    """The CJK font WeasyPrint embeds (as licensing's and inspection's printed documents do)."""
    from pathlib import Path

    for path in CJK_FONTS:
        if Path(path).exists():
            return f"@font-face {{ font-family: 'ShouhuCJK'; src: url('file://{path}'); }}"
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def selfinspections(request: HttpRequest) -> HttpResponse:
    """The enterprise: its frequency and reports. The regulator: the overview of its jurisdiction."""
    user, error, status = request.user, None, 200
    if not getattr(user, "enterprise_id", None):
        if not access.can(user, "selfcontrol.supervise"):
            return render_page(request, "403.html", {}, status=403)
        rows = selectors.selfinspection_overview(user)
        wanted = request.GET.get("status", "")
        context = {
            "rows": [r for r in rows if not wanted or r.status == wanted],
            "counts": {k: sum(1 for r in rows if r.status == k) for k in selectors.SI_STATUS},
            "labels": selectors.SI_STATUS,
            "wanted": wanted,
            "grace": selectors.grace_days(),
        }
        return render_page(request, "selfcontrol/selfinspections_county.html", context)
    if not access.can(user, "selfcontrol.view"):
        return render_page(request, "403.html", {}, status=403)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "plan":
                months = request.POST.get("months", "")
                services.plan_set(actor=user, months=int(months) if months.isdigit() else 0)
                messages.success(request, _("自查周期已设定"))
                return redirect("selfcontrol:selfinspections")
            si = services.inspection_open(actor=user, client_id=request.POST.get("client_id") or None)
            return redirect("selfcontrol:selfinspection", si.pk)
        except ServiceError as exc:
            error, status = exc, 422
    months, _start, plan = selectors.plan_for(user.enterprise_id)
    context = {
        "reports": list(selectors.selfinspection_list(user)),
        "months": months,
        "plan": plan,
        "history": selectors.plan_history(user),
        "default_months": selectors.default_months(),
        "choices": CHOICES,
        "may_manage": access.can(user, "selfcontrol.selfinspect"),
        "error": error,
    }
    return render_page(request, "selfcontrol/selfinspections.html", context, status=status)


def _items(si: SelfInspection) -> list[dict[str, Any]]:
    results = {
        item_pk: (result, note)
        for item_pk, result, note in ItemResult.objects.filter(run_id=si.run_id).values_list(
            "item_id", "result", "note"
        )
    }
    out = []
    for it in TemplateItem.objects.filter(template_id=si.template_id).order_by("position"):
        result, note = results.get(it.pk, ("", ""))
        out.append(
            {
                "item_id": it.item_id,
                "title": it.title,
                "citation": it.citation,
                "scheme": it.scheme,
                "limits": it.limits,
                "result": result,
                "result_label": RESULT_LABELS.get(result, ""),
                "note": note,
                "choices": [(r, RESULT_LABELS[r]) for r in RESULTS[it.scheme]],
            }
        )
    return out


@login_required
@require_http_methods(["GET", "POST"])
def selfinspection(request: HttpRequest, pk: int) -> HttpResponse:
    user, error, status = request.user, None, 200
    try:
        si = selectors.selfinspection_get(user, pk)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "submit":
                services.inspection_submit(actor=user, inspection=si, conclusion=post.get("conclusion", ""))
                messages.success(request, _("自查报告已提交至属地监管部门"))
            else:
                scored = {i["item_id"] for i in _items(si) if i["result"]}
                results = [
                    {
                        "item_id": item_id,
                        "result": post.get(f"result_{item_id}", ""),
                        "measured": post.get(f"measured_{item_id}") or None,
                        "note": post.get(f"note_{item_id}", ""),
                    }
                    for item_id in post.getlist("item")
                    if item_id not in scored
                    and (post.get(f"result_{item_id}") or post.get(f"measured_{item_id}"))
                ]
                services.inspection_score(actor=user, inspection=si, results=results)
                messages.success(request, _("自查结果已保存"))
            return redirect("selfcontrol:selfinspection", si.pk)
        except ServiceError as exc:
            error, status = exc, 422
    items = _items(si)
    context = {
        "si": si,
        "items": items,
        "unscored": sum(1 for i in items if not i["result"]),
        "findings": selectors.selfinspection_findings(si),
        "may_edit": si.state == SelfInspection.State.OPEN
        and access.can(user, "selfcontrol.selfinspect")
        and user.enterprise_id == si.enterprise_id,
        "error": error,
        "posted": request.POST if error else {},
        "today": timezone.localdate(),
    }
    return render_page(request, "selfcontrol/selfinspection.html", context, status=status)


@login_required
@require_GET
def selfinspection_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as submitted: PDF (default), `?format=html` to print, `?format=json` as data."""
    try:
        si = selectors.selfinspection_get(request.user, pk)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    data = si.data if si.state == SelfInspection.State.SUBMITTED else selectors.report_data(si)
    fmt = request.GET.get("format", "pdf")
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    html = render_to_string(
        "selfcontrol/print_selfinspection.html",
        {"si": si, "data": data, "labels": RESULT_LABELS, "font_face": font_face()},
    )
    if fmt == "html":
        return HttpResponse(html)
    return pdfjobs.respond(request, html, f"自查报告-{si}.pdf", html_url=f"{request.path}?format=html")


# ---- 三本账 PDF (a background job) --------------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def books_pdf(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    from datetime import date

    try:
        ent = selectors.enterprise_get(request.user, enterprise_id)
        first = date.fromisoformat(request.POST.get("first", ""))
        last = date.fromisoformat(request.POST.get("last", ""))
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    except ValueError:
        messages.error(request, _("日期格式有误"))
        return redirect("selfcontrol:enterprise", enterprise_id)
    try:
        job = books.books_pdf_submit(
            actor=request.user, enterprise=ent, first=first, last=last, font_face=font_face()
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("selfcontrol:enterprise", enterprise_id)
    return redirect("selfcontrol:books-job", job["id"])


@login_required
@require_GET
def books_job(request: HttpRequest, job_id: str) -> HttpResponse:
    try:
        job = books.books_pdf_job(request.user, job_id)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    pending = job["status"] not in ("done", "failed")
    error = (job.get("error") or {}).get("message", "") if job["status"] == "failed" else ""
    context = {"job": job, "pending": pending, "error": error}
    return render_page(request, "selfcontrol/books_job.html", context, status=202 if pending else 200)


@login_required
@require_GET
def books_file(request: HttpRequest, job_id: str) -> HttpResponse:
    from urllib.parse import quote

    try:
        data, name = books.books_pdf_file(request.user, job_id)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
