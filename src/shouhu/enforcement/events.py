"""Enforcement's ledger actions (`enforcement.<entity>.<verb>`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class EnforcementAction(Action):
    CASE_REGISTER = "enforcement.case.register", _("登记案件线索")
    CASE_FILE = "enforcement.case.file", _("立案")
    CASE_REFUSE = "enforcement.case.refuse", _("不予立案")
    CASE_EVIDENCE = "enforcement.case.evidence", _("收集证据")
    CASE_NOTICE = "enforcement.case.notice", _("送达行政处罚告知书")
    CASE_CLOCK = "enforcement.case.clock", _("中止或恢复计时")
    CASE_REVIEW = "enforcement.case.review", _("法制审核")
    CASE_DECIDE = "enforcement.case.decide", _("作出行政处罚决定")
    CASE_EXECUTE = "enforcement.case.execute", _("执行完毕")
    CASE_CLOSE = "enforcement.case.close", _("结案")
    CASE_REFER = "enforcement.case.refer", _("移送公安机关")
    CASE_ANNUL = "enforcement.case.annul", _("撤销行政处罚决定")
    CASE_PUBLISH = "enforcement.case.publish", _("公示行政处罚信息")
    LIST_ADD = "enforcement.list.add", _("列入严重违法失信名单")
    LIST_REMOVE = "enforcement.list.remove", _("移出严重违法失信名单")
    REPAIR_APPLY = "enforcement.repair.apply", _("申请信用修复")
    REPAIR_DECIDE = "enforcement.repair.decide", _("信用修复决定")
    TYPICAL_PUBLISH = "enforcement.typical.publish", _("发布典型案例")
