"""No double records (issue 14.4): every HTML form carries a one-time key; the server refuses a replay.

The key is a hidden field (`{% idempotency_key %}` in `core.templatetags.ui`, or added by
`static/shouhu/forms.js` to any POST form without one). `IdempotencyMiddleware` claims the key in the
cache when a POST carrying it arrives (`cache.add`, atomic in every backend), so a second copy — a
double click, a resubmitted page, a retried request — is answered without running the view again:
with the same redirect as the first if that one succeeded, with 409 while the first is still running.
A refusal (4xx/5xx) releases the key so the corrected form can be sent again. Keys live TTL seconds.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _

FIELD = "_idem"
TTL = 24 * 3600
PENDING = "pending"
_VALID = re.compile(r"\A[0-9A-Za-z-]{8,64}\Z")


def new_key() -> str:
    return uuid.uuid4().hex


def _cache_key(request: HttpRequest, key: str) -> str:
    who = getattr(getattr(request, "user", None), "pk", None)
    if who is None and hasattr(request, "session"):
        who = request.session.session_key
    return f"idem:{who or 'anon'}:{key}"


class IdempotencyMiddleware:
    """Refuse a replayed form key; runs after authentication (the key is per user)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = (
            request.POST.get(FIELD, "")
            if request.method == "POST" and not request.path.startswith("/api/")
            else ""
        )
        if not key or not _VALID.match(key):
            return self.get_response(request)
        slot = _cache_key(request, key)
        if not cache.add(slot, PENDING, timeout=TTL):
            return self._replayed(request, cache.get(slot))
        try:
            response = self.get_response(request)
        except Exception:
            cache.delete(slot)
            raise
        if response.status_code >= 400:
            cache.delete(slot)  # refused or failed: nothing was recorded, the corrected form may come again
        else:
            cache.set(slot, response.get("Location", "") or "done", timeout=TTL)
        return response

    @staticmethod
    def _replayed(request: HttpRequest, first: str | None) -> HttpResponse:
        message = _("此表单已提交，未重复保存")
        if request.META.get("HTTP_X_SHOUHU_OFFLINE") == "1":  # a phone's outbox sent it again (core.offline)
            pending = first in (None, PENDING)
            return JsonResponse(
                {"status": "pending" if pending else "stored", "message": message, "replayed": True},
                status=409 if pending else 200,
            )
        if first and first not in {PENDING, "done"}:
            if hasattr(request, "_messages"):
                messages.info(request, message)
            return HttpResponseRedirect(first)
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
