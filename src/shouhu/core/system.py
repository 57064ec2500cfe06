"""The system actor (系统任务): how scheduled jobs and batch imports act.

A background task has no logged-in user, yet every write still goes through the services, which check
permissions and record who acted in the ledger. The system actor is platform-wide (it holds the
platform-admin role, so `core.access` lets it see and change every tenant's records), is not a database
user (ledger entries carry `actor_id = NULL`), and names itself in the ledger's `actor_label`, e.g.
"系统任务" for the nightly licence expiry, so a reader of a record's history can tell a machine's change
from a person's.
"""

from __future__ import annotations

from shouhu.core.roles import Role


class SystemActor:
    """An acting identity for non-human work; satisfies `core.access.Actor`."""

    is_authenticated = True
    role = Role.PLATFORM_ADMIN.value
    enterprise_id: int | None = None
    division_code = ""
    pk = None

    def __init__(self, label: str = "系统任务") -> None:
        if not label.strip():
            raise ValueError("a system actor needs a label for the ledger")
        self.label = label

    @property
    def actor_label(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"SystemActor({self.label!r})"

    def __str__(self) -> str:
        return self.label


SYSTEM = SystemActor()
"""Scheduled tasks (Celery beat) act as this."""
