"""The command view's actions in the one permission table (`core.roles.PERMISSIONS`), registered on load."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # the jurisdiction's figures, their drill-down, export and brief: regulators of it and the platform
    "command.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
    # build a snapshot now (besides the schedule) and queue a brief
    "command.refresh": frozenset({Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
