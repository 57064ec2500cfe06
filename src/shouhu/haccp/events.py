"""HACCP's ledger actions (`haccp.<entity>.<verb>`), each with its label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class HaccpAction(Action):
    PLAN_CREATE = "haccp.plan.create", _("建立HACCP计划")
    TEAM_ADD = "haccp.team.add", _("加入HACCP小组")
    VERSION_DRAFT = "haccp.version.draft", _("起草HACCP计划新版本")
    STEP_ADD = "haccp.step.add", _("增加工艺步骤")
    HAZARD_ADD = "haccp.hazard.add", _("增加危害")
    HAZARD_DECIDE = "haccp.hazard.decide", _("记录关键控制点判断")
    CCP_SET = "haccp.ccp.set", _("设定关键控制点")
    VERSION_SIGN = "haccp.version.sign", _("签署HACCP计划")
    FLOW_CHECK = "haccp.flow.check", _("现场验证工艺流程图")
    STANDARD_SET = "haccp.standard.set", _("设定企业内控标准")
    READINGS_RECORD = "haccp.readings.record", _("记录关键控制点监控读数")
    DEVIATION_OPEN = "haccp.deviation.open", _("关键控制点偏离")
    DEVIATION_CLOSE = "haccp.deviation.close", _("偏离纠偏并处置")
    CHANGE_RECORD = "haccp.change.record", _("记录配方、工艺或关键设备变更")
    PLAN_MIGRATE = "haccp.plan.migrate", _("由产品关键限值迁移HACCP计划")
    FAMILY_ADD = "haccp.family.add", _("产品纳入HACCP计划（产品类别）")
    VERIFICATION_RECORD = "haccp.verification.record", _("记录关键控制点验证")
