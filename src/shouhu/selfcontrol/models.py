"""The risk-control list and its versions, daily records, weekly reports and monthly minutes, stops.

Regulated rows, never deleted. A list version is frozen once written (a change is a new version, so every
version is kept and two can be diffed); a daily record is one per enterprise and day, a correction a new
version pointing at the one it corrects; a stop covers whole days and suspends the routine for them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import any_date_validator, past_date_validator
from shouhu.core.models import RegulatedModel


class Frequency(models.TextChoices):
    DAILY = "daily", _("每日")
    WEEKLY = "weekly", _("每周")
    MONTHLY = "monthly", _("每月")


class RiskList(RegulatedModel):
    """风险管控清单: one per enterprise, its content in versions."""

    enterprise = models.OneToOneField("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    adopted_on = models.DateField(_("启用日期"), validators=[past_date_validator])
    current = models.PositiveIntegerField(_("现行版本"), default=1)

    class Meta:
        verbose_name = _("风险管控清单")

    def __str__(self) -> str:
        return f"{self.enterprise_id} v{self.current}"


class RiskListVersion(RegulatedModel):
    """One version of the list: its points as written (frozen) and the kernel template of its daily points.

    `points`: [{point_id, group, group_label, title, measures, owner_role, frequency, citation, rule_id,
    retired}] — a retired point stays in the version (marked), so history shows when it left.
    """

    risk_list = models.ForeignKey(RiskList, on_delete=models.PROTECT, related_name="versions")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("版本"))
    points = models.JSONField(_("风险点"))
    reason = models.CharField(_("修订说明"), max_length=300)
    template = models.ForeignKey(
        "checklists.ChecklistTemplate", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by_label = models.CharField(_("修订人"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("修订时间"), auto_now_add=True)

    class Meta:
        ordering = ["risk_list_id", "-number"]
        verbose_name = _("风险管控清单版本")
        constraints = [
            models.UniqueConstraint(fields=["risk_list", "number"], name="selfcontrol_version_once")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    def live_points(self, frequency: str | None = None) -> list[dict]:
        return [
            p
            for p in self.points
            if not p.get("retired") and (frequency is None or p.get("frequency") == frequency)
        ]


class Severity(models.TextChoices):
    MINOR = "minor", _("轻微（当场纠正）")
    MAJOR = "major", _("一般（限期整改）")
    CRITICAL = "critical", _("严重（事故隐患）")


class DailyCheck(RegulatedModel):
    """《每日食品安全检查记录》: one per production day (a correction is a new version of that day's record)."""

    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("检查日期"), validators=[past_date_validator])
    revision = models.PositiveSmallIntegerField(_("版次"), default=1)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    current = models.BooleanField(_("现行"), default=True)
    list_version = models.ForeignKey(RiskListVersion, on_delete=models.PROTECT, related_name="+")
    checked = models.PositiveSmallIntegerField(_("检查风险点数"))
    problems = models.JSONField(_("发现问题"), default=list, blank=True)
    zero_risk = models.BooleanField(_("零风险"), default=True)
    hazard = models.BooleanField(_("事故隐患"), default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_by_name = models.CharField(_("检查人"), max_length=100)
    reason = models.CharField(_("更正原因"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        ordering = ["enterprise_id", "-day", "-revision"]
        verbose_name = _("每日食品安全检查记录")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "day", "revision"], name="selfcontrol_daily_once")
        ]
        indexes = [models.Index(fields=["enterprise", "current", "day"], name="selfcontrol_daily_idx")]

    def __str__(self) -> str:
        return f"RK{self.day:%Y%m%d}-{self.enterprise_id}" + (
            f"-{self.revision}" if self.revision > 1 else ""
        )


class ReportKind(models.TextChoices):
    WEEKLY = "weekly", _("每周食品安全排查治理报告")
    MONTHLY = "monthly", _("每月食品安全调度会议纪要")


class Report(RegulatedModel):
    """周排查 report or 月调度 minutes: pre-filled from the period's records, signed by the role that owes it."""

    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=ReportKind.choices)
    starts_on = models.DateField(_("起始日期"), validators=[past_date_validator])
    ends_on = models.DateField(_("截止日期"), validators=[past_date_validator])
    summary = models.JSONField(_("本期情况"))
    body = models.TextField(_("排查治理情况/会议内容"))
    priorities = models.TextField(_("下期工作重点"), blank=True)
    signer_role = models.CharField(_("签字角色"), max_length=64)
    signature = models.ForeignKey(
        "checklists.Signature", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        ordering = ["enterprise_id", "kind", "-starts_on"]
        verbose_name = _("周排查报告与月调度纪要")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "starts_on"], name="selfcontrol_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m-%d}"


