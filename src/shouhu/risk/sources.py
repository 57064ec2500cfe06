"""The signal sources that exist today, registered when the app loads (`RiskConfig.ready`).

Each reads its app's models for many enterprises at once (a few queries per source, whatever the
number of enterprises) and states facts in words. Sources still to come (inspection results,
penalties, the 失信 list, credit repair) register the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Min, Q, Sum

from .scoring import Fact
from .signals import register

N_ = str  # msgids, translated where shown
WINDOW = dt.timedelta(days=365)  # dynamic facts look back one year


def _registry(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    from shouhu.licensing.models import RecordedConditions
    from shouhu.production.models import Product
    from shouhu.registry.models import ContractManufacturing, ContractStatus, Enterprise, LicenceItem

    cats: dict[int, set[str]] = defaultdict(set)
    varieties: dict[int, set[str]] = defaultdict(set)
    for eid, cat, var in LicenceItem.objects.filter(
        licence__enterprise_id__in=ids, licence__status="active"
    ).values_list("licence__enterprise_id", "category", "variety"):
        cats[eid].add(cat)
        varieties[eid].add(var)
    processes: dict[int, set[str]] = defaultdict(set)
    for eid, procs in Product.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "processes"):
        processes[eid].update(str(p) for p in procs or [])
    for eid, procs in RecordedConditions.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "processes"
    ):
        processes[eid].update(str(p if isinstance(p, str) else p.get("name", p)) for p in procs or [])
    since = on - WINDOW
    active = Q(status=ContractStatus.CONFIRMED, ends_on__gte=since, starts_on__lte=on)
    contracts: dict[int, int] = defaultdict(int)
    for field in ("principal_id", "manufacturer_id"):
        for row in (
            ContractManufacturing.objects.filter(active, **{f"{field}__in": ids})
            .values(field)
            .annotate(n=Count("pk"))
        ):
            contracts[row[field]] += row["n"]
    first_issued = dict(
        Enterprise.objects.filter(pk__in=ids)
        .annotate(first=Min("licences__issued_on"))
        .values_list("pk", "first")
    )
    scale = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "scale"))
    out: dict[int, list[Fact]] = {}
    for eid in ids:
        c, v, p = sorted(cats[eid]), len(varieties[eid]), len(processes[eid])
        first = first_issued.get(eid)
        age = (on - first).days if first else None
        out[eid] = [
            Fact("categories", c, N_("许可类别：%(cats)s"), {"cats": "、".join(c) or "—"}),
            Fact("variety_count", v, N_("许可品种明细 %(n)s 个"), {"n": v}),
            Fact("process_count", p, N_("登记生产工艺 %(n)s 种"), {"n": p}),
            Fact("scale", scale.get(eid, ""), N_("企业规模：%(scale)s"), {"scale": scale.get(eid, "")}),
            Fact(
                "contract_count", contracts[eid], N_("近一年有效委托生产合同 %(n)s 份"), {"n": contracts[eid]}
            ),
            Fact(
                "licence_age_days",
                age,
                N_("首次获证于 %(date)s") if first else N_("尚无许可证"),
                {"date": first.isoformat() if first else ""},
            ),
        ]
    return out


def _recalls(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    from shouhu.trace.models import Recall

    since = dt.datetime.combine(on - WINDOW, dt.time.min, tzinfo=dt.UTC)
    rows: dict[int, list[str]] = defaultdict(list)
    for eid, number in Recall.objects.filter(enterprise_id__in=ids, started_at__gte=since).values_list(
        "enterprise_id", "number"
    ):
        rows[eid].append(number)
    return {
        eid: [
            Fact(
                "recalls",
                len(rows[eid]),
                N_("近一年启动召回 %(n)s 次 %(numbers)s"),
                {"n": len(rows[eid]), "numbers": "、".join(rows[eid][:5])},
            )
        ]
        for eid in ids
    }


def _labels(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    from shouhu.labelstore.models import LabelCheck

    found = dict(
        LabelCheck.objects.filter(enterprise_id__in=ids, as_of__gte=on - WINDOW, as_of__lte=on)
        .values("enterprise_id")
        .annotate(n=Sum("finding_count"))
        .values_list("enterprise_id", "n")
    )
    return {
        eid: [
            Fact(
                "label_findings",
                found.get(eid) or 0,
                N_("近一年标签检查发现问题 %(n)s 项"),
                {"n": found.get(eid) or 0},
            )
        ]
        for eid in ids
    }


def _rectifications(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    from shouhu.workflow.findings.models import Rectification, RectificationState

    late = dict(
        Rectification.objects.filter(
            enterprise_id__in=ids,
            due_on__lt=on,
            state__in=[RectificationState.OPEN, RectificationState.RETURNED],
        )
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    )
    return {
        eid: [
            Fact(
                "overdue_rectifications",
                late.get(eid, 0),
                N_("逾期未完成整改 %(n)s 项"),
                {"n": late.get(eid, 0)},
            )
        ]
        for eid in ids
    }


def _sampling(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    """Supervision samples judged 不合格 in the last year (issue 27), by the date the sample was taken; a
    failure whose 核查处置 ended (复检合格, 异议成立: issue 28) no longer counts."""
    from shouhu.disposal.models import Case, CaseStatus
    from shouhu.sampling.models import Sample, Verdict

    rows: dict[int, list[str]] = defaultdict(list)
    for eid, number in (
        Sample.objects.filter(
            enterprise_id__in=ids, verdict=Verdict.FAIL, sampled_on__gt=on - WINDOW, sampled_on__lte=on
        )
        .exclude(pk__in=Case.objects.filter(status=CaseStatus.ENDED).values("sample_id"))
        .order_by("sampled_on")
        .values_list("enterprise_id", "number")
    ):
        rows[eid].append(number)
    return {
        eid: [
            Fact(
                "sampling_failures",
                len(rows[eid]),
                N_("近一年监督抽检不合格 %(n)s 批次 %(numbers)s"),
                {"n": len(rows[eid]), "numbers": "、".join(rows[eid][:5])},
            )
        ]
        for eid in ids
    }


SELFCONTROL_WINDOW = dt.timedelta(days=90)  # the routine's completion over the last quarter


def _selfcontrol(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    """The share of 日管控/周排查/月调度 duties not done in the last 90 days (issue 19). An enterprise with no
    risk-control list yet gives no fact: the grade says the factor has no data rather than scoring it."""
    from shouhu.selfcontrol.models import RiskList
    from shouhu.selfcontrol.selectors import completion_of

    rows = completion_of(
        RiskList.objects.filter(enterprise_id__in=ids), on - SELFCONTROL_WINDOW, on, today=on
    )
    return {
        c.enterprise_id: [
            Fact(
                "selfcontrol_missed",
                round(1 - c.rate, 3),
                N_("近90天自我管控应完成 %(owed)s 项、已完成 %(done)s 项（未完成率 %(missed)s%%）"),
                {"owed": c.owed, "done": c.done, "missed": round((1 - c.rate) * 100)},
            )
        ]
        for c in rows
    }


def _complaints(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    """Reports found true in the last year (issue 29): a case opened on a report about the enterprise."""
    from shouhu.complaints.models import Kind, Submission

    rows: dict[int, list[str]] = defaultdict(list)
    for eid, number in (
        Submission.objects.filter(
            enterprise_id__in=ids,
            kind=Kind.REPORT,
            case_opened=True,
            case_decided_at__date__gt=on - WINDOW,
            case_decided_at__date__lte=on,
        )
        .order_by("case_decided_at")
        .values_list("enterprise_id", "tracking_no")
    ):
        rows[eid].append(number)
    return {
        eid: [
            Fact(
                "complaints_upheld",
                len(rows[eid]),
                N_("近一年投诉举报查实（立案）%(n)s 件 %(numbers)s"),
                {"n": len(rows[eid]), "numbers": "、".join(rows[eid][:5])},
            )
        ]
        for eid in ids
    }


def _credit(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    """Penalties decided in the last year, the 严重违法失信名单 on the day, repairs done (issue 30), read
    through enforcement's selectors."""
    from shouhu.enforcement.selectors import credit_facts

    out: dict[int, list[Fact]] = {}
    for eid, f in credit_facts(ids, on).items():
        numbers = f["penalties"]
        out[eid] = [
            Fact(
                "penalties",
                len(numbers),
                N_("近一年受到行政处罚 %(n)s 次 %(numbers)s"),
                {"n": len(numbers), "numbers": "、".join(numbers[:5])},
            ),
            Fact(
                "credit_listed",
                bool(f["listed"]),
                N_("列入严重违法失信名单（%(since)s 起）") if f["listed"] else N_("未列入严重违法失信名单"),
                {"since": "、".join(f["listed"])},
            ),
            Fact("credit_repairs", f["repairs"], N_("已完成信用修复 %(n)s 项"), {"n": f["repairs"]}),
        ]
    return out


def install() -> None:
    register(
        "registry",
        ("categories", "variety_count", "process_count", "scale", "contract_count", "licence_age_days"),
        _registry,
    )
    register("trace.recalls", ("recalls",), _recalls)
    register("labelstore.findings", ("label_findings",), _labels)
    register("workflow.rectifications", ("overdue_rectifications",), _rectifications)
    register("sampling.failures", ("sampling_failures",), _sampling)
    register("selfcontrol.completion", ("selfcontrol_missed",), _selfcontrol)
    register("complaints.upheld", ("complaints_upheld",), _complaints)
    register("enforcement.credit", ("penalties", "credit_listed", "credit_repairs"), _credit)
