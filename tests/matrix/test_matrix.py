"""The inherited tests: every registered API operation and page, called by every actor.

For each entry (`matrix_entries`): anonymous callers get 401 (API) or the login redirect (pages); each
of the nine roles inside tenant A gets the entry's success if the entry allows it, else its refusal
(403, or 404 where the code hides existence), and a refused write changes no row and writes no ledger
entry; the other enterprise's staff and key and the regulators of another county and another city get 404
on tenant A's objects (never 403 to an allowed role, never A's data) and change nothing of A's.

One world serves the whole module (built once, each test rolled back to it): see `conftest.py`.
"""

from __future__ import annotations

import json
from urllib.parse import unquote, urlencode

import pytest
from django.conf import settings
from django.contrib.messages import constants, get_messages
from django.shortcuts import resolve_url
from matrix_core import (
    CODES,
    INSIDERS,
    OUTSIDERS,
    Multipart,
    Op,
    Page,
    changed,
    error_code,
    outsider_role,
    row_counts,
    send,
)
from matrix_entries import API_OPS, PAGES

from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role

PAGE_OUTSIDERS = tuple(o for o in OUTSIDERS if outsider_role(o) != Role.INTEGRATION)
PAGE_INSIDERS = tuple(r for r in INSIDERS if r != Role.INTEGRATION)


def _cases(entries, actors, check):
    out = []
    for entry in entries:
        for actor in actors:
            name = actor.value if isinstance(actor, Role) else actor
            reason = entry.xfail.get(name if actor is not None else "anonymous")
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(entry, actor, id=f"{entry} | {name or 'anonymous'}", marks=marks))
    return out


def _url(op: Op, w) -> str:
    url = op.url(w)
    return f"{url}?{urlencode(op.query(w))}" if op.query else url


def _api(op: Op, w, actor: str | None):
    client, headers = w.client(actor)
    return send(client, op.method, _url(op, w), op.body(w) if op.body else None, headers)


def _asked(entry, w) -> str:
    """What the request itself says (its URL and body), for telling an echo from a leak."""
    url = _url(entry, w) if isinstance(entry, Op) else entry.url(w)
    body = entry.body(w) if entry.body else None
    if isinstance(body, Multipart):
        body = {k: v for k, v in body.fields.items() if isinstance(v, str)}
    return unquote(url) + json.dumps(body, ensure_ascii=False, default=str)


def _page(page: Page, w, actor: str | None):
    client, _ = w.client(actor)
    return send_page(client, page, w)


def send_page(client, page: Page, w):
    if page.method == "GET":
        return client.get(page.url(w))
    return client.post(page.url(w), page.body(w) if page.body else {})


def _a_chain(w) -> int:
    return AuditEntry.objects.filter(chain__enterprise_id=w.a.ent.pk).count()


def _text(resp) -> str:
    """The answer as text, JSON unescaped (the API writes non-ASCII as \\u escapes)."""
    kind = resp.get("Content-Type", "")
    if "json" in kind:
        return json.dumps(json.loads(resp.content), ensure_ascii=False)
    return resp.content.decode("utf-8", "replace") if kind.startswith("text/") else ""


def _no_markers(w, resp, asked: str) -> None:
    """None of tenant A's marker strings in the answer, except those the caller itself sent."""
    if text := _text(resp):
        leaked = sorted(m for m in w.markers if m in text and m not in asked)
        assert not leaked, f"tenant A's data in an outsider's answer: {leaked}"


def _assert_audited(w, actor: str, before: int) -> None:
    """A successful write appends the requester's entry; what it sets off in other apps (the zones a
    granted licence makes) may follow as a system task's, named — never as another person's."""
    entries = list(AuditEntry.objects.filter(pk__gt=before).order_by("pk"))
    assert entries, "a successful write appends to the ledger"
    if actor == Role.INTEGRATION.value:
        assert all(e.actor_id is None and e.actor_label for e in entries), entries
        return
    me = w.user(actor).pk
    assert any(e.actor_id == me for e in entries), [(e.actor_id, e.action) for e in entries]
    assert all(e.actor_id in (me, None) and e.actor_label for e in entries), [
        (e.actor_id, e.actor_label, e.action) for e in entries
    ]


# ---- API -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("op", "actor"), _cases(API_OPS, [None], "anonymous"))
def test_api_anonymous_gets_401(w, op, actor):
    before = row_counts()
    resp = _api(op, w, None)
    assert resp.status_code == 401, (resp.status_code, resp.content[:300])
    assert error_code(resp) == "unauthenticated"
    assert row_counts() == before


