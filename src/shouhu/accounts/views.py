"""Home page per role: regulators see their jurisdiction, enterprise staff their enterprise's open tasks."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shouhu.core import access
from shouhu.registry import selectors

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
    renewals = selectors.renewal_summary(actor, limit=RENEWALS_SHOWN)
    context = {
        "counts": selectors.jurisdiction_counts(actor),
        "connection": selectors.connection_rate(actor, window_days=window_days),
        "window_days": window_days,
        "renewals": renewals.first,
        "renewals_total": renewals.total,
        "renewals_overdue": renewals.overdue,
        "recent": selectors.recent_changes(actor, limit=RECENT_CHANGES_SHOWN),
        "has_role": bool(getattr(actor, "role", "")),
    }
    return render(request, "accounts/home_regulator.html", context)


def _enterprise_home(request: HttpRequest) -> HttpResponse:
    """The enterprise's licences, people and open tasks (renewals, health certificates, training)."""
    actor = request.user
    enterprise = selectors.enterprise_get(actor, actor.enterprise_id)
    renewals = selectors.licences_due_for_renewal(actor)
    health = list(selectors.health_certificates_expiring(actor))
    untrained = list(selectors.people_without_recent_training(actor, enterprise_id=enterprise.pk))
    context = {
        "enterprise": enterprise,
        "licences": list(selectors.enterprise_licences(actor, enterprise_id=enterprise.pk)),
        "people": list(selectors.person_list(actor, enterprise_id=enterprise.pk, active=True)),
        "renewals": renewals,
        "health": health,
        "untrained": untrained,
        "task_count": len(renewals) + len(health) + len(untrained),
    }
    return render(request, "accounts/home_enterprise.html", context)
