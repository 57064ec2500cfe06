"""Clean-room monitoring's actions in the one permission table (`core.roles.PERMISSIONS`)."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # zones, plans, readings, deviations and trends, read in one's tenancy (a sensor gateway reads its zones)
    "cleanroom.view": frozenset(Role),
    # readings: on the phone page by quality staff, or pushed by the enterprise's systems and sensors
    "cleanroom.record": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA, Role.INTEGRATION}),
    # zones, rooms, lines, own (tighter) limits, reports and changes: the responsible people and QA
    "cleanroom.manage": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.QA}),
    # the regulator's frequency compliance per zone and month
    "cleanroom.supervise": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
