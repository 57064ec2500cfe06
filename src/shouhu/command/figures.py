"""What the command view shows: each capability's figures, how a rate is made of two of them, the words that
define it, and the list behind each number. Pure definitions (no reads): `aggregate` fills the figures,
`selectors` sums them per jurisdiction, the page and the exports lay them out from here.

A capability the platform has not built yet (`available=False`) is shown as absent, never as zero; one
whose read failed at snapshot time is absent in that snapshot (its keys are in `Snapshot.failed`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LEVELS = ("A", "B", "C", "D")  # risk grades (shouhu.risk.scheme.LEVELS), A the lowest risk


@dataclass(frozen=True)
class Ctx:
    """What a link needs: the jurisdiction shown (6-digit code, "" for the whole platform) and the day."""

    code: str
    as_of: date


def _url(name: str, **params: object) -> Callable[[Ctx], str]:
    def build(ctx: Ctx) -> str:
        query = {k: (v(ctx) if callable(v) else v) for k, v in params.items()}
        query = {k: v for k, v in query.items() if v not in ("", None)}
        return reverse(name) + (("?" + urlencode(query)) if query else "")

    return build


def _division(ctx: Ctx) -> str:
    return ctx.code


def _month_first(ctx: Ctx) -> str:
    return ctx.as_of.replace(day=1).isoformat()


def _day(ctx: Ctx) -> str:
    return ctx.as_of.isoformat()


def _year(ctx: Ctx) -> int:
    return ctx.as_of.year


def _quarter(ctx: Ctx) -> int:
    return (ctx.as_of.month - 1) // 3 + 1


@dataclass(frozen=True)
class Number:
    key: str
    label: Promise
    link: Callable[[Ctx], str] | None = None
    bad: bool = False  # a number that should be zero (overdue, failed): shown in red when it is not
    level: str = ""  # filled into a label "%(level)s 级" when shown (the msgid stays one)

    @property
    def text(self) -> str:
        return str(self.label) % {"level": self.level} if self.level else str(self.label)


@dataclass(frozen=True)
class Rate:
    """numerator / denominator of two figures, e.g. 接入率 = connected / producing."""

    key: str
    label: Promise
    num: str
    den: str


@dataclass(frozen=True)
class Capability:
    key: str
    title: Promise
    numbers: tuple[Number, ...] = ()
    rates: tuple[Rate, ...] = ()
    definition: Promise | str = ""
    available: bool = True
    absent_note: Promise | str = ""
    trend: str = ""  # the rate (or number) key drawn as this capability's trend
    keys: tuple[str, ...] = field(default=())  # every figure key it writes (filled below)


ENTERPRISES = _url("registry:enterprise-list", division=_division)
PRODUCING = _url("registry:enterprise-list", division=_division, licence_status="active")

CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "connect",
        _("接入率"),
        numbers=(
            Number("enterprises", _("辖区企业"), ENTERPRISES),
            Number("connect.producing", _("在产持证企业"), PRODUCING),
            Number("connect.connected", _("已接入企业"), PRODUCING),
        ),
        rates=(Rate("connect.rate", _("接入率"), "connect.connected", "connect.producing"),),
        definition=_(
            "接入率 = 统计时近 %(days)s 天内向平台推送过生产记录的在产持证企业数 ÷ 持有有效生产许可证的企业数"
            "（2026年行动方案第16项：年底前全部在产企业接入）"
        ),
        trend="connect.rate",
    ),
    Capability(
        "licence",
        _("生产许可"),
        numbers=(
            Number("licence.active", _("有效生产许可证"), PRODUCING),
            Number("licence.renewal_due", _("需申请延续"), _url("registry:renewals", division=_division)),
            Number(
                "licence.renewal_overdue",
                _("已逾申请期限"),
                _url("registry:renewals", overdue=1, division=_division),
                bad=True,
            ),
        ),
        trend="licence.renewal_due",
    ),
    Capability(
        "grade",
        _("风险等级分布"),
        numbers=(
            *(
                Number(
                    f"grade.{lv}",
                    _("%(level)s 级"),
                    _url("risk:grades", level=lv, division=_division),
                    level=lv,
                )
                for lv in LEVELS
            ),
            Number("grade.moved", _("等级变动"), _url("risk:grades", moved=1, division=_division)),
        ),
        definition=_("A 级风险最低、D 级最高；等级变动为与上一次评定相比等级改变的企业"),
        trend="grade.D",
    ),
    Capability(
        "plan",
        _("检查计划进度"),
        numbers=(
            Number("plan.total", _("本年度检查任务"), _url("risk:tasks", year=_year, division=_division)),
            Number(
                "plan.done", _("已完成"), _url("risk:tasks", year=_year, state="done", division=_division)
            ),
            Number(
                "plan.overdue",
                _("已逾期"),
                _url("risk:tasks", year=_year, state="overdue", division=_division),
                bad=True,
            ),
            *(
                Number(
                    f"plan.{lv}.overdue",
                    _("%(level)s 级逾期"),
                    _url("risk:tasks", year=_year, state="overdue", level=lv, division=_division),
                    bad=True,
                    level=lv,
                )
                for lv in LEVELS
            ),
        ),
        rates=(Rate("plan.rate", _("完成率"), "plan.done", "plan.total"),),
        definition=_("本年度检查计划的任务：检查窗口已过仍未完成的为逾期"),
        trend="plan.rate",
    ),
    Capability(
        "sampling",
        _("本季度抽检覆盖"),
        numbers=(
            Number(
                "sampling.due", _("应覆盖企业"), _url("sampling:coverage", year=_year, division=_division)
            ),
            Number(
                "sampling.covered", _("已覆盖"), _url("sampling:coverage", year=_year, division=_division)
            ),
            Number(
                "sampling.samples",
                _("本季度样品"),
                _url("sampling:samples", year=_year, quarter=_quarter, division=_division),
            ),
            Number(
                "sampling.failed",
                _("不合格"),
                _url("sampling:samples", year=_year, quarter=_quarter, verdict="fail", division=_division),
                bad=True,
            ),
        ),
        rates=(Rate("sampling.rate", _("覆盖率"), "sampling.covered", "sampling.due"),),
        definition=_("在产持证企业本季度已抽样或经核实无生产的为已覆盖（全覆盖抽检）"),
        trend="sampling.rate",
    ),
    Capability(
        "disposal",
        _("核查处置"),
        numbers=(
            Number("disposal.open", _("在办案件"), _url("disposal:index", status="open", division=_division)),
            Number(
                "disposal.overdue",
                _("有超期事项"),
                _url("disposal:index", status="open", overdue=1, division=_division),
                bad=True,
            ),
            Number(
                "disposal.ontime", _("按期推进"), _url("disposal:index", status="open", division=_division)
            ),
        ),
        rates=(Rate("disposal.rate", _("按期率"), "disposal.ontime", "disposal.open"),),
        definition=_("不合格样品的核查处置案件：在办案件中没有任何一项期限已过未完成的为按期推进"),
        trend="disposal.rate",
    ),
    Capability(
        "rectify",
        _("问题整改"),
        numbers=(
            Number("rect.open", _("未验收的整改"), _url("findings:list", rect="open", division=_division)),
            Number(
                "rect.overdue",
                _("逾期未整改"),
                _url("findings:list", rect="overdue", division=_division),
                bad=True,
            ),
            Number("rect.ontime", _("按期整改"), _url("findings:list", rect="ontime", division=_division)),
        ),
        rates=(Rate("rect.rate", _("按期率"), "rect.ontime", "rect.open"),),
        definition=_("检查、核查等发现的问题所责令的整改：未验收的整改中，未过整改期限或已提交整改的为按期"),
        trend="rect.rate",
    ),
    Capability(
        "complaints",
        _("投诉举报"),
        numbers=(
            Number("complaints.open", _("在办"), _url("complaints:inbox", division=_division)),
            Number(
                "complaints.overdue",
                _("超期"),
                _url("complaints:inbox", overdue=1, division=_division),
                bad=True,
            ),
            Number("complaints.ontime", _("按时办理"), _url("complaints:inbox", division=_division)),
        ),
        rates=(Rate("complaints.rate", _("按时率"), "complaints.ontime", "complaints.open"),),
        definition=_("未办结的投诉举报中，受理、核查、告知等环节均未超过法定期限的为按时办理"),
        trend="complaints.rate",
    ),
    Capability(
        "selfcontrol",
        _("日管控、周排查、月调度（本月）"),
        numbers=(
            Number(
                "sc.days_owed",
                _("应日管控"),
                _url("selfcontrol:completion", first=_month_first, last=_day, division=_division),
            ),
            Number(
                "sc.days_done",
                _("已日管控"),
                _url("selfcontrol:completion", first=_month_first, last=_day, division=_division),
            ),
            Number(
                "sc.weeks_owed",
                _("应周排查"),
                _url("selfcontrol:completion", first=_month_first, last=_day, division=_division),
            ),
            Number(
                "sc.weeks_done",
                _("已周排查"),
                _url("selfcontrol:completion", first=_month_first, last=_day, division=_division),
            ),
            Number(
                "sc.months_owed",
                _("应月调度"),
                _url("selfcontrol:completion", first=_month_first, last=_day, division=_division),
            ),
            Number(
                "sc.months_done",
                _("已月调度"),
                _url("selfcontrol:completion", first=_month_first, last=_day, division=_division),
            ),
        ),
        rates=(
            Rate("sc.day_rate", _("日管控完成率"), "sc.days_done", "sc.days_owed"),
            Rate("sc.week_rate", _("周排查完成率"), "sc.weeks_done", "sc.weeks_owed"),
            Rate("sc.month_rate", _("月调度完成率"), "sc.months_done", "sc.months_owed"),
        ),
        definition=_("本月 1 日至统计日，已制定风险清单的企业应做与已做的次数（停产日不计）"),
        trend="sc.day_rate",
    ),
    Capability(
        "training",
        _("管理人员抽查考核（本年度）"),
        numbers=(
            Number(
                "spot.checked",
                _("抽查人次"),
                _url("training:spotchecks", year=_year, result="done", division=_division),
            ),
            Number(
                "spot.passed",
                _("合格人次"),
                _url("training:spotchecks", year=_year, result="passed", division=_division),
            ),
        ),
        rates=(Rate("spot.rate", _("合格率"), "spot.passed", "spot.checked"),),
        trend="spot.rate",
    ),
    Capability(
        "recalls",
        _("召回"),
        numbers=(
            Number(
                "recall.in_progress",
                _("召回中"),
                _url("trace:recalls", status="in_progress", division=_division),
                bad=True,
            ),
        ),
        trend="recall.in_progress",
    ),
    Capability(
        "anomalies",
        _("数据异常预警"),
        numbers=(
            Number(
                "anomaly.open",
                _("待研判的异常线索"),
                _url("anomaly:alerts", state="open", division=_division),
                bad=True,
            ),
        ),
        trend="anomaly.open",
    ),
)

BY_KEY = {c.key: c for c in CAPABILITIES}
# the figure keys each capability writes (a rate's parts are numbers of it)
KEYS: dict[str, tuple[str, ...]] = {
    "connect": ("enterprises", "connect.producing", "connect.connected"),
    "licence": ("licence.active", "licence.renewal_due", "licence.renewal_overdue"),
    "grade": (*(f"grade.{lv}" for lv in LEVELS), "grade.moved"),
    "plan": (
        "plan.total",
        "plan.done",
        "plan.overdue",
        *(f"plan.{lv}.{part}" for lv in LEVELS for part in ("total", "done", "overdue")),
    ),
    "sampling": ("sampling.due", "sampling.covered", "sampling.samples", "sampling.failed"),
    "disposal": ("disposal.open", "disposal.overdue", "disposal.ontime"),
    "rectify": ("rect.open", "rect.overdue", "rect.ontime"),
    "complaints": ("complaints.open", "complaints.overdue", "complaints.ontime"),
    "selfcontrol": tuple(f"sc.{p}_{s}" for p in ("days", "weeks", "months") for s in ("owed", "done")),
    "training": ("spot.checked", "spot.passed"),
    "recalls": ("recall.in_progress",),
    "anomalies": ("anomaly.open",),
}
CAPABILITY_OF_KEY = {k: cap for cap, keys in KEYS.items() for k in keys}
RATES = {r.key: r for c in CAPABILITIES for r in c.rates}

# The division table's columns: the headline of each built capability.
TABLE_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("enterprises", _("企业")),
    ("connect.rate", _("接入率")),
    ("licence.renewal_due", _("需延续")),
    ("grade.D", _("D 级")),
    ("plan.overdue", _("检查逾期")),
    ("sampling.rate", _("抽检覆盖")),
    ("sampling.failed", _("不合格")),
    ("disposal.rate", _("处置按期")),
    ("complaints.rate", _("投诉按时")),
    ("sc.day_rate", _("日管控")),
    ("spot.rate", _("考核合格")),
    ("recall.in_progress", _("召回中")),
    ("anomaly.open", _("异常线索")),
)


def value_of(key: str, totals: dict[str, int]) -> float | int | None:
    """A number or a rate (0–1) from summed figures; None when absent (or a rate over nothing)."""
    if key in RATES:
        rate = RATES[key]
        if rate.num not in totals or rate.den not in totals:
            return None
        den = totals[rate.den]
        return totals[rate.num] / den if den else None
    return totals.get(key)
