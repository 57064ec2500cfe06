"""核查处置's actions in the one permission table (`core.roles.PERMISSIONS`), registered on load."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ENTERPRISE_PEOPLE = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA})

ROWS: dict[str, frozenset[Role]] = {
    # the case is read in one's tenancy: the enterprise its own, regulators their jurisdiction
    "disposal.view": frozenset(Role) - {Role.INTEGRATION},
    # the enterprise answers its duties (seal, stop, notify, recall, cause, rectification report)
    "disposal.duty.answer": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.QA}),
    # 复检 and 异议 are the producer's rights, signed by its responsible people
    "disposal.request.file": frozenset({Role.PRINCIPAL, Role.DIRECTOR}),
    # serving the result, the re-test lab's result, deciding an objection, verifying and closing
    "disposal.manage": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
    # the regulator's list of cases and overdue duties
    "disposal.supervise": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
