"""Detectors (穿透式监管, issue 32): pure functions over rows the selectors fetched, no database here.

Each detector looks at one enterprise's rows and returns `Finding`s: what a good inspector would want to
see before a visit, with the rows that show it (evidence), a score in (0, 1] and the reason in words.
Where a rule is broken the finding names it (`rule`, resolved to its citation by the service); where
nothing is broken yet (a pattern of refused attempts) it names none. The thresholds are the platform's
own heuristics (`THRESHOLDS`, each with its reason), not rule data, set from what factories' data looks like
and checked on planted data (bench/anomaly_bench.py, bench/data/anomaly_blind and anomaly_blind2, both now
studied): real-world precision is unknown until inspectors have triaged real alerts. Some rules compare an enterprise with the
others of the same run (a measurement's usual spread, how often daily checks note deviations); a run over one
enterprise falls back to fixed rules or priors for those.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils.translation import gettext_noop as N_

from . import lateness, probing, regular

THRESHOLDS: dict[str, float] = {
    "mass.min_history": 5,  # batches of one product before its own yield is known
    "mass.tolerance": 0.2,  # output/consumed beyond ±20 % of the product's median yield
    # with 10 batches of history the product's own batch-to-batch spread is known (robust: the median absolute
    # deviation, unmoved by one odd batch): a batch more than 5 of those spreads from the median is not the
    # process's noise (5, not the textbook 4: ten to twenty batches understate the spread, and raw materials
    # drift with the season); never tighter than ±3 % (weighing and rounding of small batches, the season),
    # never wider than the ±20 % above
    "mass.min_history_spread": 10,
    "mass.robust_k": 5,
    "mass.min_band": 0.03,
    "late.days": 3,  # a record pushed more than 3 days after its day (a long weekend, a night shift)
    "late.min_records": 3,  # one late push may be an outage; three in a day is a pattern
    # a record stated more than a week back is older than any routine cadence (weekly review, a contractor's
    # report, a long weekend's outage): two of them in one day's pushes are filling in, not a delay
    "late.old_days": 7,
    "late.min_old": 2,
    # an outage delays everything of the days it lasted (`lateness`): each of its days arrives with two kinds
    # of record or more, with no two thinner days in a row inside it (one, a day off, is bridged; a fill-in
    # of many kinds over weeks, a few records a day, is not an outage)
    "late.outage_kinds": 2,
    "late.outage_gap": 1,
    # a kind whose records come days after their event (a laboratory's, a contractor's report) is late only
    # beyond its usual lag at the run's enterprises keeping it (five of them at least): the median of their
    # latest, plus twice the spread between them (robust: the few that fill in move neither)
    "late.usual_k": 2,
    "late.min_peers": 5,
    # a kind the run's enterprises record as it happens (usual lag a day at most: a night shift): one of its
    # records more than a week old was written after the fact
    "late.realtime": 1,
    # a release test's result comes days after its sample (micro culture 1-3 days, a canned food's
    # commercial-sterility incubation 7-12): the gate waiting for it, up to three weeks, is not late
    "late.lab_days": 21,
    "refused.per_batch": 3,  # three refused attempts at one batch (`probing`)
    # or three probes in a day: shipment attempts, release attempts at a batch already refused (one release
    # attempt per batch while its results are pending is a busy plant, not a probe)
    "refused.probes": 3,
    # the same release refusal of a batch an hour or more after the last: asking whether its result came
    "refused.wait_s": 3600,
    # the same refusal of the same goods again within a minute is the same attempt resent (an ERP interface's
    # auto-retry, a double scan); refusals following each other within three minutes are one scan of a
    # pallet list or one flush of a reconnected gateway's queue
    "refused.retry_s": 60,
    "refused.burst_s": 180,
    # batch after batch refused at release as failed, in three separate attempts of a day: one failed lot
    # under new numbers (one failed batch a day is a plant accepting a result)
    "refused.failed_batches": 3,
    "regular.min_values": 6,  # a week of daily readings before a series's spread means anything
    # with no peers to compare with, the cruder rules below need 8 values, as before
    "regular.min_values_alone": 8,
    "regular.identical_share": 0.9,  # 90 % of a series the very same value (no peers to compare with)
    "regular.cv": 0.001,  # a relative spread under 0.1 % (process noise is larger; no peers to compare with)
    "regular.near_limit": 0.03,  # within 3 % of the limit range below the limit … (no peers)
    "regular.near_share": 0.7,  # … for 70 % of the values
    # the measurement's usual spread: the median spread of the same measurement (point and parameter) at the
    # other enterprises of the run, when at least 5 have a week of it (a single-enterprise run has none)
    "regular.min_peers": 5,
    # a steady automated line runs at about half the usual spread; a third of it is the steadiest honest line
    # assumed, and a series whose spread such a line (read in the same steps) would show less than once in a
    # hundred weeks is not measured — the chi-square lower tail; one value throughout is judged under the
    # likelier of a steady line read in the usual steps or an ordinary line read by a coarse instrument
    "regular.quiet_line": 0.35,
    "regular.alpha": 0.01,
    # an instrument reading in steps as coarse as the usual spread shows one or two values honestly
    "regular.step_share": 1.0,
    # values hugging a limit: 80 % of them on the compliant side within ¾ of the usual spread of the limit
    "regular.hug_sd": 0.75,
    "regular.hug_share": 0.8,
    # a copied block: the series repeats itself with a period, or one value runs on, a chance of under 1 in
    # 10,000 for readings
    "regular.repeat_chance": 0.0001,
    # a detection limit: a fifth of all the run's readings of a measurement on its lowest value (values on
    # it say "not detected" and are left out); with no peers, one value throughout at a twentieth of an upper
    # limit or less is taken as one
    "regular.floor_share": 0.2,
    "regular.floor_limit": 0.05,
    "silence.window_days": 14,
    # near-silence: fewer pushes than one batch makes (its batch record, the materials fed, a CCP reading)
    # while shipping ten times or more
    "silence.batch_pushes": 3,
    "silence.near_shipments": 10,
    "theatre.min_checks": 10,  # daily checks in the window
    "theatre.zero_share": 0.9,  # nearly every check "zero risk" (27 of 30) …
    "theatre.min_deviations": 2,  # … while monitoring recorded deviations on zero-risk days …
    # … and the checks noticed at most one in five of the deviations (risk noted that day or the next) …
    "theatre.seen_share": 0.2,
    # … and checks that leave deviations unnoted as often as the run's other enterprises do (their pooled
    # share, never taken below 5 %; 30 % before 30 deviations are pooled, as in a run over one enterprise)
    # would leave this many unnoted with a chance under 3 in 100
    "theatre.alpha": 0.03,
    "theatre.min_pooled": 30,
    "theatre.miss_rate": 0.3,
    "theatre.min_miss_rate": 0.05,
}


@dataclass(frozen=True)
class Finding:
    detector: str
    enterprise_id: int
    score: float
    message: str  # a Chinese msgid with %(name)s params
    params: dict[str, Any]
    evidence: tuple[dict[str, Any], ...]
    rule: str = ""  # the rule broken, when one is


@dataclass(frozen=True)
class Detector:
    name: str
    label: str  # msgid
    rationale: str  # msgid: why this is worth an inspector's look
    rule: str  # the rule it points at ("" when a pattern breaks none by itself)
    fn: Callable[..., list[Finding]]


def _ev(kind: str, pk: Any, text: str, at: Any = None) -> dict[str, Any]:
    return {"type": kind, "id": pk, "text": text, "at": at.isoformat() if at is not None else ""}


def _clip(x: float) -> float:
    return round(max(0.01, min(1.0, x)), 3)


# ---- mass balance ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchRow:
    id: int
    enterprise_id: int
    product_id: int
    number: str
    consumed: float  # materials fed (配料投料, 附件1 #17/#18)
    output: float  # finished goods (产量)
    new: bool = True  # pushed on the day examined (history rows give the product's yield)
    yield_range: tuple[float, float] | None = None  # the process's declared range, when the product has one


def _own_yield(batches: Sequence[BatchRow], t: dict[str, float]) -> tuple[float, float] | None:
    """The product's yield range from its own batches: its median ±20 %, or, with enough history, ± the
    product's own batch-to-batch spread (robust), or None before its yield is known."""
    ratios = [b.output / b.consumed for b in batches if b.consumed > 0 and b.output > 0]
    if len(ratios) < t["mass.min_history"]:
        return None
    mid = statistics.median(ratios)
    rel = t["mass.tolerance"]
    history = [b.output / b.consumed for b in batches if not b.new and b.consumed > 0 and b.output > 0]
    if len(history) >= t["mass.min_history_spread"]:
        mid = statistics.median(history)  # the day's batches do not move the yield they are judged by
        mad = statistics.median(abs(r - mid) for r in history) * 1.4826  # ≈ the sd of a normal spread
        rel = min(rel, max(t["mass.robust_k"] * mad / mid, t["mass.min_band"]))
    return mid * (1 - rel), mid * (1 + rel)


