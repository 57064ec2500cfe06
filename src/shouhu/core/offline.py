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

A page may take its outbox in batches (`batch_entries`): one POST with `entries` (JSON, at most
`MAX_BATCH` entries, each `{"client_id", "fields": {name: value}}`) and each entry's files as
`file.<client_id>.<name>`. The whole batch is checked before anything is written — a malformed one is
answered 400 with every entry's error and writes nothing — then each entry is answered as if sent alone
(`batch_answer`), in one transaction. A resent batch stores nothing twice: each entry's client id holds.
"""

from __future__ import annotations

import copy
import json
import re
import zlib
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
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


MAX_BATCH = 50  # entries in one batch; offline.js sends 20 at a time (≈ 4 MB with photos)
MAX_FIELD = 4000  # characters of one field's value
_CLIENT_ID = re.compile(r"\A[0-9A-Za-z-]{8,64}\Z")


class BadBatch(Exception):
    """The batch cannot be read: nothing of it is written."""

    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__(errors)
        self.errors = errors


def is_batch(request: HttpRequest) -> bool:
    return is_sync(request) and "entries" in request.POST


def batch_entries(
    request: HttpRequest, *, fields: Iterable[str], actions: Iterable[str]
) -> list[tuple[str, QueryDict, MultiValueDict]]:
    """The batch's entries as (client id, form data, files), each as its single POST would carry them;
    `fields` are the names an entry may carry, `actions` the `action`s a batch may hold. BadBatch
    (every entry's error) when anything is wrong."""
    allowed, acts = set(fields) | {"action", "client_id"}, set(actions)
    try:
        raw = json.loads(request.POST.get("entries", ""))
    except ValueError:
        raise BadBatch([{"index": None, "message": _("同步数据格式有误")}]) from None
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_BATCH:
        raise BadBatch([{"index": None, "message": _("一次同步的记录须为1至%(n)s条") % {"n": MAX_BATCH}}])
    errors: list[dict[str, Any]] = []
    out: list[tuple[str, QueryDict, MultiValueDict]] = []
    seen: set[str] = set()
    for k, e in enumerate(raw):
        cid = e.get("client_id") if isinstance(e, dict) else None
        values = e.get("fields") if isinstance(e, dict) else None
        problem = ""
        if not isinstance(cid, str) or not _CLIENT_ID.match(cid) or cid in seen:
            problem = _("记录编号缺失、格式有误或重复")
        elif not isinstance(values, dict) or set(values) - allowed:
            problem = _("记录含有不允许的字段")
        elif any(not isinstance(v, str) or len(v) > MAX_FIELD for v in values.values()):
            problem = _("记录的字段值过长或不是文本")
        elif values.get("action") not in acts:
            problem = _("不是允许的操作")
        if problem:
            errors.append({"index": k, "client_id": cid if isinstance(cid, str) else "", "message": problem})
            continue
        seen.add(cid)
        data = QueryDict(mutable=True)
        for name, value in values.items():
            data[name] = value
        data["client_id"] = cid
        files = MultiValueDict()
        out.append((cid, data, files))
    by_id = {cid: files for cid, _data, files in out}
    for key in request.FILES:
        _prefix, _dot, rest = key.partition(".")
        cid, _dot, name = rest.partition(".")
        if (
            _prefix != "file"
            or name not in allowed
            or (cid not in by_id and cid not in {e.get("client_id") for e in errors})
        ):
            errors.append({"index": None, "client_id": cid, "message": _("附件不属于任何记录")})
        elif cid in by_id:
            by_id[cid].setlist(name, request.FILES.getlist(key))
    if errors:
        raise BadBatch(errors)
    return out


def entry_request(request: HttpRequest, data: QueryDict, files: MultiValueDict) -> HttpRequest:
    """The batch's request as one entry's own POST (same user, session, messages)."""
    sub = copy.copy(request)
    data._mutable = False
    sub.POST = data
    sub._files = files
    return sub


def batch_refused(exc: BadBatch) -> JsonResponse:
    return JsonResponse(
        {"status": REFUSED, "message": _("同步数据有误，未保存任何记录"), "errors": exc.errors}, status=400
    )


def batch_answer(results: list[tuple[str, JsonResponse]]) -> JsonResponse:
    """Each entry's answer by its client id (the page handles each as the answer to a single send)."""
    return JsonResponse(
        {
            "status": "batch",
            "results": [{"client_id": cid, **json.loads(res.content)} for cid, res in results],
        }
    )


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
