"""Licensing ledger actions, each with its label (core.events): `licensing.<entity>.<verb>`.

The third value of a member is a name written by earlier versions; entries already hashed into a ledger
keep that name, and pages still show their label. Licence changes a decision makes (renewal, new
varieties) are licensing's acts on a registry record, so they carry licensing names.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class LicensingAction(Action):
    # The applicant
    APPLICATION_CREATE = "licensing.application.create", _("新建许可申请")
    APPLICATION_UPDATE = "licensing.application.update", _("修改许可申请")
    APPLICATION_SUBMIT = "licensing.application.submit", _("提交许可申请")
    PRODUCT_ADD = "licensing.product.add", _("添加申请品种")
    EQUIPMENT_ADD = "licensing.equipment.add", _("添加设备")
    STAFF_ADD = "licensing.staff.add", _("添加人员")
    ZONE_ADD = "licensing.zone.add", _("添加作业区")
    DOCUMENT_UPLOAD = "licensing.document.upload", _("上传申请材料")
    TRIAL_REPORT_ADD = "licensing.trial_report.add", _("录入试制产品检验报告")
    # Document review
    REVIEW_START = "licensing.review.start", _("开始书面审查")
    REVIEW_OPEN = "licensing.review.open", _("新一轮书面审查"), "licensing.review.round"
    REVIEW_MARK = "licensing.review.mark", _("标记审查项目")
    REVIEW_RETURN = "licensing.review.return", _("书面审查退回补正")
    REVIEW_ACCEPT = "licensing.review.accept", _("书面审查通过")
    APPLICATION_RETURN = "licensing.application.return", _("退回补正")
    APPLICATION_ACCEPT = "licensing.application.accept", _("受理申请")
    # On-site verification
    VERIFICATION_ASSIGN = "licensing.verification.assign", _("派发现场核查")
    VERIFICATION_CREATE = "licensing.verification.create", _("建立现场核查")
    CHECKLIST_GENERATE = "licensing.checklist.generate", _("生成现场核查表")
    INSPECTOR_ASSIGN = (
        "licensing.inspector.assign",
        _("指派核查人员"),
        "licensing.verification.inspector",
    )
    ITEM_SCORE = "licensing.item.score", _("核查项目评分")
    ITEMS_SCORE = "licensing.items.score", _("核查项目批量评分")
    ITEM_NOT_APPLICABLE = "licensing.item.not_applicable", _("核查项目标记为不适用")
    VERIFICATION_SIGN = "licensing.verification.sign", _("核查人员签字")
    VERIFICATION_APPLICANT_SIGN = "licensing.verification.applicant_sign", _("申请人签字或拒签")
    VERIFICATION_CONCLUDE = "licensing.verification.conclude", _("作出核查结论")
    APPLICATION_VERIFIED = "licensing.application.verified", _("记录核查结论")
    # Decision
    APPLICATION_APPROVE = "licensing.application.approve", _("准予许可")
    APPLICATION_REJECT = "licensing.application.reject", _("不予许可")
    DECISION_EXTEND = "licensing.decision.extend", _("延长决定期限")
    LICENCE_RENEW = "licensing.licence.renew", _("延续许可证"), "licence.renew"
    LICENCE_ITEM_ADD = "licensing.licence_item.add", _("变更许可增加品种")
    # Continuing compliance
    RECTIFICATION_CREATE = "licensing.rectification.create", _("下达整改任务")
    RECTIFICATION_SUBMIT = "licensing.rectification.submit", _("提交整改")
    RECTIFICATION_CLOSE = "licensing.rectification.close", _("整改验收通过")
    RECTIFICATION_REOPEN = "licensing.rectification.reopen", _("整改退回")
    CONDITIONS_RECORD = "licensing.conditions.record", _("记录现有生产条件")
    # Data migrations (issue 11.1): a row's file became kernel evidence; the row now names that record
    EVIDENCE_MIGRATE = "licensing.evidence.migrate", _("文件并入证据文件")
