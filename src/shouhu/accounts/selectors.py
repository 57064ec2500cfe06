"""Accounts reads: an enterprise's API keys (接入密钥), the security-event table and the login locks in
force — each scoped like every read (core.access)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from shouhu.core import access
from shouhu.core.access import Actor

from .models import ApiKey, SecurityEvent


def apikey_list(actor: Actor, *, enterprise_id: int | None = None) -> QuerySet[ApiKey]:
    """An enterprise's API keys for those who manage them; never more than metadata (no hash, no key)."""
    access.require(actor, "accounts.apikey.manage")
    qs = access.scope(ApiKey.objects.select_related("enterprise", "created_by"), actor)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    return qs.order_by("-created_at", "-pk")


def security_event_list(
    actor: Actor,
    *,
    kind: str = "",
    username: str = "",
    ip: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[SecurityEvent]:
    """Security events, newest first, filtered by kind, exact username or address, and local dates."""
    access.require(actor, "accounts.security.view")
    qs = SecurityEvent.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if username:
        qs = qs.filter(username=username)
    if ip:
        qs = qs.filter(ip=ip)
    tz = timezone.get_current_timezone()
    if since:
        qs = qs.filter(at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until:
        qs = qs.filter(at__lte=datetime.combine(until, time.max, tzinfo=tz))
    return qs.order_by("-at", "-id")


@dataclass(frozen=True)
class LoginLock:
    """Failed logins of one account (by username, from any address) or one client address (any account)
    within the cool-off, as django-axes counts them; `locked` once they reach the limit."""

    kind: str  # "account" | "client"
    value: str
    failures: int
    last: datetime
    locked: bool
    retry_at: datetime | None  # when the lock lifts by itself (None: no cool-off, only an admin unlocks)


@dataclass(frozen=True)
class LoginLocks:
    accounts: list[LoginLock]
    clients: list[LoginLock]
    limit: int
    cool_off: timedelta | None

    @property
    def locked_count(self) -> int:
        return sum(1 for lock in [*self.accounts, *self.clients] if lock.locked)


def _attempts():
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off()
    qs = AccessAttempt.objects.all()
    if cool_off:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)  # expired rows count for nothing
    return qs, cool_off


def _grouped(qs, field: str, kind: str, limit: int, cool_off, rows: int) -> list[LoginLock]:
    grouped = (
        qs.exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("-last")[:rows]
    )
    return [
        LoginLock(
            kind=kind,
            value=g[field],
            failures=g["failures"],
            last=g["last"],
            locked=g["failures"] >= limit,
            retry_at=(g["last"] + cool_off) if cool_off else None,
        )
        for g in grouped
        if g[field]  # a login posted without a username
    ]


def login_lock_list(actor: Actor, *, rows: int = 200) -> LoginLocks:
    """Accounts and client addresses with failed logins in the cool-off, locked ones first."""
    from axes.helpers import get_failure_limit

    access.require(actor, "accounts.security.view")
    qs, cool_off = _attempts()
    limit = get_failure_limit(None, None)

    def ordered(locks: list[LoginLock]) -> list[LoginLock]:
        return sorted(locks, key=lambda lock: (not lock.locked, -lock.last.timestamp()))

    return LoginLocks(
        accounts=ordered(_grouped(qs, "username", "account", limit, cool_off, rows)),
        clients=ordered(_grouped(qs, "ip_address", "client", limit, cool_off, rows)),
        limit=limit,
        cool_off=cool_off,
    )


def login_retry_at(*, username: str, ip: str | None) -> datetime | None:
    """When a login locked out for this account or address may try again (the lockout page says so):
    the latest counted failure of either plus the cool-off (a failure during the lock restarts it)."""
    from django.db.models import Q

    qs, cool_off = _attempts()
    if not cool_off:
        return None
    last = qs.filter(Q(username=username) | Q(ip_address=ip)).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off
