"""Stored label checks (标签审查记录): an enterprise's pre-print checks and a regulator's listing sweeps.

Each result keeps the rule-set versions it was checked against, so a finding can be explained later even
after the rules change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import any_date_validator
from shouhu.core.models import RegulatedModel


class SweepStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class LabelSweep(RegulatedModel):
    """A regulator's sweep of online listings (网络销售标签排查, action-plan item 13)."""

    name = models.CharField(_("名称"), max_length=200)
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_filename = models.CharField(_("源文件"), max_length=255)
    as_of = models.DateField(_("检查日期"), validators=[any_date_validator])
    status = models.CharField(
        _("状态"), max_length=16, choices=SweepStatus.choices, default=SweepStatus.QUEUED
    )
    rows = models.PositiveIntegerField(_("条目数"), default=0)
    rows_with_findings = models.PositiveIntegerField(_("有问题条目"), default=0)
    rows_with_errors = models.PositiveIntegerField(_("无法检查条目"), default=0)
    summary = models.JSONField(_("汇总"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("标签排查")

    def __str__(self) -> str:
        return self.name


class LabelCheck(RegulatedModel):
    """One checked label or listing, with its findings as the checker returned them."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="label_checks"
    )
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    sweep = models.ForeignKey(
        LabelSweep, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    row = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    listing_id = models.CharField(_("条目编号"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("检查人"), max_length=200)
    title = models.CharField(_("产品名称"), max_length=200, blank=True)
    as_of = models.DateField(_("检查日期"), validators=[any_date_validator])
    source = models.CharField(_("来源"), max_length=16)  # text | fields | image
    category = models.CharField(_("类别编号"), max_length=4, blank=True)
    text = models.TextField(_("标签文字"))
    finding_count = models.PositiveIntegerField(_("问题数"), default=0)
    codes = models.JSONField(_("问题类型"), default=list, blank=True)
    result = models.JSONField(_("检查结果"), default=dict)
    error = models.JSONField(_("错误"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sweep", "row"], name="labelcheck_sweep_row")]
        verbose_name = _("标签检查")

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class SweepUpload(models.Model):
    """The uploaded listing file, kept with the sweep so the result can be reproduced."""

    sweep = models.OneToOneField(LabelSweep, on_delete=models.PROTECT, related_name="upload")
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"upload of sweep {self.sweep_id}"
