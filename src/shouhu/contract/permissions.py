"""Contract oversight's actions in the one permission table (`core.roles.PERMISSIONS`)."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

ROWS: dict[str, frozenset[Role]] = {
    # contracts, reviews, audits, runs and reports, read by either party and by each party's regulator
    "contract.view": frozenset(Role),
    # the 委托方's control: scope and terms, the qualification review, audits, release decisions, labels;
    # the 受托方's side: declaring its batches made under the contract, answering audit findings
    "contract.manage": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.QA}),
    # batches declared by the 受托方's systems too
    "contract.run.record": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.QA, Role.INTEGRATION}),
    # the regulator's view of contracts, runs and reports due and overdue in its jurisdiction
    "contract.supervise": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
