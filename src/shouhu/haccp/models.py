"""HACCP plans that drive critical-control-point monitoring (细则 第二十七条, 附件1 #19; GB/T 27341, Codex
CXC 1-1969): the plan per product (or family), its versions — each the flow's ordered steps, the hazards
per step from rule data with their decision-tree answers, and the CCPs with limits, monitoring,
corrective action, verification and records — signed by the HACCP team leader; the on-site check of the
flow; enterprise internal standards (企业内控标准) stricter than the rule; CCP readings at machine rates (one
batch record per push whose ledger entry carries the readings' SHA-256); deviations that hold production
batches until a corrective action and a disposition close them; changes (第二十六条) that require a review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator
from shouhu.core.models import RegulatedModel


class Plan(RegulatedModel):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        "production.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    family = models.CharField(_("产品类别"), max_length=100, blank=True)  # a plan for several products
    title = models.CharField(_("计划名称"), max_length=200)
    intended_use = models.CharField(_("预期用途及使用者"), max_length=300, blank=True)

    class Meta:
        ordering = ["enterprise_id", "title"]
        verbose_name = _("HACCP计划")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "product"],
                condition=models.Q(product__isnull=False),
                name="haccp_plan_product_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    LEADER = "leader", _("HACCP小组组长")
    MEMBER = "member", _("HACCP小组成员")


class TeamMember(RegulatedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("小组职务"), max_length=8, choices=TeamRole.choices)
    duty = models.CharField(_("专业与职责"), max_length=100, blank=True)

    class Meta:
        ordering = ["plan_id", "role", "pk"]
        verbose_name = _("HACCP小组成员")
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="haccp_team_once")]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SIGNED = "signed", _("现行有效")
    SUPERSEDED = "superseded", _("已被替代")


class PlanVersion(RegulatedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=12, choices=VersionStatus.choices)
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    content = models.JSONField(_("计划内容"), default=dict, blank=True)  # frozen at signing (diff reads it)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["plan_id", "-number"]
        verbose_name = _("HACCP计划版本")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="haccp_version_number")]

    def __str__(self) -> str:
        return f"{self.plan.title} v{self.number}"


class Step(RegulatedModel):
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("工艺步骤"), max_length=100)
    rule_id = models.CharField(_("规则编号"), max_length=120, blank=True)

    class Meta:
        ordering = ["version_id", "order"]
        verbose_name = _("工艺步骤")
        constraints = [models.UniqueConstraint(fields=["version", "name"], name="haccp_step_name")]

    def __str__(self) -> str:
        return self.name


class HazardType(models.TextChoices):
    BIOLOGICAL = "biological", _("生物性")
    CHEMICAL = "chemical", _("化学性")
    PHYSICAL = "physical", _("物理性")
    ALLERGEN = "allergen", _("致敏性")


class Hazard(RegulatedModel):
    """A hazard at a step, with the Codex decision tree's answers (q1–q4) and the decision they give."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="hazards")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="hazards")
    type = models.CharField(_("危害类别"), max_length=12, choices=HazardType.choices)
    hazard = models.CharField(_("危害"), max_length=200)
    control = models.CharField(_("控制措施"), max_length=300, blank=True)
    rule_id = models.CharField(_("规则编号"), max_length=120, blank=True)
    citation = models.CharField(_("依据"), max_length=300, blank=True)
    rule_limit = models.JSONField(_("规则限值"), null=True, blank=True)
    q1 = models.BooleanField(null=True, blank=True)
    q2 = models.BooleanField(null=True, blank=True)
    q3 = models.BooleanField(null=True, blank=True)
    q4 = models.BooleanField(null=True, blank=True)
    is_ccp = models.BooleanField(_("关键控制点"), null=True, blank=True)  # None: not yet decided

    class Meta:
        ordering = ["version_id", "step__order", "pk"]
        verbose_name = _("危害")

    def __str__(self) -> str:
        return self.hazard


class Per(models.TextChoices):
    HOUR = "hour", _("每小时")
    SHIFT = "shift", _("每班")
    DAY = "day", _("每日")
    BATCH = "batch", _("每批")


