"""HACCP's actions in the one permission table (`core.roles.PERMISSIONS`)."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # plans, versions, readings and deviations, read in one's tenancy (an MES key reads its plans)
    "haccp.view": frozenset(Role),
    # CCP readings: quality staff on a page, or the enterprise's systems in bulk
    "haccp.record": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA, Role.INTEGRATION}),
    # the plan (steps, hazards, decisions, CCPs), its team, internal standards, changes: the responsible
    # people and QA; signing is further limited to the plan's HACCP team leader (services.plans)
    "haccp.manage": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.QA}),
    # closing a deviation with its corrective action and disposition releases held batches: as release
    "haccp.dispose": frozenset({Role.DIRECTOR, Role.QA}),
    # the regulator's view: plans in force, their history, open deviations, frequency compliance
    "haccp.supervise": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
