"""Notifications (通知): in the inbox, and by e-mail through Django's e-mail backend when one is configured.

A notification's text is a Chinese msgid with params, rendered in the reader's language when shown (and in
the recipient's chosen language — Chinese by default — for the e-mail). Each user picks the kinds they want
(`NotificationPreference`; no row means both channels on). E-mail goes out only after the transaction
that caused it commits, so a refused write never sends mail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.i18n import render
from shouhu.core.roles import Role

from .models import Notification, NotificationKind, NotificationPreference, Obligation, OwnerKind

log = logging.getLogger("shouhu.notifications")
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def email_configured() -> bool:
    """E-mail is on when a backend other than the default unconfigured SMTP (localhost) is set."""
    backend = getattr(settings, "EMAIL_BACKEND", SMTP_BACKEND)
    return backend != SMTP_BACKEND or getattr(settings, "EMAIL_HOST", "localhost") not in ("", "localhost")


def text(notification: Notification, language: str | None = None) -> str:
    return render(_(notification.msgid), notification.params, language)


def html(notification: Notification) -> str:
    """The text for a page: params escaped, Chinese data (a to-do's title) inside a page of another
    language marked `lang="zh-Hans"` (core.i18n.mark_zh, as the `|zh` filter does; issue 16.2)."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    from shouhu.core.i18n import mark_zh

    params = {key: mark_zh(value) for key, value in (notification.params or {}).items()}
    return mark_safe(conditional_escape(str(_(notification.msgid))) % params)  # params escaped above


def preferences(user: Any) -> dict[str, NotificationPreference]:
    """The user's choice per kind (unsaved defaults for kinds never chosen)."""
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    return {k: saved.get(k) or NotificationPreference(user=user, kind=k) for k in NotificationKind.values}


def notify(
    users: Iterable[Any],
    kind: str,
    msgid: str,
    params: Mapping[str, Any] | None = None,
    *,
    url: str = "",
    obligation: Obligation | None = None,
) -> list[Notification]:
    """Tell `users` (each once) in the channels they chose; e-mail after commit."""
    users = {u.pk: u for u in users if getattr(u, "pk", None)}
    if not users:
        return []
    prefs = {
        (p.user_id, p.kind): p for p in NotificationPreference.objects.filter(user_id__in=users, kind=kind)
    }
    rows, mail = [], []
    for pk, user in users.items():
        pref = prefs.get((pk, kind)) or NotificationPreference(in_app=True, email=True)
        if pref.in_app:
            rows.append(
                Notification(
                    user=user,
                    kind=kind,
                    msgid=msgid,
                    params=dict(params or {}),
                    url=url,
                    obligation=obligation,
                )
            )
        if pref.email and getattr(user, "email", "") and email_configured():
            mail.append(user)
    Notification.objects.bulk_create(rows)
    if mail:
        subject = render(_(msgid), params, "zh-hans")
        body = f"{subject}\n{url}" if url else subject
        sender = getattr(settings, "DEFAULT_FROM_EMAIL", "shouhu@localhost")
        recipients = [u.email for u in mail]

        def send() -> None:
            for address in recipients:  # one message each: recipients do not see each other
                try:
                    send_mail(subject, body, sender, [address])
                except Exception:  # a mail server down must not undo the write; the inbox has it
                    log.exception("notification e-mail to %s failed", address)

        transaction.on_commit(send)
    return rows


def recipients(obligation: Obligation) -> list[Any]:
    """Everyone who owes `obligation` now (the user, the holders of the role, the office's staff)."""
    User = get_user_model()
    o = obligation
    if o.owner_kind == OwnerKind.USER:
        q = Q(pk=o.owner_user_id)
    elif o.owner_kind == OwnerKind.ROLE:
        q = Q(role=o.owner_role, enterprise_id=o.enterprise_id)
    else:  # an office, or the office tracking an outside party
        q = Q(division_code=o.owner_division)
        q &= Q(role=o.owner_role) if o.owner_role else Q(enterprise__isnull=True)
    return list(User.objects.filter(q, is_active=True))


def escalation_recipients(obligation: Obligation) -> list[Any]:
    User = get_user_model()
    o = obligation
    if o.escalated_division:
        q = Q(division_code=o.escalated_division, role=o.escalated_role or Role.JURISDICTION_ADMIN)
    else:
        q = Q(enterprise_id=o.enterprise_id, role=o.escalated_role)
    return list(User.objects.filter(q, is_active=True))


def mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread if `ids` is None); only the user's own."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def preferences_set(*, user: Any, choices: Mapping[str, tuple[bool, bool]]) -> None:
    """Save (in_app, email) per kind; unknown kinds are ignored."""
    with transaction.atomic():
        for kind, (in_app, email) in choices.items():
            if kind in NotificationKind.values:
                NotificationPreference.objects.update_or_create(
                    user=user, kind=kind, defaults={"in_app": bool(in_app), "email": bool(email)}
                )


