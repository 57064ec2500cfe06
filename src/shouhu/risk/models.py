"""Risk grades, their history and adjustments; conflicts of interest; yearly inspection plans and tasks.

`RiskGrade` rows are the history (one per grading of an enterprise, never changed, with the explanation
the scorer gave); `RiskProfile` is the current state per enterprise (a cache the lists read). Both are
derived from the facts and are rewritten in bulk, so they are plain models: the ledger records the
`GradingRun` that produced them and every regulator decision (configuration, adjustment, conflict, plan,
task team) as regulated rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel

LEVEL_CHOICES = [("A", _("A级")), ("B", _("B级")), ("C", _("C级")), ("D", _("D级"))]


class Trigger(models.TextChoices):
    REVIEW = "review", _("年度评定")
    SIGNAL = "signal", _("信号触发重评")
    MANUAL = "manual", _("人工重评")


class GradingConfig(RegulatedModel):
    """A jurisdiction's choice of scheme and, optionally, its own bands A–D (validated: no overlap, no gap)."""

    division_code = models.CharField(_("辖区代码"), max_length=6, unique=True)
    scheme_id = models.CharField(_("评分方案"), max_length=32)
    bands = models.JSONField(_("分值区间"), null=True, blank=True)
    reason = models.CharField(_("配置说明"), max_length=300)

    def __str__(self) -> str:
        return f"{self.division_code}:{self.scheme_id}"


class GradingRun(RegulatedModel):
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    enterprise = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheme_id = models.CharField(_("评分方案"), max_length=32)
    scheme_version = models.CharField(_("方案版本"), max_length=32)
    trigger = models.CharField(_("触发方式"), max_length=16, choices=Trigger.choices)
    signal = models.CharField(_("触发信号"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    graded = models.PositiveIntegerField(_("评定企业数"), default=0)
    counts = models.JSONField(_("各等级数量"), default=dict)
    failed_sources = models.JSONField(_("失败的数据来源"), default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.division_code} {self.year}"


class RiskGrade(models.Model):
    """One grading of one enterprise (history): score, computed level, every point with its fact and rule."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    run = models.ForeignKey(GradingRun, on_delete=models.PROTECT, related_name="grades")
    scheme_id = models.CharField(_("评分方案"), max_length=32)
    score = models.FloatField(_("得分"))
    level = models.CharField(_("计算等级"), max_length=1, choices=LEVEL_CHOICES)
    previous_level = models.CharField(_("原等级"), max_length=1, blank=True)
    explanation = models.JSONField(_("评分说明"), default=dict)
    changes = models.JSONField(_("等级变动条件"), default=list)
    trigger = models.CharField(_("触发方式"), max_length=16, choices=Trigger.choices)
    signal = models.CharField(_("触发信号"), max_length=100, blank=True)
    graded_on = models.DateField(_("评定日期"), validators=[past_date_validator])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["enterprise", "-id"], name="riskgrade_enterprise_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.level}"


class RiskProfile(models.Model):
    """The current grade of an enterprise: computed, adjusted (with its reason) and the one in force."""

    enterprise = models.OneToOneField("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    grade = models.ForeignKey(RiskGrade, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("得分"))
    computed_level = models.CharField(_("计算等级"), max_length=1, choices=LEVEL_CHOICES)
    level = models.CharField(_("风险等级"), max_length=1, choices=LEVEL_CHOICES, db_index=True)
    previous_level = models.CharField(_("原等级"), max_length=1, blank=True)
    adjustment = models.ForeignKey(
        "GradeAdjustment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moved_on = models.DateField(_("等级变动日期"), null=True, blank=True, validators=[past_date_validator])
    focus = models.JSONField(_("重点对象"), default=list)  # the 2026 plan's focus groups (item 11)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.level}"


class GradeAdjustment(RegulatedModel):
    """A regulator's change of the level, with a written reason; shown beside the computed grade."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(RiskGrade, on_delete=models.PROTECT, related_name="adjustments")
    computed_level = models.CharField(_("计算等级"), max_length=1, choices=LEVEL_CHOICES)
    level = models.CharField(_("调整后等级"), max_length=1, choices=LEVEL_CHOICES)
    reason = models.TextField(_("调整理由"))
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.computed_level}→{self.level}"


class ConflictKind(models.TextChoices):
    PAST_JOB = "past_job", _("曾在该企业任职")
    RELATIVE = "relative", _("近亲属在该企业")
    OTHER = "other", _("其他利害关系")


class ConflictOfInterest(RegulatedModel):
    """A recorded conflict: the inspector is never drawn for (or put on a team at) this enterprise."""

    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("回避事由"), max_length=16, choices=ConflictKind.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspector", "enterprise", "kind"], name="risk_conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id}×{self.enterprise_id}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已下达")


class PlanOrdering(models.TextChoices):
    GRADE = "grade", _("按风险等级排序")
    MODEL = "model", _("按风险靶向模型排序（等级配额内）")


class InspectionPlan(RegulatedModel):
    """A jurisdiction's yearly plan: quotas per grade, 双随机 from a recorded seed (unique to this plan)."""

    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    scheme_id = models.CharField(_("评分方案"), max_length=32)
    seed = models.CharField(_("随机种子"), max_length=64, unique=True)
    status = models.CharField(_("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    frequencies = models.JSONField(_("检查频次"), default=dict)
    summary = models.JSONField(_("计划概况"), default=dict)
    # issue 33: how the tasks are ordered inside each grade, and the learned model version that ranked them
    ordering = models.CharField(
        _("任务排序方式"), max_length=8, choices=PlanOrdering.choices, default=PlanOrdering.GRADE
    )
    model_version = models.CharField(_("排序模型版本"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return f"{self.division_code} {self.year}"


class InspectionTask(RegulatedModel):
    """One planned inspection: enterprise, due window, team (≥2, no conflicts), items in scope."""

    # set from the obligation (its own ledger entries name the task): not compared by `audit verify`
    ledger_untracked_fields = frozenset({"obligation_id", "done_on"})

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="tasks")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    level = models.CharField(_("风险等级"), max_length=1, choices=LEVEL_CHOICES)
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    window_start = models.DateField(_("开始日期"), validators=[plan_date_validator])
    window_end = models.DateField(_("截止日期"), validators=[plan_date_validator])
    team = models.JSONField(_("检查组"), default=list)  # user ids
    items = models.JSONField(_("检查项目"), default=list)
    focus = models.JSONField(_("重点对象"), default=list)
    priority = models.PositiveIntegerField(_("等级内顺序"), default=0)
    obligation_id = models.BigIntegerField(null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True, validators=[past_date_validator])

    class Meta:
        ordering = ["window_start", "pk"]
        indexes = [models.Index(fields=["plan", "level"], name="risktask_plan_level_idx")]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.enterprise_id}#{self.round}"
