"""Contract oversight's ledger actions (`contract.<entity>.<verb>`), each with its label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class ContractAction(Action):
    AGREEMENT_CREATE = "contract.agreement.create", _("登记委托生产范围与质量责任")
    AGREEMENT_STATE = "contract.agreement.state", _("委托生产状态变更")
    QUALIFICATION_START = "contract.qualification.start", _("开始受托方资质审核")
    QUALIFICATION_DECIDE = "contract.qualification.decide", _("受托方资质审核结论")
    AUDIT_OPEN = "contract.audit.open", _("委托方现场审核")
    RUN_RECORD = "contract.run.record", _("登记委托生产批次")
    RUN_DECIDE = "contract.run.decide", _("委托方放行决定")
    LABEL_REVIEW = "contract.label.review", _("委托生产标签核对")
