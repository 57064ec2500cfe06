"""Targeting's ledger actions (`targeting.<entity>.<verb>`), each with its label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class TargetingAction(Action):
    MODEL_TRAIN = "targeting.model.train", _("训练并评估风险靶向模型")
