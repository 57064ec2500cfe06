"""Supervision sampling (监督抽检, 《食品安全抽样检验管理办法》; DOMAIN.md §8, §12).

A quarterly plan per jurisdiction gives every licensed producing enterprise a task (full coverage, 2026 plan
item 14) and focus enterprises extra ones; a task is done by a sample form (抽样单) for a batch picked by its
trace code, or closed as "no production this quarter" with evidence. The lab's results are judged item by
item against the limits in the rule data (`judge.py`); where the rule data has no limit the lab's own
conclusion stands and the result says so (`limit_known = False`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel

from .states import SampleStatus, TaskStatus


class Verdict(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class TaskKind(models.TextChoices):
    COVERAGE = "coverage", _("全覆盖抽检")
    FOCUS = "focus", _("重点抽检")


class SamplingPlan(RegulatedModel):
    """One jurisdiction's plan for one quarter."""

    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    title = models.CharField(_("计划名称"), max_length=200)
    focus_varieties = models.JSONField(_("重点品种"), default=list, blank=True)
    focus_items = models.JSONField(_("重点项目"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-quarter", "division_code"]
        verbose_name = _("抽检计划")
        constraints = [
            models.UniqueConstraint(fields=["division_code", "year", "quarter"], name="sampling_plan_once")
        ]

    def __str__(self) -> str:
        return self.title


class SamplingTask(RegulatedModel):
    """One enterprise to be sampled in a plan's quarter (a coverage task, or an extra focus task)."""

    plan = models.ForeignKey(SamplingPlan, on_delete=models.PROTECT, related_name="tasks")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("任务类型"), max_length=16, choices=TaskKind.choices)
    due_on = models.DateField(_("完成期限"), validators=[plan_date_validator])
    status = models.CharField(_("状态"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    obligation_id = models.BigIntegerField(_("待办事项"), null=True, blank=True)
    evidence_id = models.BigIntegerField(_("未生产证明"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan_id", "enterprise_id", "kind"]
        verbose_name = _("抽样任务")
        indexes = [models.Index(fields=["enterprise", "plan"])]

    def __str__(self) -> str:
        return f"{self.plan} · {self.enterprise_id}"


class Sample(RegulatedModel):
    """The sample form (抽样单): a batch sampled on site, signed by sampler and enterprise, sent to a lab."""

    number = models.CharField(_("抽样单编号"), max_length=40, unique=True)
    task = models.ForeignKey(
        SamplingTask, null=True, blank=True, on_delete=models.PROTECT, related_name="samples"
    )
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey("production.Batch", on_delete=models.PROTECT, related_name="+")
    sampled_on = models.DateField(_("抽样日期"), validators=[past_date_validator])
    quantity = models.DecimalField(_("抽样数量"), max_digits=10, decimal_places=2)
    backup_quantity = models.DecimalField(_("备样数量"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=16)
    sampler_name = models.CharField(_("抽样人员"), max_length=64)
    sampler_signed = models.BooleanField(_("抽样人员已签字"), default=False)
    enterprise_signer = models.CharField(_("被抽样单位签字人"), max_length=64)
    enterprise_signed = models.BooleanField(_("被抽样单位已签字"), default=False)
    photo_ids = models.JSONField(_("现场照片"), default=list, blank=True)
    lab_name = models.CharField(_("检验机构"), max_length=200)
    lab_due_on = models.DateField(_("送达检验机构期限"), validators=[plan_date_validator])
    delivery_obligation_id = models.BigIntegerField(_("送样待办"), null=True, blank=True)
    received_on = models.DateField(_("收样日期"), null=True, blank=True, validators=[past_date_validator])
    status = models.CharField(
        _("状态"), max_length=16, choices=SampleStatus.choices, default=SampleStatus.SAMPLED
    )
    verdict = models.CharField(_("结论"), max_length=8, choices=Verdict.choices, blank=True)
    report_no = models.CharField(_("检验报告编号"), max_length=64, blank=True)
    # 检验结论日期: the day the lab's report says it reached its conclusion (a failure is "found" then);
    # `reported_on` is the day the platform received the results that made the verdict. A failure must
    # be reported within `disposal.lab-report-working-days` working days of being found ([check]).
    found_on = models.DateField(_("检验结论日期"), null=True, blank=True, validators=[past_date_validator])
    reported_on = models.DateField(_("结果报送日期"), null=True, blank=True, validators=[past_date_validator])
    report_evidence_id = models.BigIntegerField(_("检验报告文件"), null=True, blank=True)
    report_sha256 = models.CharField(_("检验报告 SHA-256"), max_length=64, blank=True)
    publication_id = models.BigIntegerField(_("公示"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True, validators=[past_date_validator])
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        verbose_name = _("抽样单")
        indexes = [models.Index(fields=["year", "quarter"])]

    def __str__(self) -> str:
        return self.number


class LabResult(RegulatedModel):
    """One test item of a sample: as measured, and as judged."""

    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="results")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("检验项目"), max_length=100)
    item_rule_id = models.CharField(_("项目规则编号"), max_length=100, blank=True)
    measured = models.CharField(_("检测值"), max_length=200)
    values = models.JSONField(_("各样品检测值"), default=list, blank=True)
    unit = models.CharField(_("单位"), max_length=32, blank=True)
    lab_conclusion = models.CharField(_("检验机构结论"), max_length=8, choices=Verdict.choices, blank=True)
    verdict = models.CharField(_("判定"), max_length=8, choices=Verdict.choices)
    limit_rule_id = models.CharField(_("限量规则编号"), max_length=100, blank=True)
    limit_text = models.CharField(_("标准要求"), max_length=200, blank=True)
    limit_known = models.BooleanField(_("规则数据中有限量"), default=True)
    reason = models.CharField(_("判定依据"), max_length=300, blank=True)

    class Meta:
        ordering = ["sample_id", "pk"]
        verbose_name = _("检验结果")

    def __str__(self) -> str:
        return f"{self.item} {self.measured}"


class Laboratory(RegulatedModel):
    """A testing body (承检机构) with an account for the lab API: it receives the samples sent to it by name
    (`Sample.lab_name`) and pushes their results item by item. Only the key's SHA-256 is stored."""

    name = models.CharField(_("检验机构名称"), max_length=200, unique=True)
    division_code = models.CharField(_("所在辖区代码"), max_length=6, db_index=True)
    key_prefix = models.CharField(_("接入密钥前缀"), max_length=16, blank=True)
    key_hash = models.CharField(max_length=64, blank=True, db_index=True)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("检验机构")

    def __str__(self) -> str:
        return self.name


class LabActor:
    """Who acts on a request authenticated by a lab key: that lab, no role of core.roles (it sees and
    writes only the samples sent to it, `services.labs.samples_for`)."""

    is_authenticated = True
    role = "lab"
    enterprise_id = None
    division_code = ""
    pk = None

    def __init__(self, lab: Laboratory) -> None:
        self.lab = lab

    @property
    def actor_label(self) -> str:
        return f"检验机构 {self.lab.name} ({self.lab.key_prefix}…)"
