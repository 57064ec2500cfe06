"""What every app's pages do alike around a service call: refuse as 404 or 403, and flash an outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import access
from .errors import NotFound, ServiceError


def refused(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    """A refusal as a page: what the user may not see is not found (404), the rest forbidden (403)."""
    if isinstance(exc, NotFound):
        return render(request, "404.html", status=404)
    return render(request, "403.html", status=403)


def flash_run(request: HttpRequest, fn: Callable[[], Any], ok: str) -> bool:
    """Call one service; flash `ok` (already translated), or the refusal with each field's message the
    refusal's own message does not already say. True when the service succeeded."""
    try:
        fn()
    except ServiceError as exc:
        fields = exc.details.get("fields") if isinstance(exc.details, dict) else None
        extra = "；".join(
            dict.fromkeys(
                str(f.get("message")) for f in fields or [] if str(f.get("message")) not in exc.message
            )
        )
        messages.error(request, f"{exc.message} {extra}".strip())
        return False
    messages.success(request, ok)
    return True


# One action of a page's action table: (the service call, the message on success, the permission it needs).
Action = tuple[Callable[[], Any], str, str]


def run_action(
    request: HttpRequest, actions: dict[str, Action], action: str, *, load: Callable[[], Any]
) -> HttpResponse | None:
    """Run `action` of a page's table: an unknown one is not found; the permission and the object (`load`,
    which refuses one outside the tenancy) are checked before the service runs; its outcome is flashed.
    None when it ran (the caller redirects back), else the refusal page."""
    if action not in actions:
        raise Http404
    fn, ok, permission = actions[action]
    try:
        access.require(request.user, permission)
        load()
    except ServiceError as exc:
        return refused(request, exc)
    flash_run(request, fn, ok)
    return None


def division_param(request: HttpRequest) -> str:
    """The `?division=` a list narrows to (the command view's links carry one): a 6-digit division code,
    or "" for the caller's whole jurisdiction. Selectors still scope to the caller's tenancy first."""
    code = request.GET.get("division", "").strip()
    return code if len(code) == 6 and code.isdigit() else ""


def filter_query(filters: dict[str, object]) -> str:
    """A list's filters as the query its pagination links carry (empty values left out, url-encoded)."""
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in filters.items() if v not in ("", None)})
