"""Registry background work (Celery): the daily expiry of licences past their validity.

Scheduled by Celery beat in production (entry `expire-licences-daily`, task name
`shouhu.registry.expire_licences`); in the embedded demo tasks run inline when called.
"""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task

from shouhu.core.regulation import today
from shouhu.core.system import SYSTEM

from . import services
from .models import Licence, LicenceStatus

logger = logging.getLogger(__name__)

EXPIRY_REASON = "有效期届满自动失效"


@shared_task(name="shouhu.registry.expire_licences")
def expire_licences(on: str | None = None) -> int:
    """Mark active licences whose validity ended before `on` (ISO date, default today) as expired.

    `expires_on` is the last valid day (有效期至), so a licence lapses the day after. Each licence goes
    through `licence_set_status` (own transaction, ledger entry by the system actor with the reason),
    so one failure does not undo the others and a rerun picks up only what is still active:
    idempotent. Returns how many licences this run expired.
    """
    day = date.fromisoformat(on) if on else today()
    due = list(
        Licence.objects.filter(status=LicenceStatus.ACTIVE, expires_on__lt=day)
        .order_by("expires_on", "pk")
        .values_list("pk", flat=True)
    )
    expired = 0
    for pk in due:
        if not Licence.objects.filter(pk=pk, status=LicenceStatus.ACTIVE).exists():
            continue  # changed since the listing (e.g. suspended or renewed meanwhile)
        lic = services.licence_set_status(
            actor=SYSTEM, licence=pk, status=LicenceStatus.EXPIRED, reason=EXPIRY_REASON
        )
        expired += lic.status == LicenceStatus.EXPIRED
    if expired:
        logger.info("expired %d licence(s) past their validity (as of %s)", expired, day)
    return expired
