"""Complaints' actions in the one permission table (`core.roles.PERMISSIONS`), registered on load.

The public files and follows its own submissions without an account (the portal acts as `services.PORTAL`,
the tracking number and private token stand for the person).
"""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

STAFF = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA})
HANDLERS = frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN})

ROWS: dict[str, frozenset[Role]] = {
    # the county regulator reads its inbox; an enterprise reads the complaints forwarded to it
    "complaints.view": frozenset(HANDLERS | STAFF),
    # accept or not, mediate, verify, decide on a case, tell the reporter, pause and extend
    "complaints.handle": HANDLERS,
    # the enterprise answers a complaint forwarded to it (细则 第七十一条, 附件1 #5)
    "complaints.answer": STAFF,
    # rewards: proposed by the handler; approved and paid by the office's administrator
    "complaints.reward.propose": HANDLERS,
    "complaints.reward.approve": frozenset({Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
    # consumer alerts and 科普 on the portal: written and published by a regulator of the jurisdiction
    "complaints.articles.manage": frozenset(REGULATOR_ROLES),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
