"""The command view's own tables: pre-aggregated snapshots of every capability's figures, per county.

It owns no regulated data: a snapshot is a derived reading of the other apps (through their selectors),
taken by the schedule (`tasks.snapshot`, the `command-snapshot` management command). Figures are read
per county-level division and rolled up (city, province, all) when written; a rate keeps its numerator
and denominator as two figures. A snapshot is never changed after it is complete; after two days the
hourly ones are thinned to the last of each day (the trend's points; `services.snapshot_prune`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator


class Snapshot(models.Model):
    taken_at = models.DateTimeField(_("统计时间"), db_index=True)
    as_of = models.DateField(_("统计日期"), validators=[past_date_validator])
    complete = models.BooleanField(_("已完成"), default=False)
    trigger = models.CharField(_("触发方式"), max_length=16, default="schedule")
    seconds = models.FloatField(_("耗时（秒）"), default=0)
    # keys of the capabilities whose reads failed (shown as absent, never as zero)
    failed = models.JSONField(_("读取失败的能力"), default=list, blank=True)

    class Meta:
        ordering = ["-taken_at", "-pk"]
        verbose_name = _("统计快照")

    def __str__(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M}"


LEVELS = ("county", "city", "province", "all")


class Figure(models.Model):
    """One figure of one division: counties as read, cities, provinces and the whole platform (code "")
    rolled up when the snapshot is written, so a page reads its own row and its children's, never sums."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="figures")
    level = models.CharField(_("层级"), max_length=8, default="county")
    division_code = models.CharField(_("辖区代码"), max_length=6, blank=True)
    key = models.CharField(_("指标"), max_length=40)
    value = models.BigIntegerField(_("数值"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "level", "division_code", "key"], name="command_figure_unique"
            )
        ]
        indexes = [models.Index(fields=["snapshot", "level", "division_code"], name="command_fig_snap_div")]

    def __str__(self) -> str:
        return f"{self.division_code} {self.key}={self.value}"


class Brief(models.Model):
    """A weekly brief (PDF) of one jurisdiction as of one snapshot, made by a background job."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="briefs")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    pdf = models.BinaryField(_("PDF"))
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.division_code} {self.created_at:%Y-%m-%d}"
