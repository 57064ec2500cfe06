"""The kernel's actions in the one permission table (`core.roles.PERMISSIONS`), registered when the app loads.

Who may act is still decided in one table that `core.access.require` reads; the kernel adds its rows here
rather than editing core, as every app that core does not know registers its own.
"""

from __future__ import annotations

from shouhu.core.roles import ENTERPRISE_ROLES, PERMISSIONS, REGULATOR_ROLES, Role

_PEOPLE = frozenset(Role) - {Role.INTEGRATION}

PERMISSIONS.update(
    {
        # an enterprise sets its own duties (self-control), a regulator those of its jurisdiction
        "obligations.create": frozenset(Role),
        "obligations.complete": frozenset(Role),
        # hearings, testing, production stops: the office that waits, or the enterprise for its own duties
        "obligations.pause": frozenset(
            REGULATOR_ROLES | {Role.PLATFORM_ADMIN, Role.PRINCIPAL, Role.DIRECTOR}
        ),
        # an extension needs an approver with authority: a regulator (or a platform admin)
        "obligations.extend": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
        "obligations.schedule": frozenset(ENTERPRISE_ROLES | REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
        "obligations.overdue.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
        "notifications.receive": _PEOPLE,
        # case clues: any app (and its users) may raise one; regulators read them
        "clues.raise": frozenset(Role),
        "clues.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
        "publication.manage": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
    }
)