def mass_balance(rows: Sequence[BatchRow], t: dict[str, float] = THRESHOLDS) -> list[Finding]:
    """Output per material consumed beyond the product's yield range: the declared one, else its own (the
    median of its batches ±20 %, narrowed to 4 of its batch-to-batch spreads once it has 10 batches)."""
    by_product: dict[int, list[BatchRow]] = defaultdict(list)
    for r in rows:
        by_product[r.product_id].append(r)
    bad: dict[int, list[tuple[BatchRow, float, float, float]]] = defaultdict(list)
    for batches in by_product.values():
        declared = batches[0].yield_range
        if declared:
            lo, hi = declared
        else:
            band = _own_yield(batches, t)
            if band is None:
                continue
            lo, hi = band
        for b in batches:
            if not b.new or b.output <= 0:
                continue
            ratio = b.output / b.consumed if b.consumed > 0 else float("inf")
            if not lo <= ratio <= hi:
                bad[b.enterprise_id].append((b, ratio, lo, hi))
    out = []
    for ent, items in bad.items():
        worst = max(abs(r / ((lo + hi) / 2) - 1) if r != float("inf") else 1.0 for _, r, lo, hi in items)
        out.append(
            Finding(
                "mass_balance",
                ent,
                _clip(0.5 + worst),
                N_(
                    "%(n)s 个批次的产出与投料不符合工艺得率范围（如批次 %(batch)s：每单位投料产出 %(ratio)s，范围 %(lo)s–%(hi)s）"
                ),
                {
                    "n": len(items),
                    "batch": items[0][0].number,
                    "ratio": "∞" if items[0][1] == float("inf") else f"{items[0][1]:.2f}",
                    "lo": f"{items[0][2]:.2f}",
                    "hi": f"{items[0][3]:.2f}",
                },
                tuple(
                    _ev("production.batch", b.id, f"{b.number}: {b.consumed:g} → {b.output:g}")
                    for b, *_ in items
                ),
                rule="xize2017.art50",
            )
        )
    return out


