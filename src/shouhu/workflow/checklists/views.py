"""Checklist pages: the runs of your tenancy and one run's sheet, scored item by item on a phone.

A score is posted per item (HTMX swaps the item's row; without JavaScript the page reloads), through the same
service as the API, so the page and an enterprise system get the same refusals.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from shouhu.core.errors import NotFound, ServiceError
from shouhu.core.htmx import htmx_partial, render_page

from ..evidence.services import evidence_create
from ..subjects import Subject
from . import schemes, selectors, services
from .hooks import ROLES
from .models import TemplateItem


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    runs = selectors.run_list(request.user).order_by("-pk")[:200]
    return render_page(request, "checklists/runs.html", {"runs": runs})


def _sheet_context(request: HttpRequest, pk: int, error: ServiceError | None = None) -> dict:
    run, items, signatures = selectors.run_sheet(request.user, pk)
    groups: dict[str, list[TemplateItem]] = {}
    for item in items:
        item.choices = [(r, schemes.RESULT_LABELS[r]) for r in schemes.RESULTS[item.scheme]]
        item.mine = next((r for r in item.run_results if r.scorer_id == request.user.pk), None)
        groups.setdefault(item.group, []).append(item)
    return {
        "run": run,
        "groups": groups,
        "item_count": len(items),
        "scored_count": sum(1 for i in items if i.run_results),
        "signatures": signatures,
        "roles": [(name, spec.label) for name, spec in ROLES.items()],
        "labels": schemes.RESULT_LABELS,
        "error": error,
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
        item = next((i for g in context["groups"].values() for i in g if i.item_id == item_id), None)
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
