"""Sales supervision's actions in the one permission table (`core.roles.PERMISSIONS`), registered on load.

Sellers and platforms have no accounts here (issue 34 gives them none): every page is the regulator's.
"""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # the registry of sellers, shops and platforms, findings, requests and signals of one's jurisdiction
    "sales.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
    # keep the registry: sellers, shops, platforms, buyer ↔ seller matches
    "sales.registry": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
    # supervise: tie sweeps to shops, send and record platform requests, inspect sellers, judge signals
    "sales.supervise": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
