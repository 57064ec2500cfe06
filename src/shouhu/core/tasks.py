"""Framework tasks. `ping` needs no database: it proves a broker round trip to a real worker.

`ledger_checkpoint` signs every ledger chain head; Celery beat runs it in production (entry
`ledger-checkpoint-hourly`); everywhere else `shouhu audit checkpoint` writes one (cron it).
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="shouhu.core.ping", bind=True)
def ping(self: Any) -> dict[str, Any]:
    """Answer with who ran the task: the worker's node name (None when run inline) and process."""
    return {"pong": True, "worker": self.request.hostname, "host": socket.gethostname(), "pid": os.getpid()}


@shared_task(name="shouhu.core.ledger_checkpoint")
def ledger_checkpoint_task() -> str:
    """Write a signed checkpoint of every chain head; return its signature (for a log or monitor)."""
    from . import ledger_checkpoint

    cp = ledger_checkpoint.write()
    logger.info("ledger checkpoint %s: %d chains", cp.signature[:12], len(cp.heads))
    return cp.signature


@shared_task(name="shouhu.core.run_job", time_limit=600, soft_time_limit=540)
def run_job(job_id: str) -> str:
    """One heavy job (core.jobs): its work runs in a capped child of this worker; Celery's own time
    limit is the backstop for the finishing step."""
    from . import jobs

    return str(jobs.execute(job_id).get("status", "missing"))
