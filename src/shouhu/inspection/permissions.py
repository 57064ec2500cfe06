"""Inspection's actions in the one permission table (`core.roles.PERMISSIONS`), registered on load."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # an enterprise reads its own inspections, a regulator its jurisdiction's
    "inspection.view": frozenset(Role) - {Role.INTEGRATION},
    # the regulator's list, overdue publications, the across-jurisdiction view
    "inspection.supervise": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
    # arranging an inspection and its team: inspectors and the jurisdiction's administrator
    "inspection.arrange": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
    # on site: results, photos, the conclusion (the kernel also checks team membership)
    "inspection.record": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
    # the 结果记录表: both inspectors and the enterprise sign (roles checked by the kernel)
    "inspection.sign": frozenset(
        {Role.INSPECTOR, Role.JURISDICTION_ADMIN, Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER}
    ),
    "inspection.publish": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
