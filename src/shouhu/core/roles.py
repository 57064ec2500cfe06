"""Roles (角色): who acts on the platform. Pure data, no Django models (labels are gettext msgids).

Enterprise roles follow SAMR Order No. 60 (主要负责人、食品安全总监、食品安全员) plus QA/lab staff; regulator roles
are scoped to a jurisdiction (province ⊃ city ⊃ county).
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    PRINCIPAL = "principal"  # 主要负责人
    DIRECTOR = "director"  # 食品安全总监
    OFFICER = "officer"  # 食品安全员
    QA = "qa"  # 质量/检验人员
    INTEGRATION = "integration"  # 企业系统接入 (API key), acts for one enterprise
    INSPECTOR = "inspector"  # 监管检查人员
    REVIEWER = "reviewer"  # 许可审查人员
    JURISDICTION_ADMIN = "jurisdiction_admin"  # 辖区管理员
    PLATFORM_ADMIN = "platform_admin"  # 平台管理员


# Chinese msgids; English in the catalog (core.i18n). `str()` in the active language.
ROLE_LABELS: dict[Role, Promise] = {
    Role.PRINCIPAL: _("主要负责人"),
    Role.DIRECTOR: _("食品安全总监"),
    Role.OFFICER: _("食品安全员"),
    Role.QA: _("质量检验人员"),
    Role.INTEGRATION: _("系统接入"),
    Role.INSPECTOR: _("监管检查人员"),
    Role.REVIEWER: _("许可审查人员"),
    Role.JURISDICTION_ADMIN: _("辖区管理员"),
    Role.PLATFORM_ADMIN: _("平台管理员"),
}

ENTERPRISE_ROLES = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA, Role.INTEGRATION})
REGULATOR_ROLES = frozenset({Role.INSPECTOR, Role.REVIEWER, Role.JURISDICTION_ADMIN})

# Action -> roles allowed to do it. One table, reviewed like rule data; `access.require` reads it.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "registry.view": frozenset(Role),
    "registry.enterprise.change": frozenset({Role.PRINCIPAL, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
    "registry.enterprise.create": frozenset({Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
    "registry.site.change": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.INTEGRATION, Role.PLATFORM_ADMIN}),
    "registry.licence.change": frozenset({Role.REVIEWER, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
    "registry.person.change": frozenset(
        {Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.INTEGRATION, Role.PLATFORM_ADMIN}
    ),
    "registry.contract.change": frozenset(
        {Role.PRINCIPAL, Role.DIRECTOR, Role.INTEGRATION, Role.PLATFORM_ADMIN}
    ),
    "accounts.apikey.manage": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.PLATFORM_ADMIN}),
    "audit.view": frozenset(Role) - {Role.INTEGRATION},
    "labels.check": frozenset(Role),
    "labels.sweep": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
    # 许可审查 (licensing): applicants file, reviewers review and decide, inspectors verify on site.
    "licensing.view": frozenset(Role),
    "licensing.application.submit": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.INTEGRATION}),
    "licensing.application.sign": frozenset({Role.PRINCIPAL, Role.DIRECTOR}),
    "licensing.review": frozenset({Role.REVIEWER, Role.JURISDICTION_ADMIN}),
    "licensing.verify": frozenset({Role.INSPECTOR}),
    "licensing.assign": frozenset({Role.REVIEWER, Role.JURISDICTION_ADMIN}),
    "licensing.decide": frozenset({Role.REVIEWER, Role.JURISDICTION_ADMIN}),
    "licensing.rectify": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.INTEGRATION}),
    "licensing.conditions.record": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.INTEGRATION}),
}

# Production records and traceability (细则第三十六条–第七十二条).
PERMISSIONS.update(
    {
        # the enterprise and its systems keep the records
        "production.record": frozenset(
            {Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA, Role.INTEGRATION, Role.PLATFORM_ADMIN}
        ),
        # 放行 (第六十一条): a person of the quality function approves, never a system key
        "production.batch.release": frozenset({Role.DIRECTOR, Role.QA}),
        # 召回 (第六十三条): started and tracked by the enterprise's responsible people
        "trace.recall.manage": frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.QA, Role.INTEGRATION}),
        # the regulator's side: acknowledge a recall report, note its supervision
        "trace.recall.supervise": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
    }
)

# Supervision sampling (监督抽检, 《食品安全抽样检验管理办法》; issue 27).
PERMISSIONS.update(
    {
        # samples and results are read in one's tenancy: an enterprise its own, a regulator its jurisdiction
        "sampling.view": frozenset(Role) - {Role.INTEGRATION},
        # the quarterly plan and its coverage: the jurisdiction's regulators
        "sampling.plan.manage": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
        "sampling.coverage.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
        # the 抽样单 on site: the sampler (an inspector of the jurisdiction)
        "sampling.sample.record": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN}),
        # lab results: entered or pushed under a regulator's account (labs hold no account of their own yet)
        "sampling.result.record": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
        "sampling.publish": frozenset({Role.INSPECTOR, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
        # lab accounts (承检机构): registered and their keys rotated or revoked by the jurisdiction's admin
        "sampling.lab.manage": frozenset({Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
    }
)

# Risk grading and inspection planning (issue 24): regulators of the jurisdiction.
PERMISSIONS.update(
    {
        "risk.view": frozenset(REGULATOR_ROLES | {Role.PLATFORM_ADMIN}),
        "risk.grade": frozenset({Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN}),
        "risk.adjust": frozenset({Role.JURISDICTION_ADMIN}),
        "risk.configure": frozenset({Role.JURISDICTION_ADMIN}),
        "risk.plan": frozenset({Role.JURISDICTION_ADMIN}),
        "risk.conflict.record": frozenset({Role.JURISDICTION_ADMIN, Role.INSPECTOR}),
    }
)
