"""Checklist pages: the runs of your tenancy and one run's sheet, scored item by item on a phone.

A score is posted per item (HTMX swaps the item's row; without JavaScript the page reloads), through the same
service as the API, so the page and an enterprise system get the same refusals.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shouhu.core.errors import NotFound, ServiceError
from shouhu.core.htmx import htmx_partial, render_page

from ..evidence.services import evidence_create
from ..subjects import Subject
from . import selectors, services
from .hooks import ROLES
from .models import TemplateItem
from .schemes import RESULT_LABELS, RESULTS


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    runs = selectors.run_list(request.user).order_by("-pk")[:200]
    return render_page(request, "checklists/runs.html", {"runs": runs})


def _options(scheme: str) -> str:
    return format_html_join(
        "", '<option value="{}">{}</option>', ((r, RESULT_LABELS[r]) for r in RESULTS[scheme])
    )


def _limits(limits: dict | None) -> str:
    if not limits:
        return ""
    upper = f"–{limits['value_max']}" if limits.get("value_max") is not None else ""
    return f"{limits['operator']} {limits['value']}{upper} {limits.get('unit', '')}"


def _row(item: TemplateItem, user_pk: int, score_url: str, options: dict[str, str]) -> dict:
    """An item as plain data: the sheet renders 150 of them, so the template only reads, never computes."""
    results = [
        {
            "scorer": r.scorer.display_name or r.scorer.username,
            "label": str(RESULT_LABELS.get(r.result, r.result)),
            "measured": r.measured,
            "note": r.note,
            "evidence": r.evidence_id is not None,
            "at": localtime(r.scored_at).strftime("%Y-%m-%d %H:%M"),
        }
        for r in item.run_results
    ]
    return {
        "pk": item.pk,
        "item_id": item.item_id,
        "title": item.title,
        "key": item.key,
        "citation": item.citation,
        "limits": _limits(item.limits),
        "measured": item.scheme == "measured",
        "options": options[item.scheme],
        "results": results,
        "mine": any(r.scorer_id == user_pk for r in item.run_results),
        "score_url": score_url.replace("__item__", item.item_id),
    }


def _sheet_context(request: HttpRequest, pk: int, error: ServiceError | None = None) -> dict:
    run, items, signatures = selectors.run_sheet(request.user, pk)
    score_url = reverse("checklists:score", args=[run.pk, "__item__"])
    options = {scheme: _options(scheme) for scheme in RESULTS}
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(_row(item, request.user.pk, score_url, options))
    return {
        "run": run,
        "groups": groups,
        "item_count": len(items),
        "scored_count": sum(1 for i in items if i.run_results),
        "signatures": signatures,
        "roles": [(name, spec.label) for name, spec in ROLES.items()],
        "labels": RESULT_LABELS,
        "error": error,
        "open": run.state == "open",
        "csrf": get_token(request),  # once per page, not a lazy lookup per row
        # the row's words, translated once per page rather than once per row
        "t_key": _("重点项"),
        "t_cite": _("依据"),
        "t_limits": _("限值"),
        "t_measured": _("测量值"),
        "t_result": _("评分"),
        "t_note": _("检查记录"),
        "t_photo": _("照片"),
        "t_score": _("评分"),
    }


@login_required
@require_GET
def run_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        context = _sheet_context(request, pk)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    return render_page(request, "checklists/run.html", context)


@login_required
@require_POST
def run_score(request: HttpRequest, pk: int, item_id: str) -> HttpResponse:
    error = None
    try:
        evidence = None
        upload = request.FILES.get("photo")
        if upload is not None:
            evidence = evidence_create(
                actor=request.user,
                content=upload.read(),
                name=upload.name or "",
                client_id=request.POST.get("photo_client_id") or None,
            )
        services.result_record(
            actor=request.user,
            run=pk,
            item_id=item_id,
            result=request.POST.get("result", ""),
            measured=request.POST.get("measured") or None,
            note=request.POST.get("note", ""),
            evidence=evidence,
            client_id=request.POST.get("client_id") or None,
        )
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    except ServiceError as exc:
        error = exc
    if error is None and not htmx_partial(request):
        return redirect("checklists:run", pk=pk)
    context = _sheet_context(request, pk, error)
    context["error_item"] = item_id
    status = 422 if error else 200
    if htmx_partial(request):
        item = next((i for g in context["groups"].values() for i in g if i["item_id"] == item_id), None)
        if item is not None:
            context["item"] = item
            return render_page(request, "checklists/_item.html", context, status=status)
    return render_page(request, "checklists/run.html", context, status=status)


@login_required
@require_POST
def run_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    try:
        if action == "conclude":
            services.run_conclude(actor=request.user, run=pk)
        elif action == "sign":
            run = selectors.run_get(request.user, pk)
            services.signature_sign(
                actor=request.user,
                subject=Subject("checklists.checklistrun", str(run.pk), run.enterprise_id, run.division_code),
                role=request.POST.get("role", ""),
                client_id=request.POST.get("client_id") or None,
                drawing=request.POST.get("drawing", ""),
            )
        else:
            return render_page(request, "404.html", {}, status=404)
    except NotFound:
        return render_page(request, "404.html", {}, status=404)
    except ServiceError as exc:
        return render_page(request, "checklists/run.html", _sheet_context(request, pk, exc), status=422)
    return redirect("checklists:run", pk=pk)
