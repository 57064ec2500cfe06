"""Production's actions in the one permission table (`core.roles.PERMISSIONS`), beyond core's rows."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, Role

ROWS: dict[str, frozenset[Role]] = {
    # 供应商审核 (第三十六条: "经企业质量安全管理机构批准后方可采购"): approving or suspending a supplier is the
    # quality organisation's decision — the principal, the food-safety director and QA, signing in person;
    # the enterprise's system may record an approval signed in its own quality system (`approved_by`).
    # A 食品安全员 keeps the supplier's file (documents) but does not approve.
    "production.supplier.approve": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.QA, Role.INTEGRATION}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