def _owes(user: Any, o: Obligation) -> bool:
    """`recipients`' query for one obligation, asked of a user in memory."""
    if o.owner_kind == OwnerKind.USER:
        return user.pk == o.owner_user_id
    if o.owner_kind == OwnerKind.ROLE:
        return user.role == o.owner_role and user.enterprise_id == o.enterprise_id
    if user.division_code != o.owner_division:
        return False
    return user.role == o.owner_role if o.owner_role else user.enterprise_id is None


def recipients_many(obligations: Sequence[Obligation]) -> list[list[Any]]:
    """`recipients` of each obligation, read in one query (a bulk create tells every owner)."""
    if not obligations:
        return []
    q = Q()
    for o in obligations:
        if o.owner_kind == OwnerKind.USER:
            q |= Q(pk=o.owner_user_id)
        elif o.owner_kind == OwnerKind.ROLE:
            q |= Q(role=o.owner_role, enterprise_id=o.enterprise_id)
        else:
            q |= Q(division_code=o.owner_division)
    users = list(get_user_model().objects.filter(q, is_active=True).order_by("pk"))
    return [[u for u in users if _owes(u, o)] for o in obligations]


def notify_many(items: Sequence[Mapping[str, Any]]) -> list[Notification]:
    """`notify` for many messages at once (each a mapping of notify's arguments: users, kind, msgid,
    params, url, obligation): the users' preferences read in one query, the rows in one insert, the
    e-mail after commit. Each message gives the rows `notify` would have given it."""
    items = [dict(i, users={u.pk: u for u in i["users"] if getattr(u, "pk", None)}) for i in items]
    users = {pk for i in items for pk in i["users"]}
    if not users:
        return []
    kinds = {i["kind"] for i in items}
    prefs = {
        (p.user_id, p.kind): p
        for p in NotificationPreference.objects.filter(user_id__in=users, kind__in=kinds)
    }
    rows, mail = [], []
    for i in items:
        kind, params = i["kind"], dict(i.get("params") or {})
        for pk, user in i["users"].items():
            pref = prefs.get((pk, kind)) or NotificationPreference(in_app=True, email=True)
            if pref.in_app:
                rows.append(
                    Notification(
                        user=user,
                        kind=kind,
                        msgid=i["msgid"],
                        params=params,
                        url=i.get("url", ""),
                        obligation=i.get("obligation"),
                    )
                )
            if pref.email and getattr(user, "email", "") and email_configured():
                subject = render(_(i["msgid"]), params, "zh-hans")
                url = i.get("url", "")
                mail.append((subject, f"{subject}\n{url}" if url else subject, user.email))
    Notification.objects.bulk_create(rows, batch_size=1000)
    if mail:
        sender = getattr(settings, "DEFAULT_FROM_EMAIL", "shouhu@localhost")

        def send() -> None:
            for subject, body, address in mail:
                try:
                    send_mail(subject, body, sender, [address])
                except Exception:  # a mail server down must not undo the write; the inbox has it
                    log.exception("notification e-mail to %s failed", address)

        transaction.on_commit(send)
    return rows
