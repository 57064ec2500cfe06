"""Inspection's ledger actions (`inspection.<entity>.<verb>`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class InspectionAction(Action):
    INSPECTION_CREATE = "inspection.inspection.create", _("安排监督检查")
    MEMBER_ADD = "inspection.member.add", _("指派检查人员")
    INSPECTION_START = "inspection.inspection.start", _("开始现场检查")
    INSPECTION_CONCLUDE = "inspection.inspection.conclude", _("作出检查结论")
    FOLLOWUP_CREATE = "inspection.followup.create", _("记录不符合项处理")
    INSPECTION_SIGNED = "inspection.inspection.signed", _("检查结果记录表签字完成")
    INSPECTION_PUBLISH = "inspection.inspection.publish", _("公开检查结果")
    MEMBER_ASSIGN = "inspection.member.assign", _("分配检查项目负责人")
    EXAM_START = "inspection.exam.start", _("现场发起管理人员抽查考核")
