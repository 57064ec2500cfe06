"""The main navigation, per role (issue 14.6): a link is shown only to whom its page opens.

Each entry names the permission (`core.roles.PERMISSIONS`) its view requires, or a predicate on the
user for pages that decide otherwise (an enterprise's own file). `tests/pages/test_repairs_nav.py`
walks every role's links and GETs each: none may answer 403 or 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import access
from .roles import Role


@dataclass(frozen=True)
class Link:
    label: Promise
    url_name: str
    permission: str = ""  # the action the view checks with access.can / access.require
    when: Callable[[Any], bool] | None = None  # or a predicate on the user
    apps: tuple[str, ...] = ()  # resolver app names (or url names) that mark it active
    args: Callable[[Any], tuple] | None = None
    group: Promise | None = None  # links of one group share a menu where the role sees two or more


# The menus of the bar. A role that sees one link of a group gets that link itself, not a menu of one.
FIRMS = _("企业与许可")
SUPERVISION = _("日常监管")
SAMPLING = _("抽检处置")
TRACE = _("追溯召回")
LABELS = pgettext_lazy("nav", "标签")
OWN_DUTIES = _("主体责任")
PLATFORM = _("平台工具")
CASES = _("投诉执法")


def _staff(user: Any) -> bool:
    return bool(getattr(user, "enterprise_id", None))


def _platform_admin(user: Any) -> bool:
    return getattr(user, "role", "") == Role.PLATFORM_ADMIN


NAV: tuple[Link, ...] = (
    Link(_("首页"), "home", apps=("home",)),
    # 指挥视图 (issue 31), in two characters: the top bar has no room for four more
    Link(_("指挥"), "command:index", permission="command.view", apps=("command",)),
    Link(
        _("本企业档案"),
        "registry:enterprise-detail",
        when=_staff,
        apps=("enterprise-detail",),
        args=lambda u: (u.enterprise_id,),
    ),
    Link(
        _("企业名录"),
        "registry:enterprise-list",
        when=lambda u: not _staff(u),
        apps=("enterprise-list", "enterprise-detail"),
        group=FIRMS,
    ),
    Link(
        _("许可审查"), "licensing:applications", permission="licensing.view", apps=("licensing",), group=FIRMS
    ),
    Link(_("生产与放行"), "production:batches", when=_staff, apps=("production",)),
    Link(_("追溯与召回"), "trace:trace", apps=("trace",), group=TRACE),
    Link(
        _("召回监督"),
        "trace:recalls",
        when=lambda u: access.can(u, "trace.recall.supervise"),
        apps=("recalls", "recall"),
        group=TRACE,
    ),
    Link(_("自我管控"), "selfcontrol:home", when=_staff, apps=("selfcontrol",), group=OWN_DUTIES),
    # 供应商审核 (第三十六条–第四十条): the enterprise's own suppliers, their documents and approvals
    Link(
        _("供应商审核"), "production:suppliers", when=_staff, apps=("suppliers", "supplier"), group=OWN_DUTIES
    ),
    Link(
        _("主体责任落实"),
        "selfcontrol:completion",
        when=lambda u: access.can(u, "selfcontrol.supervise"),
        apps=("completion", "enterprise", "selfinspections", "selfinspection", "selfinspection-print"),
        group=SUPERVISION,
    ),
    Link(
        _("投诉举报处理"),
        "complaints:inbox",
        permission="complaints.handle",
        apps=("complaints",),
        group=CASES,
    ),
    Link(_("消费者投诉"), "complaints:inbox", permission="complaints.answer", apps=("complaints",)),
    Link(_("培训考核"), "training:home", when=_staff, apps=("training",), group=OWN_DUTIES),
    Link(
        _("管理人员抽查考核"),
        "training:spotchecks",
        when=lambda u: access.can(u, "training.supervise"),
        apps=("spotchecks",),
        group=SUPERVISION,
    ),
    Link(
        _("洁净区监测"),
        "cleanroom:home",
        when=lambda u: _staff(u) and access.can(u, "cleanroom.view"),
        apps=("cleanroom",),
        group=OWN_DUTIES,
    ),
    Link(
        _("洁净区监测"),
        "cleanroom:compliance",
        when=lambda u: not _staff(u) and access.can(u, "cleanroom.supervise"),
        apps=("cleanroom",),
        group=SUPERVISION,
    ),
    Link(
        _("委托生产"),
        "contract:home",
        when=lambda u: _staff(u) and access.can(u, "contract.view"),
        apps=("contract",),
        group=OWN_DUTIES,
    ),
    Link(
        _("委托生产监管"),
        "contract:supervise",
        when=lambda u: not _staff(u) and access.can(u, "contract.supervise"),
        apps=("contract",),
        group=SUPERVISION,
    ),
    Link(
        _("HACCP计划"),
        "haccp:home",
        when=lambda u: _staff(u) and access.can(u, "haccp.view"),
        apps=("haccp",),
        group=OWN_DUTIES,
    ),
    Link(
        _("HACCP计划"),
        "haccp:supervise",
        when=lambda u: not _staff(u) and access.can(u, "haccp.supervise"),
        apps=("haccp",),
        group=SUPERVISION,
    ),
    Link(
        _("标签审查"),
        "labelstore:check",
        permission="labels.check",
        apps=("check", "check-detail"),
        group=LABELS,
    ),
    Link(
        _("网络标签排查"),
        "labelstore:sweeps",
        permission="labels.sweep",
        apps=("sweeps", "sweep-detail"),
        group=LABELS,
    ),
    Link(
        _("监督抽检"),
        "sampling:index",
        permission="sampling.coverage.view",
        apps=("sampling",),
        group=SAMPLING,
    ),
    Link(
        _("抽检结果公布"),
        "sampling:public",
        apps=("public",),
        when=lambda u: access.can(u, "sampling.view"),
        group=SAMPLING,
    ),
    Link(_("承检机构"), "sampling:labs", permission="sampling.lab.manage", apps=("labs",), group=SAMPLING),
    Link(_("核查处置"), "disposal:index", permission="disposal.view", apps=("disposal",), group=SAMPLING),
    Link(
        _("监督检查"),
        "inspection:index",
        permission="inspection.supervise",
        apps=("inspection",),
        group=SUPERVISION,
    ),
    Link(
        pgettext_lazy("nav", "行政处罚"),
        "enforcement:index",
        permission="enforcement.view",
        apps=("enforcement",),
        group=CASES,
    ),
    Link(_("销售环节监管"), "sales:index", permission="sales.view", apps=("sales",), group=SUPERVISION),
    Link(
        _("本企业信用档案"),
        "enforcement:credit",
        when=lambda u: _staff(u) and access.can(u, "enforcement.credit.view"),
        apps=("credit",),
        args=lambda u: (u.enterprise_id,),
        group=OWN_DUTIES,
    ),
    Link(
        _("本企业监督检查"),
        "inspection:enterprise",
        when=lambda u: _staff(u) and access.can(u, "inspection.view"),
        apps=("inspection",),
    ),
    # The platform's own tools (issue 16.5): the interactive API reference and, for staff, Django's admin.
    Link(_("接口文档"), "api:openapi-view", when=_platform_admin, group=PLATFORM),
    Link(_("后台管理"), "admin:index", when=lambda u: _platform_admin(u) and u.is_staff, group=PLATFORM),
    Link(_("风险分级与检查计划"), "risk:overview", permission="risk.view", apps=("risk",), group=SUPERVISION),
    Link(_("异常线索"), "anomaly:alerts", permission="anomaly.view", apps=("anomaly",), group=SUPERVISION),
    Link(
        _("风险靶向排序"),
        "targeting:ranking",
        permission="targeting.view",
        apps=("targeting",),
        group=SUPERVISION,
    ),
)


def links_for(user: Any, match: Any = None) -> list[dict[str, Any]]:
    """The entries of the bar `user` may open: a link {label, url, active}, or a menu {label, active,
    links: [link, …]} where the user sees two or more links of one group, at its first link's place."""
    if not getattr(user, "is_authenticated", False):
        return []
    here = {getattr(match, "url_name", None), getattr(match, "app_name", None)} - {None}
    out: list[dict[str, Any]] = []
    menus: dict[str, dict[str, Any]] = {}
    for link in NAV:
        if link.permission and not access.can(user, link.permission):
            continue
        if link.when is not None and not link.when(user):
            continue
        url = reverse(link.url_name, args=link.args(user) if link.args else ())
        active = bool(here & set(link.apps)) and not (link.url_name == "trace:trace" and "recalls" in here)
        entry = {"label": link.label, "url": url, "active": active}
        if link.group is None:
            out.append(entry)
            continue
        key = str(link.group)
        if key not in menus:
            menus[key] = {"label": link.group, "links": [], "active": False}
            out.append(menus[key])
        menus[key]["links"].append(entry)
        menus[key]["active"] = menus[key]["active"] or active
    return [item["links"][0] if len(item.get("links", ())) == 1 else item for item in out]
