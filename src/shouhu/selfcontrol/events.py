"""Self-control's ledger actions (`selfcontrol.<entity>.<verb>`), each with its label for pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class SelfcontrolAction(Action):
    LIST_CREATE = "selfcontrol.risklist.create", _("生成风险管控清单")
    LIST_REVISE = "selfcontrol.risklist.revise", _("修订风险管控清单")
    DAILY_RECORD = "selfcontrol.dailycheck.record", _("提交每日食品安全检查记录")
    DAILY_CORRECT = "selfcontrol.dailycheck.correct", _("更正每日食品安全检查记录")
    REPORT_FILE = "selfcontrol.report.file", _("提交周排查报告或月调度纪要")
    STOP_RECORD = "selfcontrol.stop.record", _("记录停产")
    STOP_RESUME = "selfcontrol.stop.resume", _("记录复产")
    DESIGNATE = "selfcontrol.designation.create", _("指定履行总监职责的人员")
    PLAN_SET = "selfcontrol.inspectionplan.set", _("设定自查周期")
    SI_OPEN = "selfcontrol.selfinspection.open", _("开始自查")
    SI_SUBMIT = "selfcontrol.selfinspection.submit", _("提交自查报告")
