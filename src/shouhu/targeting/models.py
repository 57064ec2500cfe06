"""Learned risk targeting: each trained model version with its evaluation, and the ranking it produced.

`ModelVersion` is a regulated record (the ledger keeps who trained it, on what history, how it measured and
whether it was promoted); its parameters are plain numbers (see `learn.Model`), never a pickle. `Ranking`
rows are derived from a version and the history of its day and rewritten in bulk with it: a plain model,
like risk's `RiskProfile`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator
from shouhu.core.models import RegulatedModel


class Decision(models.TextChoices):
    PROMOTED = "promoted", _("已启用：优于仅按等级排序")
    BELOW_GRADE = "below_grade", _("未启用：未能证明优于仅按等级排序")
    NO_EVALUATION = "no_evaluation", _("未启用：历史数据不足，无法评估")


class ModelVersion(RegulatedModel):
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    version = models.CharField(_("模型版本"), max_length=40, unique=True)
    algorithm = models.CharField(_("算法"), max_length=40)
    trained_on = models.DateField(_("训练日期"), validators=[past_date_validator])
    cutoff = models.DateField(_("评估切分日期"), validators=[past_date_validator])
    params = models.JSONField(_("模型参数"), default=dict)
    train_rows = models.PositiveIntegerField(_("训练样本数"), default=0)
    train_serious = models.PositiveIntegerField(_("训练样本中严重问题数"), default=0)
    evaluation = models.JSONField(_("评估结果"), default=dict)
    lift = models.FloatField(_("相对仅按等级排序的提升倍数"), null=True, blank=True)
    lift_low = models.FloatField(_("提升倍数置信下限"), null=True, blank=True)
    lift_high = models.FloatField(_("提升倍数置信上限"), null=True, blank=True)
    decision = models.CharField(_("启用决定"), max_length=16, choices=Decision.choices)
    promoted = models.BooleanField(_("已启用"), default=False, db_index=True)
    trigger = models.CharField(_("触发方式"), max_length=16, default="schedule")

    class Meta:
        ordering = ["-trained_on", "-pk"]

    def __str__(self) -> str:
        return self.version


class Ranking(models.Model):
    """One enterprise's place in a version's ranking, with its probability and its top contributions."""

    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="rankings")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("辖区代码"), max_length=6, db_index=True)
    rank = models.PositiveIntegerField(_("排序"))
    probability = models.FloatField(_("发现严重问题的概率"))
    level = models.CharField(_("风险等级"), max_length=1, blank=True)
    score = models.FloatField(_("得分"), default=0)
    contributions = models.JSONField(_("主要影响因素"), default=list)

    class Meta:
        ordering = ["version", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["version", "enterprise"], name="targeting_ranking_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}#{self.rank}:{self.enterprise_id}"