# ---- back-dating -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRow:
    type: str  # model label
    id: int
    enterprise_id: int
    stated: date  # the day the record says the event happened
    recorded: date  # the day it reached the platform (local date)
    text: str = ""
    released_on: date | None = None  # for release tests: the batch's release day


def back_dating(rows: Sequence[RecordRow], t: dict[str, float] = THRESHOLDS) -> list[Finding]:
    """Records pushed long after the day they state, beyond what their kind usually shows (three of them, two
    more than a week old, or one of a kind recorded as it happens); release tests entered after the release
    they justify, dated before it. An outage's backlog is neither: the days whose records arrived together,
    several kinds at a time (`lateness`)."""
    by_ent: dict[int, list[RecordRow]] = defaultdict(list)
    for r in rows:
        by_ent[r.enterprise_id].append(r)
    starts = {ent: lateness.outage_start(rs, max(r.recorded for r in rs), t) for ent, rs in by_ent.items()}
    usual = lateness.usual_lags(by_ent, starts, t)
    kinds = lateness.release_kinds(rows)
    late: dict[int, tuple[list[RecordRow], list[RecordRow]]] = {}
    for ent, records in by_ent.items():
        items, tests = lateness.judge(records, starts[ent], usual, t, kinds)
        if items or tests:
            late[ent] = items, tests
    out = []
    for ent in sorted(late):
        items, tests = late[ent]
        lag = max(((r.recorded - r.stated).days for r in items + tests), default=0)
        out.append(
            Finding(
                "back_dating",
                ent,
                _clip(0.4 + 0.1 * len(items) + 0.4 * bool(tests) + lag / 60),
                N_(
                    "%(late)s 条记录在所述日期 %(days)s 天以后才录入，%(tests)s 条出厂检验在放行之后补录、日期却写在放行之前"
                ),
                {"late": len(items), "days": int(t["late.days"]), "tests": len(tests)},
                tuple(
                    _ev(r.type, r.id, f"{r.text} {r.stated.isoformat()} → {r.recorded.isoformat()}")
                    for r in tests + items
                )[:50],
                rule="xize2017.art70",
            )
        )
    return out


# ---- refused attempts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefusalRow:
    id: int
    enterprise_id: int
    batch_id: int | None
    gate: str
    reason: str
    at: datetime


