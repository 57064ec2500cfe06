"""Obligation ledger actions (`obligations.<entity>.<verb>`), each with its label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class ObligationAction(Action):
    OBLIGATION_CREATE = "obligations.obligation.create", _("设立待办事项")
    OBLIGATION_COMPLETE = "obligations.obligation.complete", _("完成待办事项")
    OBLIGATION_PAUSE = "obligations.obligation.pause", _("中止计时")
    OBLIGATION_RESUME = "obligations.obligation.resume", _("恢复计时")
    OBLIGATION_EXTEND = "obligations.obligation.extend", _("延长期限")
    OBLIGATION_ESCALATE = "obligations.obligation.escalate", _("逾期升级")
    OBLIGATION_RECOMPUTE = "obligations.obligation.recompute", _("按工作日历重算期限")
    SCHEDULE_CREATE = "obligations.schedule.create", _("设立周期性义务")
    SCHEDULE_PAUSE = "obligations.schedule.pause", _("登记停产（暂停生成）")
