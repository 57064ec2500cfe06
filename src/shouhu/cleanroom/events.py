"""Clean-room monitoring's ledger actions (`cleanroom.<entity>.<verb>`), each with its label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class CleanroomAction(Action):
    ZONE_CREATE = "cleanroom.zone.create", _("登记作业区")
    ROOM_CREATE = "cleanroom.room.create", _("登记房间")
    LINE_CREATE = "cleanroom.line.create", _("登记生产线")
    PLAN_CREATE = "cleanroom.plan.create", _("按表9建立监测计划")
    LIMIT_SET = "cleanroom.plan.limit", _("设定内控限值")
    READINGS_RECORD = "cleanroom.readings.record", _("记录监测读数")
    DEVIATION_OPEN = "cleanroom.deviation.open", _("监测偏离")
    REPORT_RECORD = "cleanroom.report.record", _("记录第三方检测报告")
    CHANGE_RECORD = "cleanroom.change.record", _("记录重大改造")
    BATCH_ZONE = "cleanroom.batch.zone", _("记录批次生产区域")
