"""Findings' ledger actions (`findings.<entity>.<verb>`), each with its label for pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class FindingAction(Action):
    FINDING_ISSUE = "findings.finding.issue", _("发现问题")
    FINDING_CLOSE = "findings.finding.close", _("问题闭环")
    RECTIFICATION_OPEN = "findings.rectification.open", _("责令整改")
    RECTIFICATION_ANSWER = "findings.rectification.answer", _("提交整改")
    RECTIFICATION_ACCEPT = "findings.rectification.accept", _("整改验收通过")
    RECTIFICATION_RETURN = "findings.rectification.return", _("整改退回")
    RECTIFICATION_RECHECK = "findings.rectification.recheck", _("安排复查")
