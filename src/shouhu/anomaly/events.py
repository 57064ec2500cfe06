"""Anomaly ledger actions (core.events)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class AnomalyAction(Action):
    ALERT_RAISE = "anomaly.alert.raise", _("发现异常线索")
    ALERT_CONFIRM = "anomaly.alert.confirm", _("确认异常线索")
    ALERT_DISMISS = "anomaly.alert.dismiss", _("排除异常线索")
