"""Sampling's ledger actions (`sampling.<entity>.<verb>`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class SamplingAction(Action):
    PLAN_CREATE = "sampling.plan.create", _("制定季度抽检计划")
    TASK_CREATE = "sampling.task.create", _("下达抽样任务")
    TASK_DUTY = "sampling.task.duty", _("登记抽样任务的待办")
    TASK_NO_PRODUCTION = "sampling.task.no_production", _("记录本季度未生产")
    SAMPLE_CREATE = "sampling.sample.create", _("填写抽样单")
    SAMPLE_DUTY = "sampling.sample.duty", _("登记送样待办")
    SAMPLE_RECEIVE = "sampling.sample.receive", _("检验机构收样")
    SAMPLE_REPORT = "sampling.sample.report", _("录入检验报告")
    RESULT_CREATE = "sampling.result.create", _("录入检验结果")
    SAMPLE_PUBLISH = "sampling.sample.publish", _("公布抽检结果")
    LAB_CREATE = "sampling.lab.create", _("登记检验机构")
    LAB_KEY = "sampling.lab.key", _("更换检验机构接入密钥")
    LAB_REVOKE = "sampling.lab.revoke", _("停用检验机构接入密钥")
