"""Targeting's actions in the one permission table (`core.roles.PERMISSIONS`)."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # the ranking, its explanations and every version's evaluation: whoever reads the risk grades
    "targeting.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
    # retrain now (the scheduler retrains weekly): the planner of the jurisdiction and the platform admin
    "targeting.train": frozenset({Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
