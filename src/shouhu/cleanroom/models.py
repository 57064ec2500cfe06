"""Clean-room environmental monitoring (细则第五十八条, 表9; 附件1 #20 洁净区监测记录).

The enterprise's premises: zones (作业区) of a site with their grade (清洁/准清洁/一般, from the licence's
zoning 表2–4), their rooms and production lines. A clean zone has a monitoring plan (one `PlanItem` per row
of 表9 that applies, with the limit in force and its frequency as a recurring obligation of the kernel).
Readings arrive from a phone page, the API or sensor batches: each batch is one regulated record whose
ledger entry carries the SHA-256 of its readings, so a sensor's thousands of rows are written at machine
rates and still cannot be changed unseen. Out-of-limit and missing readings are deviations, each with a
finding of the kernel (CAPA: its rectification). Batches say where they were made (`BatchZone`), so a
batch made during an open deviation is flagged to its release decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator, plan_date_validator
from shouhu.core.models import RegulatedModel


class Grade(models.TextChoices):
    CLEAN = "clean", _("清洁作业区")
    QUASI_CLEAN = "quasi_clean", _("准清洁作业区")
    GENERAL = "general", _("一般作业区")


class Zone(RegulatedModel):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(
        "registry.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("区域编号"), max_length=32)
    name = models.CharField(_("区域名称"), max_length=100)
    grade = models.CharField(_("作业区级别"), max_length=16, choices=Grade.choices)
    raw_cereal = models.BooleanField(_("生产婴幼儿生制类谷物辅助食品"), default=False)  # 表9 注1 (A)
    area_m2 = models.DecimalField(_("面积（m²）"), max_digits=10, decimal_places=2, null=True, blank=True)
    shifts_per_day = models.PositiveSmallIntegerField(_("每日班次"), default=2)
    source_zone_id = models.BigIntegerField(null=True, blank=True, unique=True)  # licensing.Zone it came from

    class Meta:
        ordering = ["enterprise_id", "grade", "code"]
        verbose_name = _("作业区")
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"], name="cleanroom_zone_code")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_grade_display()}）"


class Room(RegulatedModel):
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(_("房间"), max_length=100)
    volume_m3 = models.DecimalField(_("容积（m³）"), max_digits=10, decimal_places=2)
    vent_area_m2 = models.DecimalField(
        _("风口通风面积（m²）"), max_digits=8, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["zone_id", "name"]
        verbose_name = _("房间")
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="cleanroom_room_name")]

    def __str__(self) -> str:
        return self.name


class Line(RegulatedModel):
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="lines")
    name = models.CharField(_("生产线"), max_length=100)

    class Meta:
        ordering = ["zone_id", "name"]
        verbose_name = _("生产线")
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="cleanroom_line_name")]

    def __str__(self) -> str:
        return self.name


class PlanItem(RegulatedModel):
    """One row of 表9 for one clean zone: the limit in force (表9's or a tighter own one) and the frequency."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="plan")
    rule_id = models.CharField(_("规则编号"), max_length=120)
    quantity = models.CharField(_("监测参数"), max_length=64)
    title = models.CharField(_("监测项目"), max_length=100)
    state = models.CharField(_("状态"), max_length=8)  # static / dynamic / any
    operator = models.CharField(max_length=8)
    value = models.FloatField(_("限值"))
    value_max = models.FloatField(_("上限"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=32)
    times = models.PositiveSmallIntegerField(_("次数"))
    per = models.CharField(_("周期"), max_length=8)  # shift / week / month / year
    frequency_text = models.CharField(_("监控频次"), max_length=64)
    schedule = models.ForeignKey(
        "obligations.Schedule", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["zone_id", "rule_id"]
        verbose_name = _("监测计划项目")
        constraints = [models.UniqueConstraint(fields=["zone", "quantity"], name="cleanroom_plan_quantity")]

    def __str__(self) -> str:
        return self.title


class Source(models.TextChoices):
    PAGE = "page", _("现场录入")
    API = "api", _("系统推送")
    SENSOR = "sensor", _("传感器批量")


class ReadingBatch(RegulatedModel):
    """One push of readings (one reading from the phone page, thousands from a sensor): one ledger entry."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    sensor = models.CharField(_("传感器"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("读数条数"))
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)  # over the readings' canonical lines (selectors.batch_digest)
    out_of_limit = models.PositiveIntegerField(_("超限条数"), default=0)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("监测读数批次")


class Reading(RegulatedModel):
    """One measured value (inserted raw with its batch; never changed: a correction is a new reading)."""

    # Written at sensor rates (COPY): only the indexes the reads need (by item and time, by item and period,
    # by batch for its digest). Zone, item and room are resolved by the service inside the writing
    # transaction and are regulated rows that are never deleted, so the database does not check them again
    # per reading at commit (a deferred check per row and key was a fifth of a push's time); the batch is.
    enterprise_id = models.BigIntegerField()
    batch = models.ForeignKey(ReadingBatch, on_delete=models.PROTECT, related_name="readings")
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    item = models.ForeignKey(
        PlanItem, on_delete=models.PROTECT, related_name="readings", db_index=False, db_constraint=False
    )
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    at = models.DateTimeField(_("监测时间"))
    value = models.FloatField(_("测得值"))
    inputs = models.JSONField(_("测定输入"), default=dict, blank=True)  # S, V, A of an air-change reading
    within = models.BooleanField(_("符合限值"))
    period_key = models.CharField(max_length=16)
    month = models.CharField(max_length=7)  # the month its period is counted in (frequency compliance)
    by = models.CharField(_("监测人"), max_length=100, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("监测读数")
        indexes = [
            models.Index(fields=["item", "at"], name="cleanroom_reading_item_at"),
            models.Index(fields=["item", "period_key"], name="cleanroom_reading_period"),
        ]


class ReadingDay(models.Model):
    """Per item and local day: count, sum, min and max of its readings — derived, not a record (rebuilt from
    the readings at will), kept by the write path in the same transaction so a year's chart reads 365 rows
    instead of aggregating 50,000 readings."""

    item = models.ForeignKey(
        PlanItem, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    day = models.DateField(validators=[past_date_validator])
    n = models.PositiveIntegerField()
    total = models.FloatField()
    lo = models.FloatField()
    hi = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "day"], name="cleanroom_readingday_item_day")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.day}"


class DeviationKind(models.TextChoices):
    OUT_OF_LIMIT = "out_of_limit", _("超出限值")
    MISSING = "missing", _("漏测")


class Deviation(RegulatedModel):
    """A deviation: readings out of limit, or a period without its readings; its CAPA is the finding's."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="deviations")
    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="deviations")
    kind = models.CharField(_("偏离类型"), max_length=16, choices=DeviationKind.choices)
    period_key = models.CharField(_("周期"), max_length=16, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    last_at = models.DateTimeField(_("最近时间"))
    readings = models.PositiveIntegerField(_("超限读数"), default=0)
    worst = models.FloatField(_("最偏离值"), null=True, blank=True)
    finding = models.OneToOneField(
        "findings.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ledger_untracked_fields = frozenset({"last_at", "readings", "worst"})  # moved with each reading batch

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("监测偏离")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "period_key"],
                condition=models.Q(kind="missing"),
                name="cleanroom_missing_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item.title} {self.get_kind_display()}"


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度第三方检测报告")
    REVERIFY = "reverify", _("安装或重大改造后验证")


class Report(RegulatedModel):
    """A third-party test report of a clean zone (第五十八条), with its document."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("报告类型"), max_length=16, choices=ReportKind.choices)
    lab = models.CharField(_("检测机构"), max_length=200)
    number = models.CharField(_("报告编号"), max_length=64)
    tested_on = models.DateField(_("检测日期"), validators=[past_date_validator])
    valid_until = models.DateField(_("有效期至"), validators=[plan_date_validator])
    passed = models.BooleanField(_("符合要求"))
    evidence = models.ForeignKey("evidence.EvidenceFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-tested_on", "-pk"]
        verbose_name = _("洁净度检测报告")


class Change(RegulatedModel):
    """工艺设备安装或重大改造: the zone must be re-verified before it produces again."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="changes")
    description = models.CharField(_("改造内容"), max_length=300)
    changed_on = models.DateField(_("改造完成日期"), validators=[past_date_validator])
    restart_on = models.DateField(_("计划恢复生产日期"), validators=[plan_date_validator])

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("重大改造")


class BatchZone(RegulatedModel):
    """Where a production batch was made (its zone and line)."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    batch = models.OneToOneField("production.Batch", on_delete=models.PROTECT, related_name="+")
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="batches")
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("批次生产区域")
