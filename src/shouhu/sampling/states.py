"""The sample's states: sampled on site → received at the lab → reported."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.states import StateMachine, Transition


class SampleStatus(models.TextChoices):
    SAMPLED = "sampled", _("已抽样")
    RECEIVED = "received", _("检验机构已收样")
    REPORTED = "reported", _("已出具报告")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待抽样")
    SAMPLED = "sampled", _("已抽样")
    NO_PRODUCTION = "no_production", _("本季度未生产")


SAMPLE_FLOW = StateMachine(
    SampleStatus,
    {
        "receive": Transition(_("收样"), {SampleStatus.SAMPLED}, SampleStatus.RECEIVED),
        "report": Transition(
            _("录入检验结果"), {SampleStatus.RECEIVED, SampleStatus.REPORTED}, SampleStatus.REPORTED
        ),
    },
)
