"""Offline on-site pages (issue 26): the service worker, the sync handshake and the sync answer.

A page marked `data-sh-offline-page` (the on-site inspection page, the 抽样单) registers the service worker
`/sw.js` (`service_worker`, served here from the site root so its scope covers every page; no CDN, no
Workbox — it is ~100 lines). The worker keeps the page and its static assets when the inspector opens it
online and serves them when the network is gone. Forms marked `data-sh-offline` are put in the browser's
outbox (IndexedDB, `static/shouhu/offline.js`) — fields, photos compressed in the browser, signatures —
and sent again on reconnect, each as the same POST carrying its client id (`client_id`, the kernel's
exactly-once key) and the same one-time form key (`_idem`, `core.idempotency`).

Before sending, the page asks `sync_state` (never cached) who is logged in and for a fresh CSRF token: a
session that expired meanwhile is sent through the login page and the queue stays in the browser. A view
that accepts offline writes answers a sync request (`is_sync`) with `answer` — JSON the page understands:
`stored` (written, or a replay of what was written: nothing new), `conflict` (the task changed meanwhile
— the inspector is told what and decides), `refused` (the entry itself is wrong).
"""

from __future__ import annotations

import zlib
from typing import Any

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .errors import Conflict, ServiceError

HEADER = "HTTP_X_SHOUHU_OFFLINE"  # sent by offline.js on every replayed write
STORED, CONFLICT, REFUSED = "stored", "conflict", "refused"


def is_sync(request: HttpRequest) -> bool:
    """The request is a write replayed from the browser's outbox (it wants a JSON answer)."""
    return request.META.get(HEADER) == "1"


def answer(status: str, message: str = "", *, code: str = "", **extra: Any) -> JsonResponse:
    """The answer to one replayed write. A conflict or refusal is 409/422 so the idempotency middleware
    releases the form key (the corrected entry may come again)."""
    http = {STORED: 200, CONFLICT: 409, REFUSED: 422}[status]
    return JsonResponse({"status": status, "message": str(message), "code": code, **extra}, status=http)


def refusal(exc: ServiceError, *, conflict_codes: frozenset[str] = frozenset()) -> JsonResponse:
    """A service's refusal as a sync answer: a state conflict (the task moved on while the phone was
    offline) or a code the page names as a conflict is `conflict`, the rest `refused`."""
    code = str(exc.code)
    reason = str(exc.details.get("reason", "")) if isinstance(exc.details, dict) else ""
    is_conflict = isinstance(exc, Conflict) or code in conflict_codes or reason in conflict_codes
    return answer(CONFLICT if is_conflict else REFUSED, str(exc.message), code=reason or code)


def drop_flash(request: HttpRequest) -> None:
    """A replayed write answers in JSON: the page's success messages would pile up for the next page."""
    for _m in messages.get_messages(request):
        pass


@never_cache
@require_GET
def sync_state(request: HttpRequest) -> JsonResponse:
    """Who is logged in, and a CSRF token for the replayed writes (401 when the session has gone)."""
    if not request.user.is_authenticated:
        return JsonResponse({"user": None}, status=401)
    return JsonResponse({"user": str(request.user.pk), "csrf": get_token(request)})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """`/sw.js`: the worker script, rendered (its offline page is translated) and versioned by the
    assets it keeps, allowed the whole site as its scope, and always revalidated."""
    path = finders.find("shouhu/offline.js") or ""
    try:
        with open(path, "rb") as fh:
            version = format(zlib.crc32(fh.read()), "08x")
    except OSError:
        version = "0"
    body = render_to_string("offline/sw.js", {"version": version}, request=request)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
