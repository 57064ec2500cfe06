"""Trace's ledger actions (`trace.recall.<verb>`), each with its label; third values are the pre-issue-10 names."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class TraceAction(Action):
    RECALL_START = "trace.recall.start", _("启动召回"), "recall.start"
    RECALL_NOTIFY = "trace.recall.notify", _("通知购货者"), "recall.notify"
    RECALL_RECOVER = "trace.recall.recover", _("登记召回数量"), "recall.recover"
    RECALL_REPORT = "trace.recall.report", _("向监管部门报告召回"), "recall.report"
    RECALL_SUPERVISE = "trace.recall.supervise", _("监管部门监督召回"), "recall.supervise"
    RECALL_COMPLETE = "trace.recall.complete", _("召回完成"), "recall.complete"
    RECALL_REQUIRE_CORRECTION = "trace.recall.require_correction", _("监管部门责令改正召回")
    RECALL_ACCEPT_CLOSING = "trace.recall.accept_closing", _("监管部门验收召回总结报告")
