"""Self-control's actions in the one permission table (`core.roles.PERMISSIONS`), registered on load."""

from __future__ import annotations

from shouhu.core.roles import PERMISSIONS, REGULATOR_ROLES, Role

STAFF = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA})

ROWS: dict[str, frozenset[Role]] = {
    # everyone in the tenancy reads the list, the records and their history
    "selfcontrol.view": frozenset(Role),
    # the list is the enterprise's own: its responsible people edit, add and retire points
    "selfcontrol.list.manage": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.INTEGRATION}),
    # 日管控: the 食品安全员 checks; the enterprise's system may push the records it keeps
    "selfcontrol.daily.record": frozenset({Role.OFFICER, Role.INTEGRATION}),
    # 周排查 / 月调度: signed by the person in the role (checked again by the kernel's signature roles)
    "selfcontrol.report.file": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER}),
    # 停产 and 复产: the responsible people, the officer who found a hazard, the enterprise's system
    "selfcontrol.stop.record": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.INTEGRATION}),
    # the principal designates who does the director's part where no director is required
    "selfcontrol.designate": frozenset({Role.PRINCIPAL}),
    # 自查报告: the enterprise's responsible people set its frequency, score the checklist and submit
    "selfcontrol.selfinspect": frozenset({Role.PRINCIPAL, Role.DIRECTOR}),
    # the regulator's completion view, rankings and export
    "selfcontrol.supervise": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
}


def register() -> None:
    for action, roles in ROWS.items():
        PERMISSIONS.setdefault(action, roles)
