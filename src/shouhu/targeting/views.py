"""The planner's pages: the ranking in force beside the rule-based grade with each enterprise's top reasons,
and every model version's evaluation (time split vs grade-only and random) with retraining on demand."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shouhu.core import access
from shouhu.core.errors import NotFound, PermissionDenied, ServiceError

from . import selectors, services
from .features import FEATURES

NAMES = dict(FEATURES)


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None

    return wrapped


def _reasons(contributions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"name": _(NAMES.get(c["key"], c["key"])), "value": c["value"], "up": c["effect"] > 0}
        for c in contributions
        if abs(c.get("effect", 0)) >= 0.05
    ]


@page
def ranking(request: HttpRequest) -> HttpResponse:
    """风险靶向排序: the promoted version's ranking of the jurisdiction, beside the rule-based grade."""
    access.require(request.user, "targeting.view")
    code = str(getattr(request.user, "division_code", "") or "")
    # the promoted version in force; else the latest one seen (its explanations, flagged as not in use)
    version = selectors.current(code) if code else None
    if version is None:
        version = selectors.version_list(request.user).first()
    level = request.GET.get("level", "") if request.GET.get("level", "") in "ABCD" else ""
    rows = None
    if version is not None:
        rows = Paginator(selectors.ranking_of(request.user, version, level=level), 50).get_page(
            request.GET.get("page")
        )
        for r in rows:
            r.reasons = _reasons(r.contributions)
    context = {"version": version, "rows": rows, "level": level, "levels": "ABCD"}
    return render(request, "targeting/ranking.html", context)


@page
def evaluation(request: HttpRequest) -> HttpResponse:
    """模型评估: every version with its time-split figures and whether it was promoted, and retrain now."""
    can_train = access.can(request.user, "targeting.train")
    if request.method == "POST":
        try:
            v = services.model_train(actor=request.user, division_code=request.user.division_code)
            messages.success(
                request, _("已训练模型 %(v)s：%(d)s") % {"v": v.version, "d": v.get_decision_display()}
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("targeting:evaluation")
    versions = list(selectors.version_list(request.user)[:30])
    return render(request, "targeting/evaluation.html", {"versions": versions, "can_train": can_train})
