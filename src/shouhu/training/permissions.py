"""Training's actions in the one permission table (`core.roles.PERMISSIONS`), registered on load."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # the bank, papers and results are read in one's tenancy
    "training.view": frozenset(Role) - {Role.INTEGRATION},
    # the platform's bank: generated from the rules, revised by reviewers
    "training.bank.manage": frozenset({Role.REVIEWER, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
    # an enterprise's own questions, exams and training sessions: its responsible people
    "training.enterprise.manage": frozenset({Role.PRINCIPAL, Role.DIRECTOR}),
    # training records (附件1 #8): sessions and one person's outside course, from a page or the system
    "training.session.record": frozenset(
        {Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.INTEGRATION, Role.PLATFORM_ADMIN}
    ),
    # 监督抽查考核 and the regulator's view
    "training.spotcheck": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
    "training.supervise": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
