"""Who may issue findings and decide rectifications: entries the kernel adds to `core.roles.PERMISSIONS`.

The table stays the one place `core.access.require` reads; the kernel fills its rows at start-up (its
`AppConfig.ready()`), as domain apps' rows are written there, so core names no kernel action.
"""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, Role

ENTERPRISE_PEOPLE = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA})
REGULATORS = frozenset({Role.INSPECTOR, Role.REVIEWER, Role.JURISDICTION_ADMIN})

ROWS: dict[str, frozenset[Role]] = {
    "findings.view": frozenset(Role),
    # a regulator issues a finding; the enterprise itself records its own (self-inspection, deviations)
    "findings.finding.issue": REGULATORS | ENTERPRISE_PEOPLE | {Role.INTEGRATION},
    # the enterprise answers a rectification, with evidence
    "findings.rectification.answer": ENTERPRISE_PEOPLE | {Role.INTEGRATION},
    # acceptance or return: the regulator for its findings; the enterprise's responsible people for their own
    "findings.rectification.decide": REGULATORS | {Role.PRINCIPAL, Role.DIRECTOR},
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
