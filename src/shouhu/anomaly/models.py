"""Detector runs and their alerts; an alert keeps its evidence, score, explanation and triage outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import any_date_validator
from shouhu.core.models import RegulatedModel

from .detectors import DETECTORS


class Trigger(models.TextChoices):
    NIGHTLY = "nightly", _("每晚运行")
    ON_DEMAND = "on_demand", _("按需运行")
    PUSH = "push", _("推送后运行")


class Run(models.Model):
    """One pass of every detector over a day's pushes (operational, like the risk runs' timing)."""

    day = models.DateField(_("检测日期"), validators=[any_date_validator])
    division_code = models.CharField(_("辖区代码"), max_length=6, blank=True)  # "" = every jurisdiction
    trigger = models.CharField(_("触发方式"), max_length=16, choices=Trigger.choices)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    seconds = models.FloatField(_("用时（秒）"), default=0)
    enterprises = models.PositiveIntegerField(_("企业数"), default=0)
    counts = models.JSONField(_("各检测器线索数"), default=dict)
    actor_label = models.CharField(_("运行人"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("异常检测运行")

    def __str__(self) -> str:
        return f"{self.day} {self.trigger}"


DETECTOR_CHOICES = [(name, _(d.label)) for name, d in DETECTORS.items()]


class State(models.TextChoices):
    OPEN = "open", _("待研判")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("已排除")


class Outcome(models.TextChoices):
    CLUE = "clue", _("转为案件线索")
    RECTIFICATION = "rectification", _("责令整改")
    DISMISSED = "dismissed", _("排除")


class Alert(RegulatedModel):
    """What a detector found about one enterprise on one day, with the rows that show it."""

    run = models.ForeignKey(Run, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    detector = models.CharField(_("检测器"), max_length=32, choices=DETECTOR_CHOICES)
    day = models.DateField(_("检测日期"), validators=[any_date_validator])
    key = models.CharField(max_length=120, unique=True)  # detector:enterprise:day — one alert, not one a run
    score = models.FloatField(_("分值"))
    message = models.CharField(max_length=300)  # the msgid; `params` fill it
    params = models.JSONField(default=dict)
    explanation_zh = models.TextField(_("说明"))
    explanation_en = models.TextField(blank=True)
    evidence = models.JSONField(_("证据"), default=list)
    rule_id = models.CharField(_("规则编号"), max_length=100, blank=True)
    citation = models.CharField(_("依据"), max_length=300, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.OPEN)
    outcome = models.CharField(_("研判结果"), max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField(_("研判说明"), blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_by_label = models.CharField(_("研判人"), max_length=200, blank=True)
    triaged_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    clue_id = models.BigIntegerField(null=True, blank=True)
    finding_id = models.BigIntegerField(null=True, blank=True)
    rectification_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-score", "id"]
        verbose_name = _("异常线索")
        indexes = [models.Index(fields=["division_code", "state", "day"], name="alert_division_state_idx")]

    def __str__(self) -> str:
        return f"{self.detector} {self.day}"
