"""Pages for inspectors: the alerts (open first, by score), one alert with its evidence, its triage."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouhu.core import access
from shouhu.core.errors import ServiceError
from shouhu.core.pages import division_param, flash_run, refused, run_action

from . import detectors, selectors, services
from .models import DETECTOR_CHOICES, Outcome, State


def _type_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _day(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _detector(alert) -> detectors.Detector:
    return detectors.DETECTORS[alert.detector]


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", State.OPEN)
    detector = request.GET.get("detector", "")
    try:
        qs = selectors.alert_list(
            request.user,
            state=state if state in State.values else "",
            detector=detector,
            division=division_param(request),
        )
    except ServiceError as exc:
        return refused(request, exc)
    counts = selectors.open_counts(request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "anomaly/alerts.html",
        {
            "page": page,
            "state": state,
            "detector": detector,
            "division": division_param(request),
            "states": State.choices,
            "detectors": DETECTOR_CHOICES,
            "counts": [(v, label, counts.get(v, 0)) for v, label in DETECTOR_CHOICES],
            "runs": selectors.run_list(5),
            "can_run": access.can(request.user, "anomaly.run"),
        },
    )


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    day = _day(request.POST.get("day", "")) or timezone.localdate() - dt.timedelta(days=1)
    flash_run(request, lambda: services.alerts_run(actor=request.user, day=day), _("检测已运行"))
    return redirect("anomaly:alerts")


@login_required
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        a = selectors.alert_get(request.user, pk)
    except ServiceError as exc:
        return refused(request, exc)
    return render(
        request,
        "anomaly/alert.html",
        {
            "alert": a,
            "evidence": [{**e, "type": _type_label(e.get("type", ""))} for e in a.evidence],
            "detector": _detector(a),
            "can_triage": a.state == State.OPEN and access.can(request.user, "anomaly.triage"),
            "default_due": timezone.localdate() + dt.timedelta(days=15),
        },
    )


@login_required
@require_POST
def triage(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    p, user = request.POST, request.user

    actions = {
        "clue": (
            lambda: services.alert_confirm(
                actor=user, alert=pk, outcome=Outcome.CLUE, note=p.get("note", "")
            ),
            _("已确认并转为案件线索"),
            "anomaly.triage",
        ),
        "rectification": (
            lambda: services.alert_confirm(
                actor=user,
                alert=pk,
                outcome=Outcome.RECTIFICATION,
                note=p.get("note", ""),
                due_on=_day(p.get("due_on", "")),
            ),
            _("已确认并责令整改"),
            "anomaly.triage",
        ),
        "dismiss": (
            lambda: services.alert_dismiss(actor=user, alert=pk, reason=p.get("reason", "")),
            _("已排除"),
            "anomaly.triage",
        ),
    }
    response = run_action(request, actions, action, load=lambda: selectors.alert_get(user, pk))
    return response or redirect("anomaly:alert", pk=pk)
