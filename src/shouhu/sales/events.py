"""Sales supervision's ledger actions (`sales.<entity>.<verb>`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action


class SalesAction(Action):
    PLATFORM_CREATE = "sales.platform.create", _("登记网络交易平台")
    SELLER_CREATE = "sales.seller.create", _("登记食品经营者")
    SHOP_CREATE = "sales.shop.create", _("登记网店")
    SHOP_CLAIM = "sales.shop.claim", _("确认网店的经营者")
    LINK_PROPOSE = "sales.link.propose", _("提出购货者与经营者对应")
    LINK_DECIDE = "sales.link.decide", _("确认或否定购货者与经营者对应")
    SWEEP_LINK = "sales.sweep.link", _("排查条目对应网店")
    SWEEP_LINKED = "sales.sweep.linked", _("排查条目对应完成")
    REQUEST_SEND = "sales.request.send", _("向平台发出下架或更正要求")
    REQUEST_ANSWER = "sales.request.answer", _("记录平台答复")
    SELLER_ESCALATE = "sales.seller.escalate", _("屡犯经营者转为案件线索")
    SIGNAL_RAISE = "sales.signal.raise", _("提示规避监管信号")
    SIGNAL_REVIEW = "sales.signal.review", _("核查规避监管信号")
    INSPECTION_OPEN = "sales.inspection.open", _("开始经营者监督检查")
    INSPECTION_CONCLUDE = "sales.inspection.conclude", _("经营者监督检查结论")
