"""Registry ledger actions (core.events): `registry.<entity>.<verb>`, each with its label.

The third value is the name entries were written under before issue 10; ledgers keep the name they were
hashed with, so those entries still get their label. `create_record`'s implicit `<model>.create` names are
members here too: every registry write passes one of these.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class RegistryAction(Action):
    ENTERPRISE_CREATE = "registry.enterprise.create", _("登记企业"), "enterprise.create"
    # the first entry of the enterprise's own chain, so its records verify on their own
    ENTERPRISE_REGISTER = "registry.enterprise.register", _("企业建档"), "enterprise.register"
    ENTERPRISE_UPDATE = "registry.enterprise.update", _("修改企业信息"), "enterprise.update"
    SITE_CREATE = "registry.site.create", _("登记生产场所"), "site.create"
    LICENCE_REGISTER = "registry.licence.register", _("登记许可证"), "licence.register"
    LICENCE_ITEM_CREATE = "registry.licence_item.create", _("登记许可品种"), "licence_item.create"
    LICENCE_SET_STATUS = "registry.licence.set_status", _("变更许可状态"), "licence.status"
    LICENCE_UPDATE = "registry.licence.update", _("更正许可证信息"), "licence.update"
    PERSON_CREATE = "registry.person.create", _("登记人员"), "person.create"
    PERSON_UPDATE = "registry.person.update", _("修改人员信息"), "person.update"
    PERSON_LOGIN = "registry.person.login", _("关联登录账号")
    TRAINING_CREATE = "registry.training.create", _("登记培训"), "training.create"
    CONTRACT_CREATE = (
        "registry.contract.create",
        _("登记委托生产"),
        "contract.create",
        "contractmanufacturing.create",
    )
    CONTRACT_CONFIRM = "registry.contract.confirm", _("受托方确认委托生产")
    CONTRACT_DECLINE = "registry.contract.decline", _("受托方拒绝委托生产")