class Basis(models.TextChoices):
    RULE = "rule", _("按规则限值")
    STRICTER = "stricter", _("企业内控（严于规则）")
    OWN_ONLY = "own_only", _("企业自定（规则无限值）")


class CCP(RegulatedModel):
    """A critical control point: its limit (never looser than the rule's), monitoring, correction, records."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="ccps")
    code = models.CharField(_("编号"), max_length=16)
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="ccps")
    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="ccps")
    parameter = models.CharField(_("关键控制项目"), max_length=64)
    unit = models.CharField(_("单位"), max_length=32)
    limit_min = models.FloatField(_("下限"), null=True, blank=True)
    limit_max = models.FloatField(_("上限"), null=True, blank=True)
    rule_id = models.CharField(_("规则编号"), max_length=120, blank=True)
    rule_min = models.FloatField(_("规则下限"), null=True, blank=True)
    rule_max = models.FloatField(_("规则上限"), null=True, blank=True)
    basis = models.CharField(_("限值依据"), max_length=12, choices=Basis.choices)
    document = models.CharField(_("设定限值的文件"), max_length=200, blank=True)
    monitor_what = models.CharField(_("监控对象"), max_length=200)
    monitor_how = models.CharField(_("监控方法"), max_length=200)
    times = models.PositiveSmallIntegerField(_("频次（次）"), default=1)
    per = models.CharField(_("频次周期"), max_length=8, choices=Per.choices)
    monitor_who = models.CharField(_("监控人员"), max_length=100)
    corrective_action = models.CharField(_("纠偏措施"), max_length=300)
    verification = models.CharField(_("验证"), max_length=300)
    records = models.CharField(_("记录"), max_length=200, default="附件1 #19 关键控制点控制记录")

    class Meta:
        ordering = ["version_id", "code"]
        verbose_name = _("关键控制点")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="haccp_ccp_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.step.name} {self.parameter}"


class FlowCheck(RegulatedModel):
    """验证: the flow diagram checked on site against the running line."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="flow_checks")
    checked_on = models.DateField(_("验证日期"), validators=[past_date_validator])
    checked_by = models.CharField(_("验证人"), max_length=100)
    matches = models.BooleanField(_("与现场一致"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("流程图现场验证")


class StandardKind(models.TextChoices):
    CCP = "ccp", _("关键控制点")
    RELEASE = "release", _("出厂检验项目")
    MONITORING = "monitoring", _("监控参数")


class InternalStandard(RegulatedModel):
    """企业内控标准: an own limit for a release item or monitoring parameter, never looser than the rule's."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("对象"), max_length=12, choices=StandardKind.choices)
    product = models.ForeignKey(
        "production.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.CharField(_("项目"), max_length=100)
    unit = models.CharField(_("单位"), max_length=32, blank=True)
    limit_min = models.FloatField(_("下限"), null=True, blank=True)
    limit_max = models.FloatField(_("上限"), null=True, blank=True)
    rule_id = models.CharField(_("规则编号"), max_length=120, blank=True)
    rule_min = models.FloatField(_("规则下限"), null=True, blank=True)
    rule_max = models.FloatField(_("规则上限"), null=True, blank=True)
    basis = models.CharField(_("限值依据"), max_length=12, choices=Basis.choices)
    document = models.CharField(_("设定限值的文件"), max_length=200)

    class Meta:
        ordering = ["enterprise_id", "kind", "item"]
        verbose_name = _("企业内控标准")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "product", "item"], name="haccp_standard_once"
            )
        ]


class Source(models.TextChoices):
    PAGE = "page", _("现场录入")
    API = "api", _("系统推送")
    PRODUCTION = "production", _("生产批次记录")


class ReadingBatch(RegulatedModel):
    """One push of CCP readings: one ledger entry holding the SHA-256 of its rows (selectors.batch_digest)."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    count = models.PositiveIntegerField(_("读数条数"))
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    out_of_limit = models.PositiveIntegerField(_("超限条数"), default=0)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("监控读数批次")


class Reading(RegulatedModel):
    """One CCP measurement, with the limits of the plan in force it was judged by (inserted raw, by COPY on
    PostgreSQL; never changed — a correction is a new reading)."""

    enterprise_id = models.BigIntegerField()
    batch = models.ForeignKey(ReadingBatch, on_delete=models.PROTECT, related_name="readings")
    ccp = models.ForeignKey(
        CCP, on_delete=models.PROTECT, related_name="readings", db_index=False, db_constraint=False
    )
    production_batch_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField(_("监控时间"))
    value = models.FloatField(_("测得值"))
    limit_min = models.FloatField(_("下限"), null=True, blank=True)
    limit_max = models.FloatField(_("上限"), null=True, blank=True)
    within = models.BooleanField(_("符合限值"))
    period_key = models.CharField(max_length=24)
    by = models.CharField(_("监控人"), max_length=100, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("关键控制点监控读数")
        indexes = [
            models.Index(fields=["ccp", "period_key"], name="haccp_reading_period"),
            models.Index(fields=["ccp", "at"], name="haccp_reading_ccp_at"),
        ]


class DeviationKind(models.TextChoices):
    OUT_OF_LIMIT = "out_of_limit", _("超出关键限值")
    MISSING = "missing", _("漏测（未按频次监控）")


class Disposition(models.TextChoices):
    RELEASE = "release", _("评估合格，解除暂扣")
    REWORK = "rework", _("返工后重新检验")
    DESTROY = "destroy", _("销毁")


class Deviation(RegulatedModel):
    """A CCP deviation; open until its corrective action and disposition are recorded (that lifts holds)."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    ccp = models.ForeignKey(CCP, on_delete=models.PROTECT, related_name="deviations")
    kind = models.CharField(_("偏离类型"), max_length=16, choices=DeviationKind.choices)
    period_key = models.CharField(_("周期"), max_length=24, blank=True)
    production_batch = models.ForeignKey(
        "production.Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"))
    last_at = models.DateTimeField(_("最近时间"))
    readings = models.PositiveIntegerField(_("超限读数"), default=0)
    worst = models.FloatField(_("最偏离值"), null=True, blank=True)
    title = models.CharField(_("偏离"), max_length=300)
    finding = models.OneToOneField(
        "findings.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    corrective_action = models.TextField(_("纠偏措施"), blank=True)
    disposition = models.CharField(_("处置"), max_length=12, choices=Disposition.choices, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ledger_untracked_fields = frozenset({"last_at", "readings", "worst"})  # moved with each reading batch

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("关键控制点偏离")
        constraints = [
            models.UniqueConstraint(
                fields=["ccp", "period_key"], condition=models.Q(kind="missing"), name="haccp_missing_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ChangeKind(models.TextChoices):
    RECIPE = "recipe", _("配方调整")
    PROCESS = "process", _("工艺流程调整")
    EQUIPMENT = "equipment", _("关键设备调整")


class Change(RegulatedModel):
    """第二十六条: a change of recipe, process or key equipment; no batch of the product until reviewed."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("变更类型"), max_length=12, choices=ChangeKind.choices)
    description = models.CharField(_("变更内容"), max_length=300)
    changed_on = models.DateField(_("变更日期"), validators=[past_date_validator])
    reviewed_version = models.ForeignKey(
        PlanVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("变更")


class PlanProduct(RegulatedModel):
    """A further product of a family plan (the plan's own `product` is the first): one process flow and
    the same rule hazards, so one plan covers them all; a product is covered by one plan only."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="members")
    product = models.OneToOneField("production.Product", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan_id", "pk"]
        verbose_name = _("计划覆盖的产品")


class Verification(RegulatedModel):
    """A CCP's verification activity done (GB/T 27341 验证): what was checked, the result, the evidence
    (workflow.evidence), signed by a member of the plan's HACCP team (content + SHA-256 frozen); it
    completes the verification duty and schedules the next one."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="verifications")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    ccp = models.ForeignKey(CCP, on_delete=models.PROTECT, related_name="verifications")
    obligation = models.OneToOneField("obligations.Obligation", on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("验证日期"), validators=[past_date_validator])
    conforms = models.BooleanField(_("验证结论：符合"))
    summary = models.CharField(_("验证内容及结果"), max_length=500)
    action = models.CharField(_("不符合时的措施"), max_length=300, blank=True)
    evidence = models.ForeignKey("evidence.EvidenceFile", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签署时间"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = _("关键控制点验证")
