"""What every app's pages do alike around a service call: refuse as 404 or 403, and flash an outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