def refused_attempts(rows: Sequence[RefusalRow], t: dict[str, float] = THRESHOLDS) -> list[Finding]:
    """Repeated attempts the gate refused: trying until a release or shipment goes through (one batch again
    and again, or goods taken to the shipment gate again and again); asking once per batch while results
    are pending, or one click sent twice, is not (`probing`)."""
    by_ent: dict[int, list[RefusalRow]] = defaultdict(list)
    for r in rows:
        by_ent[r.enterprise_id].append(r)
    out = []
    for ent, items in by_ent.items():
        hit = probing.probing(items, t)
        if hit is None:
            continue
        n = hit[0]
        out.append(
            Finding(
                "refused_attempts",
                ent,
                _clip(0.3 + 0.15 * max(n, len(items) / 2)),
                N_("放行或出库被拒绝 %(n)s 次（同一批次最多 %(most)s 次，原因：%(reasons)s）"),
                {"n": len(items), "most": n, "reasons": "、".join(sorted({r.reason for r in items}))},
                tuple(_ev("production.gaterefusal", r.id, f"{r.gate} {r.reason}", r.at) for r in items)[:50],
            )
        )
    return out


# ---- too-regular values ------------------------------------------------------------------------------


@dataclass
class Series:
    enterprise_id: int
    type: str  # model label of the rows
    key: str  # e.g. "杀菌 温度"
    ids: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    limit_min: float | None = None
    limit_max: float | None = None


def too_regular(series: Iterable[Series], t: dict[str, float] = THRESHOLDS) -> list[Finding]:
    """CCP and monitoring values too alike to be measured: the same value, far less spread than the same
    measurement shows elsewhere, clustered at a limit, one block of values repeated or one value copied
    forward; a set point, a result below the detection limit and a steady line's quantised readings are
    not (`regular.pattern`)."""
    series = list(series)
    normals = regular.normals(
        series, t["regular.min_values"], t["regular.min_peers"], t["regular.floor_share"]
    )
    by_ent: dict[int, list[tuple[Series, str, float]]] = defaultdict(list)
    for s in series:
        hit = regular.pattern(s, normals.get((s.type, s.key)), t)
        if hit:
            by_ent[s.enterprise_id].append((s, *hit))
    out = []
    for ent, items in by_ent.items():
        s, pattern, strength = max(items, key=lambda i: i[2])
        out.append(
            Finding(
                "too_regular",
                ent,
                _clip(0.3 + 0.6 * strength + 0.05 * len(items)),
                N_("%(n)s 组监测数值不像实测（如「%(key)s」%(count)s 个值：%(pattern)s）"),
                {"n": len(items), "key": s.key, "count": len(s.values), "pattern": pattern},
                tuple(
                    _ev(x.type, pk, f"{x.key} = {val:g}")
                    for x, *_ in items
                    for pk, val in zip(x.ids, x.values, strict=False)
                )[:50],
                rule="xize2017.art70",
            )
        )
    return out


# ---- silence -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    enterprise_id: int
    licensed: bool
    production_pushes: int  # batches, consumptions, CCP records in the window
    shipments: int  # shipments in the window
    shipment_ids: tuple[int, ...] = ()
    stopped: bool = False  # a recorded production stop (附件1 #16) covers the window


def silence(rows: Iterable[Activity], t: dict[str, float] = THRESHOLDS) -> list[Finding]:
    """A licensed producer that pushes no production at all while it ships, or fewer records than one batch
    makes (its batch, the materials fed, a CCP reading) while it ships ten times or more."""
    out = []
    for a in rows:
        if not a.licensed or a.stopped or a.shipments <= 0:
            continue
        if a.production_pushes == 0:
            message = N_(
                "近 %(days)s 天销售出库 %(n)s 次，却没有推送任何生产记录（批次、配料投料、关键控制点）"
            )
            score = 0.5 + 0.05 * a.shipments
        elif a.production_pushes < t["silence.batch_pushes"] and a.shipments >= t["silence.near_shipments"]:
            message = N_(
                "近 %(days)s 天销售出库 %(n)s 次，却只推送了 %(pushes)s 条生产记录，不够一个批次（批次、配料投料、关键控制点）"
            )
            score = 0.4 + 0.01 * a.shipments
        else:
            continue
        out.append(
            Finding(
                "silence",
                a.enterprise_id,
                _clip(score),
                message,
                {"days": int(t["silence.window_days"]), "n": a.shipments, "pushes": a.production_pushes},
                tuple(_ev("production.shipment", pk, "") for pk in a.shipment_ids[:50]),
                rule="xize2017.art50",
            )
        )
    return out


# ---- self-control theatre ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfControl:
    enterprise_id: int
    checks: tuple[tuple[int, date, bool], ...]  # daily checks: (id, day, zero risk)
    deviations: tuple[tuple[str, int, date], ...]  # monitoring deviations: (model label, id, day)


