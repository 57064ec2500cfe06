"""Accounts background work (Celery): the nightly pruning of security events past their retention.

Scheduled by Celery beat (entry `security-events-prune-nightly`, task `shouhu.accounts.prune_security_events`).
"""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="shouhu.accounts.prune_security_events")
def prune_security_events() -> int:
    return services.security_event_prune()
