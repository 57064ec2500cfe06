"""Checklists' ledger actions (`checklists.<entity>.<verb>`), each with its label for pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class ChecklistAction(Action):
    TEMPLATE_CREATE = "checklists.template.create", _("建立检查表")
    TEMPLATE_ITEMS = "checklists.template.items", _("检查表项目")
    RUN_OPEN = "checklists.run.open", _("开始检查")
    RESULT_RECORD = "checklists.result.record", _("检查项目评分")
    RUN_CONCLUDE = "checklists.run.conclude", _("检查结论")
    SIGNATURE_SIGN = "checklists.signature.sign", _("签字")
    SIGNATURE_REFUSE = "checklists.signature.refuse", _("拒绝签字")
