"""核查处置's ledger actions (`disposal.<entity>.<verb>`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class DisposalAction(Action):
    CASE_OPEN = "disposal.case.open", _("启动核查处置")
    CASE_SERVE = "disposal.case.serve", _("送达不合格检验结论")
    CASE_RECALL = "disposal.case.recall", _("核查处置启动召回")
    CASE_CAUSE = "disposal.case.cause", _("报告不合格原因")
    CASE_CLOSE = "disposal.case.close", _("核查处置办结")
    CASE_END = "disposal.case.end", _("核查处置终止")
    REQUEST_FILE = "disposal.request.file", _("提出复检或异议申请")
    REQUEST_DUTY = "disposal.request.duty", _("登记复检或异议的待办")
    REQUEST_DECIDE = "disposal.request.decide", _("复检结论或异议处理决定")
