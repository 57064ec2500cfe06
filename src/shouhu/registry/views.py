"""Registry pages: the enterprise list (search, filters, pages; HTMX-updated), enterprise and licence detail.

Views parse input, call `selectors` (which scope every read to the user's tenancy) and render. An object
outside the tenancy is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, workdays
from shouhu.core.errors import NotFound, ServiceError
from shouhu.core.htmx import render_page
from shouhu.core.pages import division_param, filter_query, flash_run, refused

from . import selectors, services
from .forms import EnterpriseFilterForm
from .templatetags.registry_ui import prime_fk_names

T = TypeVar("T")
# The enterprise page shows its ledger a page at a time (the whole chain runs to thousands of rows).
HISTORY_PAGE_SIZE = 20


def _get_or_404(getter: Callable[..., T], *args: Any) -> T:
    try:
        return getter(*args)
    except NotFound:
        raise Http404 from None


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    form = EnterpriseFilterForm(request.GET or None, division_codes=selectors.enterprise_divisions(actor))
    filters = form.filters() if form.is_bound else {}
    page = Paginator(selectors.enterprise_list(actor, **filters), settings.SHOUHU_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    categories = selectors.active_categories(actor, [e.pk for e in page])
    for enterprise in page:
        enterprise.categories = categories.get(enterprise.pk, [])
    context = {
        "form": form,
        "page": page,
        "is_filtered": any(filters.values()),
        "connected_since": timezone.now() - timedelta(days=settings.SHOUHU_CONNECTION_WINDOW_DAYS),
        "window_days": settings.SHOUHU_CONNECTION_WINDOW_DAYS,
    }
    return render_page(
        request,
        "registry/enterprise_list.html",
        context,
        partial_template="registry/_enterprise_results.html",
    )


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    enterprise = _get_or_404(selectors.enterprise_get, actor, pk)
    history = Paginator(
        selectors.enterprise_history_all(actor, enterprise_id=pk), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("history"))
    prime_fk_names(history.object_list)
    context = {
        "enterprise": enterprise,
        "sites": list(selectors.site_list(actor, enterprise_id=pk)),
        "licences": list(selectors.licence_list(actor, enterprise_id=pk)),
        "people": selectors.people_with_training(
            selectors.people_with_notes(selectors.person_list(actor, enterprise_id=pk))
        ),
        "contracts": list(selectors.contract_list(actor, enterprise_id=pk)),
        "history": history.object_list,
        "history_page": history,
        "connected_since": timezone.now() - timedelta(days=settings.SHOUHU_CONNECTION_WINDOW_DAYS),
        "can_link_logins": access.can(actor, "registry.person.change")
        and getattr(actor, "enterprise_id", None) == enterprise.pk,
    }
    return render(request, "registry/enterprise_detail.html", context)


@login_required
def licence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    licence = _get_or_404(selectors.licence_get, actor, pk)
    history = selectors.licence_history(actor, licence)
    prime_fk_names(history)
    context = {"licence": licence, "history": history}
    return render(request, "registry/licence_detail.html", context)


@login_required
def renewals(request: HttpRequest) -> HttpResponse:
    """待延续的生产许可证: every licence in its renewal window, by `?division=` and `?overdue=1` — the list
    the command view's renewal figures open (the home page shows the first few)."""
    division, overdue = division_param(request), request.GET.get("overdue") == "1"
    try:
        rows = selectors.licences_due_for_renewal(request.user, division=division)
        calendar_missing = None
    except workdays.CalendarNotLoaded as exc:
        rows, calendar_missing = [], exc.year
    if overdue:
        rows = [r for r in rows if r.overdue]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    filters = {"division": division, "overdue": "1" if overdue else ""}
    context = {
        "page": page,
        **filters,
        "query": filter_query(filters),
        "calendar_missing": calendar_missing,
    }
    return render_page(request, "registry/renewals.html", context)


@login_required
def person_login(request: HttpRequest, pk: int) -> HttpResponse:
    """The login a person uses (issue 11.7): linked by the enterprise, so what that login signs, and any bar
    on the person's post, follow the person exactly."""
    actor = request.user
    try:
        person = selectors.person_get(actor, pk)
        access.require(actor, "registry.person.change")
    except ServiceError as exc:
        return refused(request, exc)
    if request.method == "POST":
        login = request.POST.get("login", "").strip()
        if flash_run(
            request,
            lambda: services.person_link_login(
                actor=actor,
                person=person,
                login=int(login) if login.isdigit() else (None if not login else -1),
                reason=request.POST.get("reason", ""),
            ),
            _("已更新登录账号关联"),
        ):
            return redirect("registry:person-login", person.pk)
        person.refresh_from_db()
    context = {"person": person, "choices": selectors.login_choices(person)}
    return render(request, "registry/person_login.html", context)
