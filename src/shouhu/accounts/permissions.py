"""Accounts' security actions in the one permission table (`core.roles.PERMISSIONS`), registered on load.

Security events, lockouts and second-factor resets are the platform administrator's (等保 2.0 安全管理员):
a jurisdiction admin administers people of one jurisdiction, not the platform's authentication.
"""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, Role

ROWS: dict[str, frozenset[Role]] = {
    # read the security-event table (page and export) and the current lockouts
    "accounts.security.view": frozenset({Role.PLATFORM_ADMIN}),
    # lift a lockout before its cool-off ends; reset a user's lost second factor
    "accounts.security.manage": frozenset({Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
