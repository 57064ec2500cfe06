"""Core background work (Celery): the periodic signed checkpoint of every ledger chain head.

Scheduled by Celery beat in production (entry `ledger-checkpoint-hourly`); everywhere else
`shouhu audit checkpoint` writes one (cron it on a deployment without beat).
"""

from __future__ import annotations

import logging

from celery import shared_task

from . import ledger_checkpoint

logger = logging.getLogger(__name__)


@shared_task(name="shouhu.core.ledger_checkpoint")
def ledger_checkpoint_task() -> str:
    """Write a checkpoint; return its signature (what a log or monitor can quote)."""
    cp = ledger_checkpoint.write()
    logger.info("ledger checkpoint %s: %d chains", cp.signature[:12], len(cp.heads))
    return cp.signature
