"""Framework tasks. `ping` needs no database: it proves a broker round trip to a real worker."""

from __future__ import annotations

import os
import socket
from typing import Any

from celery import shared_task


@shared_task(name="shouhu.core.ping", bind=True)
def ping(self: Any) -> dict[str, Any]:
    """Answer with who ran the task: the worker's node name (None when run inline) and process."""
    return {"pong": True, "worker": self.request.hostname, "host": socket.gethostname(), "pid": os.getpid()}