def _noticed(s: SelfControl) -> tuple[set[date], list[tuple[str, int, date]]]:
    """The zero-risk days, and the deviations the checks noticed (risk noted that day or the next)."""
    one = timedelta(days=1)
    risk_days = {day for _, day, zero in s.checks if not zero}
    return (
        {day for _, day, zero in s.checks if zero},
        [d for d in s.deviations if d[2] in risk_days or d[2] + one in risk_days],
    )


def _miss_rate(rows: Sequence[SelfControl], t: dict[str, float]) -> float:
    """The share of deviations honest daily checks leave unnoted, from the run's own enterprises (those
    whose checks noted at least one deviation); the prior when the run has too few."""
    missed = total = 0
    for s in rows:
        if len(s.checks) < t["theatre.min_checks"] or not s.deviations:
            continue
        seen = len(_noticed(s)[1])
        if seen:
            missed, total = missed + len(s.deviations) - seen, total + len(s.deviations)
    if total < t["theatre.min_pooled"]:
        return t["theatre.miss_rate"]
    return max(missed / total, t["theatre.min_miss_rate"])


def theatre(rows: Iterable[SelfControl], t: dict[str, float] = THRESHOLDS) -> list[Finding]:
    """Nearly every daily check says "zero risk" while the monitoring recorded deviations on those very days,
    the checks noticed (risk noted that day or the next) at most one in five of them, and checks that leave
    deviations unnoted as often as this province's do would miss that many with a chance under 3 in 100."""
    rows = list(rows)
    miss = _miss_rate(rows, t)
    out = []
    for s in rows:
        if len(s.checks) < t["theatre.min_checks"]:
            continue
        zero_days, seen = _noticed(s)
        if len(zero_days) / len(s.checks) < t["theatre.zero_share"]:
            continue
        clash = [d for d in s.deviations if d[2] in zero_days]
        if len(clash) < t["theatre.min_deviations"]:
            continue
        if len(seen) > t["theatre.seen_share"] * len(s.deviations):
            continue
        if miss ** (len(s.deviations) - len(seen)) >= t["theatre.alpha"]:
            continue
        checks = [c for c in s.checks if c[1] in {d[2] for d in clash}]
        out.append(
            Finding(
                "theatre",
                s.enterprise_id,
                _clip(0.4 + 0.1 * len(clash)),
                N_(
                    "日管控 %(n)s 次中 %(zero)s 次记为「零风险」；监测记录的 %(all)s 次偏离中 %(dev)s 次就在零风险的日子，日管控只注意到 %(seen)s 次"
                ),
                {
                    "n": len(s.checks),
                    "zero": len(zero_days),
                    "all": len(s.deviations),
                    "dev": len(clash),
                    "seen": len(seen),
                },
                tuple(
                    [_ev("selfcontrol.dailycheck", pk, "零风险", day) for pk, day, _ in checks]
                    + [_ev(label, pk, "偏离", day) for label, pk, day in clash]
                )[:50],
                rule="selfcontrol.routines",
            )
        )
    return out


DETECTORS: dict[str, Detector] = {
    d.name: d
    for d in (
        Detector(
            "mass_balance",
            N_("物料平衡"),
            N_(
                "投料与产出之比超出该产品的工艺得率范围：产出多于投料可支撑的，可能是未记录的原料或虚报产量；少得多的，可能是未记录的损耗或流向。"
            ),
            "xize2017.art50",
            mass_balance,
        ),
        Detector(
            "back_dating",
            N_("补记倒签"),
            N_("记录在所述日期很久以后才录入（检查前补填），或出厂检验在放行以后补录而日期写在放行之前。"),
            "xize2017.art70",
            back_dating,
        ),
        Detector(
            "refused_attempts",
            N_("反复被拒"),
            N_(
                "放行或出库被系统反复拒绝：可能在试探关口，或在凑齐检验结果；本身未必违规，值得在检查前看一眼。"
            ),
            "",
            refused_attempts,
        ),
        Detector(
            "too_regular",
            N_("数值过于规整"),
            N_(
                "关键控制点或洁净区监测的数值批批相同、几乎没有自然波动，或集中在限值之下：实测的数值不会这样。"
            ),
            "xize2017.art70",
            too_regular,
        ),
        Detector(
            "silence",
            N_("沉默"),
            N_("持证企业在销售出库，却不推送任何生产记录：生产信息没有接入或没有记录。"),
            "xize2017.art50",
            silence,
        ),
        Detector(
            "theatre",
            N_("自我管控走过场"),
            N_("日管控每天都记「零风险」，同日的监测却记录了偏离：日管控没有看到现场。"),
            "selfcontrol.routines",
            theatre,
        ),
    )
}