class ProductionStop(RegulatedModel):
    """停产 (附件1 #16): whole days with their reason; the routine is suspended for them. Open until resumed."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("停产日期"), validators=[past_date_validator])
    ends_on = models.DateField(_("复产前最后停产日"), null=True, blank=True, validators=[any_date_validator])
    reason = models.CharField(_("停产原因"), max_length=300)
    hazard = models.BooleanField(_("因事故隐患停产"), default=False)
    record_id = models.BigIntegerField(_("附件1记录"), null=True, blank=True)  # production.Record #16
    resume_record_id = models.BigIntegerField(_("复产记录"), null=True, blank=True)
    resume_note = models.CharField(_("复产时设备设施安全控制"), max_length=300, blank=True)

    class Meta:
        ordering = ["enterprise_id", "-starts_on"]
        verbose_name = _("停复产记录")

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on or '…'} {self.reason}"


class Designation(RegulatedModel):
    """Where no director is required, the officer the principal designates to do the director's part."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    designated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("总监职责指定")

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.user_id}"


class MonthTally(models.Model):
    """Pre-aggregated daily records: one row per enterprise and month (derived, not a regulated record).

    `recorded` counts the month's current daily records, `zero_risk` those without a problem. Kept by the
    daily-record service in the same transaction as the record or its correction (`tally.bump`), checked
    against the records by `shouhu audit verify` (`selfcontrol.tally`), so the county's completion view
    reads 12 rows per enterprise and year instead of 365. Days owed need no tally: they are interval
    arithmetic over the stops, and a stop cannot cover a recorded day's duty twice.
    """

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"), validators=[any_date_validator])  # the 1st
    recorded = models.PositiveIntegerField(_("已记天数"), default=0)
    zero_risk = models.PositiveIntegerField(_("零风险天数"), default=0)

    class Meta:
        verbose_name = _("日管控月度汇总")
        constraints = [models.UniqueConstraint(fields=["enterprise", "month"], name="selfcontrol_tally_once")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.month:%Y-%m}: {self.recorded}"


class InspectionPlan(RegulatedModel):
    """The enterprise's own choice of how often it self-inspects (细则 第六十五条; no national minimum was
    found: rule data `selfcontrol.self-inspection-months` [check] is the default offered). A change is a
    new row, the old one no longer current, so the county sees when and by whom each choice was made."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    months = models.PositiveSmallIntegerField(_("自查周期（月）"))
    starts_on = models.DateField(_("首个周期起始日"), validators=[any_date_validator])
    default_months = models.PositiveSmallIntegerField(_("规则默认周期（月）"))
    rule_id = models.CharField(_("依据参数"), max_length=120, default="selfcontrol.self-inspection-months")
    current = models.BooleanField(_("现行"), default=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_by_label = models.CharField(_("设定人"), max_length=200)
    chosen_at = models.DateTimeField(_("设定时间"), auto_now_add=True)

    class Meta:
        ordering = ["enterprise_id", "-pk"]
        verbose_name = _("自查周期设定")

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.months}"


class SelfInspection(RegulatedModel):
    """自查报告: one period's self-inspection against the 细则 checklist for the enterprise's varieties.

    The checklist is a kernel template from the rules (the generator licensing uses) and its results a
    kernel run; shortfalls are kernel findings (self-found) rectified through the kernel. On submission
    the report is frozen (`data`: items, results, findings) and goes to the county as PDF and data.
    """

    class State(models.TextChoices):
        OPEN = "open", _("自查中")
        SUBMITTED = "submitted", _("已提交")

    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("周期起始日"), validators=[any_date_validator])
    ends_on = models.DateField(_("周期截止日"), validators=[any_date_validator])
    due_on = models.DateField(_("应提交日期"), validators=[any_date_validator])
    months = models.PositiveSmallIntegerField(_("自查周期（月）"))
    template = models.ForeignKey("checklists.ChecklistTemplate", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey("checklists.ChecklistRun", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN)
    conclusion = models.TextField(_("自查结论"), blank=True)
    data = models.JSONField(_("报告数据"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by_label = models.CharField(_("提交人"), max_length=200, blank=True)

    class Meta:
        ordering = ["enterprise_id", "-starts_on"]
        verbose_name = _("自查报告")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "starts_on"], name="selfcontrol_selfinspection_once"
            )
        ]

    def __str__(self) -> str:
        return f"ZC{self.starts_on:%Y%m}-{self.enterprise_id}"

    @property
    def late(self) -> bool:
        return self.submitted_at is not None and timezone.localdate(self.submitted_at) > self.due_on