@pytest.mark.parametrize(("op", "role"), _cases(API_OPS, INSIDERS, "role"))
def test_api_role_inside_the_tenancy(w, op, role):
    before = row_counts()
    resp = _api(op, w, role.value)
    after = row_counts()
    if role in op.allowed:
        if op.ok is None:  # success is shown elsewhere (op.note); here: past tenancy and permission
            assert resp.status_code not in (401, 403, 404) and resp.status_code < 500, resp.content[:500]
            return
        assert resp.status_code == op.ok, (resp.status_code, resp.content[:800])
        if op.writes and op.is_audited:
            _assert_audited(w, role.value, before["ledger_head"])
        if not op.writes:
            assert after["ledger_head"] == before["ledger_head"], "a read writes no ledger entry"
        if role in op.shown_to:
            assert any(m in _text(resp) for m in w.markers), "tenant A's own callers see A's data"
        return
    expected = op.denied_by.get(role, op.denied)
    assert resp.status_code == expected, (resp.status_code, resp.content[:500])
    if expected in CODES:
        assert error_code(resp) == CODES[expected]
    assert not changed(before, after), changed(before, after)


@pytest.mark.parametrize(("op", "who"), _cases(API_OPS, OUTSIDERS, "outsider"))
def test_api_outsider_never_reaches_tenant_a(w, op, who):
    role = outsider_role(who)
    before, chain = row_counts(), _a_chain(w)
    resp = _api(op, w, who)
    assert resp.status_code < 500, resp.content[:500]
    if op.targets:
        if role in op.allowed:
            assert resp.status_code == op.outsider, (resp.status_code, resp.content[:500])
            assert error_code(resp) == CODES.get(op.outsider, "validation_error")
        else:
            assert resp.status_code in (403, 404, *op.denied_by.values()), (
                resp.status_code,
                resp.content[:500],
            )
        assert not changed(before, row_counts()), changed(before, row_counts())
    _no_markers(w, resp, _asked(op, w))
    assert _a_chain(w) == chain, "an outsider's call wrote into tenant A's ledger"


# ---- pages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "actor"), _cases(PAGES, [None], "anonymous"))
def test_page_anonymous_is_sent_to_login(w, page, actor):
    before = row_counts()
    resp = _page(page, w, None)
    assert resp.status_code == 302, resp.status_code
    assert resp["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next="), resp["Location"]
    assert row_counts() == before


def _flash(resp) -> set[int]:
    return {m.level for m in get_messages(resp.wsgi_request)}


@pytest.mark.parametrize(("page", "role"), _cases(PAGES, PAGE_INSIDERS, "role"))
def test_page_role_inside_the_tenancy(w, page, role):
    before = row_counts()
    resp = _page(page, w, role.value)
    after = row_counts()
    if role in page.allowed:
        assert resp.status_code == page.ok, (resp.status_code, resp.content[:500])
        if page.writes:
            assert constants.ERROR not in _flash(resp), [str(m) for m in get_messages(resp.wsgi_request)]
            if page.is_audited:
                _assert_audited(w, role.value, before["ledger_head"])
        if role in page.shown_to:
            assert any(m in _text(resp) for m in w.markers), "tenant A's own callers see A's data"
        return
    assert resp.status_code == page.denied_by.get(role, page.denied), resp.status_code
    if page.writes and resp.status_code in (200, 302):  # redirected, or the form shown again
        assert constants.ERROR in _flash(resp), "a refused page action says why"
    assert not changed(before, after), changed(before, after)


@pytest.mark.parametrize(("page", "who"), _cases(PAGES, PAGE_OUTSIDERS, "outsider"))
def test_page_outsider_never_reaches_tenant_a(w, page, who):
    before, chain = row_counts(), _a_chain(w)
    resp = _page(page, w, who)
    assert resp.status_code < 500
    if page.targets:
        if outsider_role(who) in page.allowed or not page.writes:
            assert resp.status_code == page.outsider, resp.status_code
        else:
            assert resp.status_code in (302, 403, 404), resp.status_code
        assert not changed(before, row_counts()), changed(before, row_counts())
    _no_markers(w, resp, _asked(page, w))
    assert _a_chain(w) == chain, "an outsider's request wrote into tenant A's ledger"
