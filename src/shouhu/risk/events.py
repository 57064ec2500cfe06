"""Risk ledger actions (core.events)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class RiskAction(Action):
    CONFIG_SET = "risk.config.set", _("配置风险分级方案")
    RUN_CREATE = "risk.run.create", _("风险等级评定")
    ADJUSTMENT_CREATE = "risk.adjustment.create", _("调整风险等级")
    CONFLICT_CREATE = "risk.conflict.create", _("登记检查回避事由")
    PLAN_CREATE = "risk.plan.create", _("编制年度检查计划")
    PLAN_ISSUE = "risk.plan.issue", _("下达年度检查计划")
    TASK_CREATE = "risk.task.create", _("生成检查任务")
    TASK_TEAM = "risk.task.team", _("调整检查组")
