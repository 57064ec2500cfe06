"""The home page per role (首页): regulators see their jurisdiction (counts, 接入率, renewals due, recent
changes), enterprise staff their enterprise's licences, people and open tasks. Registry dashboards, so
they live here; the URL is wired at the top (`config/urls.py`, name `home`), where login redirects land.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shouhu.core import access, workdays

from . import selectors

logger = logging.getLogger(__name__)

RENEWALS_SHOWN = 10
RECENT_CHANGES_SHOWN = 10


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if access.is_enterprise_staff(request.user):
        return _enterprise_home(request)
    return _regulator_home(request)


def _regulator_home(request: HttpRequest) -> HttpResponse:
    """Jurisdiction at a glance (platform admins: everything): counts, 接入率, renewals due, changes."""
    actor = request.user
    window_days = settings.SHOUHU_CONNECTION_WINDOW_DAYS
    try:
        renewals = selectors.renewal_summary(actor, limit=RENEWALS_SHOWN)
        calendar_missing = None
    except workdays.CalendarNotLoaded as exc:  # the rest of the page is still worth showing
        logger.error("home: renewal deadlines not computable: %s", exc)
        renewals, calendar_missing = selectors.RenewalSummary([], 0, 0), exc.year
    context = {
        "calendar_missing": calendar_missing,
        "counts": selectors.jurisdiction_counts(actor),
        "connection": selectors.connection_rate(actor, window_days=window_days),
        "window_days": window_days,
        "renewals": renewals.first,
        "renewals_total": renewals.total,
        "renewals_overdue": renewals.overdue,
        "recent": selectors.recent_changes(actor, limit=RECENT_CHANGES_SHOWN),
        "has_role": bool(getattr(actor, "role", "")),
        # the command view (issue 31) is a higher layer: linked by URL name and permission only
        "can_command": access.can(actor, "command.view"),
    }
    return render(request, "registry/home_regulator.html", context)


def _enterprise_home(request: HttpRequest) -> HttpResponse:
    """The enterprise's licences, people and open tasks (renewals, health certificates, training)."""
    actor = request.user
    enterprise = selectors.enterprise_get(actor, actor.enterprise_id)
    try:
        renewals = selectors.licences_due_for_renewal(actor)
        calendar_missing = None
    except workdays.CalendarNotLoaded as exc:
        logger.error("home: renewal deadlines not computable: %s", exc)
        renewals, calendar_missing = [], exc.year
    health = list(selectors.health_certificates_expiring(actor))
    untrained = list(selectors.people_without_recent_training(actor, enterprise_id=enterprise.pk))
    context = {
        "enterprise": enterprise,
        "licences": list(selectors.licence_list(actor, enterprise_id=enterprise.pk)),
        "people": selectors.people_with_notes(
            selectors.person_list(actor, enterprise_id=enterprise.pk, active=True)
        ),
        "renewals": renewals,
        "health": health,
        "untrained": untrained,
        "can_train": access.can(actor, "registry.person.change"),
        "task_count": len(renewals) + len(health) + len(untrained),
        "calendar_missing": calendar_missing,
    }
    return render(request, "registry/home_enterprise.html", context)
