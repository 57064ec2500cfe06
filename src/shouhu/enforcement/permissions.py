"""Enforcement's actions in the one permission table (`core.roles.PERMISSIONS`), registered on load."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # cases are the regulator's (an enterprise sees its penalties in its credit file)
    "enforcement.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
    # the case handlers: register clues, file, investigate, notify, pause, decide, execute, publish
    "enforcement.handle": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
    # what needs the head of the office (负责人批准): extensions, annulment, the 失信 list, repairs, typical cases
    "enforcement.approve": frozenset({Role.JURISDICTION_ADMIN}),
    # the credit file of an enterprise, in one's tenancy
    "enforcement.credit.view": frozenset(Role) - {Role.INTEGRATION},
    # an enterprise applies for credit repair
    "enforcement.repair.apply": frozenset({Role.PRINCIPAL, Role.DIRECTOR}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
