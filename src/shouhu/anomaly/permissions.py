"""Anomaly's actions in the one permission table (`core.roles.PERMISSIONS`), registered on load."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # alerts are the regulator's: what to look at before a visit
    "anomaly.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
    # an inspector confirms (clue or rectification) or dismisses with a reason
    "anomaly.triage": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
    # a run on demand (the embedded default has no scheduler)
    "anomaly.run": frozenset({Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
