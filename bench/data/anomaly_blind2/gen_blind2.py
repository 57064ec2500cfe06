"""Blind held-out generator #2 for the issue-32 anomaly detectors.

generate(n, seed, rate) -> (inputs, truth, day)

Simulates n infant complementary food producers (3001 cereals, 3002 canned purees, 3003 supplements) for one
examined day (2026-12-01, a Tuesday) and plants six anomaly types, each into round(rate*n) enterprises, in
several variants, on top of honest noise designed to trip naive detectors. Stdlib only; deterministic per seed.
See README.md beside this file.
"""

from __future__ import annotations

import math
import os
import random
import sys
import time
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema import Activity, BatchRow, RecordRow, RefusalRow, SelfControl, Series  # noqa: E402

DAY = date(2026, 12, 1)
KEYS = ("mass_balance", "back_dating", "refused_attempts", "too_regular", "silence", "theatre")


class _Ctr:
    def __init__(self, start: int = 1):
        self.v = start - 1

    def __call__(self) -> int:
        self.v += 1
        return self.v


_DEC: dict = {}


def _q(v: float, res: float) -> float:
    """Quantise to instrument resolution."""
    dec = _DEC.get(res)
    if dec is None:
        dec = _DEC[res] = max(0, -int(math.floor(math.log10(res) + 1e-9))) if res < 1 else 0
    return round(round(v / res) * res, dec)


_DSTR = {b: ((DAY - timedelta(days=b)).strftime("%Y%m%d"), DAY - timedelta(days=b),
             (DAY - timedelta(days=b)).timetuple().tm_yday) for b in range(0, 400)}


# --------------------------------------------------------------------------------------------------------------
# enterprise profiles
# --------------------------------------------------------------------------------------------------------------

class Ent:
    __slots__ = ("eid", "cat", "size", "auto", "state", "batch_ids", "silent_since", "stop_since")

    def __init__(self, eid, cat, size, auto, state):
        self.eid = eid
        self.cat = cat
        self.size = size
        self.auto = auto
        self.state = state  # prod | stop | idle | dormant | silent(planted)
        self.batch_ids: list[int] = []
        self.silent_since = 0
        self.stop_since = 0


def _profiles(rng: random.Random, n: int) -> list[Ent]:
    out = []
    for eid in range(1, n + 1):
        cat = rng.choices((3001, 3002, 3003), (0.40, 0.35, 0.25))[0]
        size = rng.choices("SML", (0.45, 0.35, 0.20))[0]
        auto = rng.random() < {"S": 0.10, "M": 0.35, "L": 0.75}[size]
        r = rng.random()
        state = "stop" if r < 0.04 else "idle" if r < 0.065 else "dormant" if r < 0.075 else "prod"
        e = Ent(eid, cat, size, auto, state)
        e.stop_since = rng.randint(3, 20)
        out.append(e)
    return out


# --------------------------------------------------------------------------------------------------------------
# mass balance
# --------------------------------------------------------------------------------------------------------------

_YIELD = {  # mu range, sd range (per product)
    3001: ((0.930, 0.975), (0.004, 0.012)),
    3002: ((0.620, 0.850), (0.010, 0.028)),
    3003: ((0.975, 0.992), (0.002, 0.005)),
}
_SIZE_KG = {"S": (80, 600), "M": (500, 3000), "L": (2000, 10000)}


def _mass_balance(rng, e: Ent, planted: bool, ctr, pid_ctr, rows: list, notes: dict):
    nprod = {"S": rng.randint(1, 2), "M": rng.randint(2, 3), "L": rng.randint(3, 5)}[e.size]
    (mlo, mhi), (slo, shi) = _YIELD[e.cat]
    trap = None
    r = rng.random()
    if r < 0.08 and (e.auto or e.size == "L"):  # ~3.5% of all producers
        trap = "stable"
    elif 0.08 <= r < 0.12:
        trap = "newprod"
    elif 0.12 <= r < 0.19 and e.size == "S":  # ~3% of all producers
        trap = "rounding"
    prods = []
    for j in range(nprod):
        mu = rng.uniform(mlo, mhi)
        sd = rng.uniform(slo, shi)
        amp = rng.uniform(0.02, 0.05) if e.cat == 3002 else rng.uniform(0.0, 0.006)
        phase = rng.uniform(0, 365)
        has_range = rng.random() < 0.7
        res = {"S": 1.0, "M": rng.choice((0.1, 1.0)), "L": 0.1}[e.size]
        kg = _SIZE_KG[e.size]
        p = dict(pid=pid_ctr(), mu=mu, sd=sd, amp=amp, phase=phase, res=res, kg=kg, nnew=0,
                 nhist={"S": rng.randint(3, 12), "M": rng.randint(8, 24), "L": rng.randint(15, 35)}[e.size],
                 span=365 if e.cat == 3002 else 150, rsd=sd)
        prods.append(p)
    if trap == "stable":
        p = prods[0]
        p["rsd"] = max(p["sd"], 0.008)
        p["sd"] = rng.uniform(0.0008, 0.0015)
        p["amp"] = 0.0
        has_range_for = {0}
    if trap == "newprod":
        prods[-1]["nhist"] = rng.randint(0, 2)
    if trap == "rounding":
        for p in prods:
            p["res"] = 5.0
            p["kg"] = (60, 220)
    # today's batches
    nnew = {"S": rng.choice((1, 1, 2)), "M": rng.randint(1, 4), "L": rng.randint(2, 8)}[e.size]
    for _ in range(nnew):
        rng.choice(prods)["nnew"] += 1
    if trap in ("stable", "newprod"):
        tp = prods[0] if trap == "stable" else prods[-1]
        tp["nnew"] = max(tp["nnew"], 1)
    # declared ranges
    for i, p in enumerate(prods):
        hr = rng.random() < 0.7
        if trap == "stable" and i == 0:
            hr = True
        if trap == "newprod" and i == len(prods) - 1 and p["nhist"] == 0:
            hr = True
        if trap == "rounding":
            hr = rng.random() < 0.4
        p["range"] = None
        if hr:
            w = max(4 * p["rsd"], 0.015)
            lo = p["mu"] - p["amp"] - w - rng.uniform(0, 0.02)
            hi = p["mu"] + p["amp"] + w + rng.uniform(0, 0.02)
            if trap == "rounding":
                lo -= 0.05
                hi += 0.05
            hi = min(hi, 1.0 if e.cat != 3002 else 0.97)
            p["range"] = (round(lo, 3), round(hi, 3))
    variant = None
    if planted:
        variant = rng.choices(("M1", "M2", "M3", "M4", "M5", "M6"), (15, 20, 20, 10, 15, 20))[0]
        tp = rng.choice(prods)
        if variant in ("M2", "M5"):
            if tp["range"] is None:
                w = max(4 * tp["rsd"], 0.015)
                tp["range"] = (round(tp["mu"] - tp["amp"] - w, 3),
                               round(min(tp["mu"] + tp["amp"] + w, 1.0 if e.cat != 3002 else 0.97), 3))
        if variant == "M6":
            tp["range"] = None
            tp["nhist"] = max(tp["nhist"], 8)
        tp["nnew"] = max(tp["nnew"], 3 if variant == "M5" else 1)
        tp["planted"] = variant
        notes.setdefault("mass_balance", {})[e.eid] = variant

    def yf(p, back: int) -> float:
        doy = _DSTR[back][2]
        return p["mu"] + p["amp"] * math.sin(2 * math.pi * (doy - p["phase"]) / 365.0)

    def honest_row(p, d: date, y: float, new: bool, num: str):
        rngp = p["range"]
        if rngp:
            y = min(max(y, rngp[0] + 0.002), rngp[1] - 0.002)
        y = min(y, 0.997)
        klo, khi = p["kg"]
        consumed = round(klo + (khi - klo) * rng.random(), 1)
        res = p["res"]
        output = round(consumed * y, 1) if res == 0.1 else float(round(consumed * y)) if res == 1.0 else \
            res * round(consumed * y / res)
        while output >= consumed:
            output -= res if res < consumed / 4 else 1.0
        if rngp and not (rngp[0] <= output / consumed <= rngp[1]):  # rounding pushed it out: record finer
            output = round(consumed * y, 1)
        bid = ctr()
        rows.append(BatchRow(bid, e.eid, p["pid"], num, consumed, float(output), new, p["range"]))
        return bid

    for pi, p in enumerate(prods):
        prefix = f"{e.cat % 10}{e.eid:05d}{pi}"
        hist_days = sorted(rng.sample(range(1, p["span"]), min(p["nhist"], p["span"] - 1)), reverse=True)
        for k, back in enumerate(hist_days):
            ds, d, _doy = _DSTR[back]
            y = yf(p, back) + rng.gauss(0, p["sd"])
            if rng.random() < 0.02:
                y -= rng.uniform(2, 4) * p["sd"]  # start-up / changeover batch
            honest_row(p, d, y, False, prefix + ds + str(k % 10))
        pv = p.get("planted")
        nbad = 0
        if pv:
            nbad = p["nnew"] if pv == "M5" else rng.randint(1, p["nnew"])
        for k in range(p["nnew"]):
            num = f"{prefix}{DAY:%Y%m%d}{k + 1}"
            if k < nbad:
                consumed = round(rng.uniform(*p["kg"]), 1)
                rg = p["range"]
                base = yf(p, 0)
                if pv == "M1":
                    y = rng.uniform(1.06, 1.45)
                elif pv == "M2":
                    y = rg[1] + rng.uniform(0.03, 0.08)
                elif pv == "M3":
                    if rg:
                        y = rg[0] - rng.uniform(0.08, 0.25)
                    else:
                        y = base - max(0.10, 5 * (p["sd"] + p["amp"])) - rng.uniform(0.0, 0.10)
                elif pv == "M4":
                    y = base
                elif pv == "M5":
                    y = rg[1] + rng.uniform(0.010, 0.025)
                else:  # M6
                    dev = max(8 * (p["sd"] + p["amp"]), 0.05) + rng.uniform(0, 0.04)
                    y = base + dev if rng.random() < 0.5 else base - dev
                output = round(consumed * y, 1)
                if pv == "M4":
                    consumed = 0.0 if rng.random() < 0.33 else round(consumed * rng.uniform(0.02, 0.3), 1)
                bid = ctr()
                rows.append(BatchRow(bid, e.eid, p["pid"], num, consumed, output, True, rg))
            else:
                y = yf(p, 0) + rng.gauss(0, p["sd"])
                if trap == "stable" and pi == 0 and k == 0:
                    y = p["mu"] + rng.choice((-1, 1)) * rng.uniform(4, 7) * p["sd"]
                bid = honest_row(p, DAY, y, True, num)
            e.batch_ids.append(bid)
    if trap:
        notes.setdefault("mb_noise", {})[e.eid] = trap


# --------------------------------------------------------------------------------------------------------------
# back-dating
# --------------------------------------------------------------------------------------------------------------

_ROUTINE = (("CCPRecord", "关键控制点的控制记录", 30), ("CleanroomReading", "车间洁净度控制记录", 20),
            ("FeedingRecord", "生产投料记录", 15), ("CleaningRecord", "设备设施清洗记录", 10),
            ("IncomingInspection", "进货查验记录", 8), ("ClearanceRecord", "清场记录", 6),
            ("BatchingRecord", "配料记录", 8))
_RT_W = [w for _, _, w in _ROUTINE]


def _rec(ctr, e, typ, stated, text="", released=None):
    return RecordRow(typ, ctr(), e.eid, stated, DAY, text, released)


def _routine_day(rng, ctr, e, d: date, scale: float, out: list, release_same_day: bool):
    lo, hi = {"S": (4, 12), "M": (12, 30), "L": (30, 70)}[e.size]
    cnt = max(1, int(rng.randint(lo, hi) * scale))
    for _ in range(cnt):
        t, txt, _w = rng.choices(_ROUTINE, _RT_W)[0]
        lag = 0 if rng.random() < 0.85 or d != DAY else 1
        out.append(_rec(ctr, e, t, d - timedelta(days=lag), txt))
    out.append(_rec(ctr, e, "DailyCheck", d, "每日食品安全检查记录"))
    nrel = {"S": rng.randint(0, 1), "M": rng.randint(0, 3), "L": rng.randint(1, 5)}[e.size]
    for _ in range(nrel):
        if release_same_day:  # outage backlog: test done on d; batch released locally on d, or still held
            rel = d if rng.random() < 0.5 else None
            out.append(_rec(ctr, e, "ReleaseTest", d - timedelta(days=rng.randint(0, 1)), "出厂检验记录", rel))
        elif rng.random() < 0.6:
            out.append(_rec(ctr, e, "ReleaseTest", DAY - timedelta(days=rng.randint(0, 4)), "出厂检验记录", DAY))
        else:
            out.append(_rec(ctr, e, "ReleaseTest", DAY - timedelta(days=rng.randint(0, 5)), "出厂检验记录（待放行）"))


def _back_dating(rng, e: Ent, planted: bool, ctr, out: list, notes: dict):
    noise = []
    k = 0
    if rng.random() < 0.035:  # network outage / backlog: several days arrive at once
        k = rng.randint(2, 6)
        for back in range(k, 0, -1):
            _routine_day(rng, ctr, e, DAY - timedelta(days=back), rng.uniform(0.7, 1.0), out, True)
        noise.append(f"outage{k}")
    _routine_day(rng, ctr, e, DAY, 1.0, out, False)
    if rng.random() < 0.15:
        out.append(_rec(ctr, e, "WeeklyReview", DAY - timedelta(days=rng.choice((1, 4))), "每周食品安全排查治理报告"))
    if rng.random() < 0.20:
        out.append(_rec(ctr, e, "MonthlyMeeting", DAY - timedelta(days=rng.randint(1, 5)), "每月食品安全调度会议纪要"))
    # legitimately late external / periodic records
    if rng.random() < 0.03:
        out.append(_rec(ctr, e, "ThirdPartyReport", DAY - timedelta(days=rng.randint(7, 25)), "洁净区空气洁净度第三方检测报告"))
        noise.append("thirdparty")
    if rng.random() < 0.03:
        out.append(_rec(ctr, e, "PestControl", DAY - timedelta(days=rng.randint(3, 20)), "除虫灭害记录（外包服务商报告）"))
        noise.append("pest")
    if rng.random() < 0.025:
        for _ in range(rng.randint(1, 6)):
            out.append(_rec(ctr, e, "HealthCheck", DAY - timedelta(days=rng.randint(5, 25)), "人员健康检查记录（体检机构结果）"))
        noise.append("health")
    if rng.random() < 0.025:
        out.append(_rec(ctr, e, "TrainingRecord", DAY - timedelta(days=rng.randint(3, 20)), "人员培训考核记录（外部培训证书）"))
        noise.append("training")
    if rng.random() < 0.015:
        out.append(_rec(ctr, e, "MonthlyMeeting", date(2026, 11, 1), "2026年11月 每月食品安全调度会议纪要（所属期 11月）"))
        noise.append("monthly_period_start")
    if noise:
        notes.setdefault("bd_noise", {})[e.eid] = noise
    if not planted:
        return
    v = rng.choices(("B1", "B2", "B3", "B4", "B5"), (25, 20, 25, 10, 20))[0]
    notes.setdefault("back_dating", {})[e.eid] = v
    if v == "B1":  # a stretch of daily checks written up before an inspection
        end = rng.randint(8, 30)
        length = rng.randint(10, 40)
        for back in range(end + length - 1, end - 1, -1):
            out.append(_rec(ctr, e, "DailyCheck", DAY - timedelta(days=back), "每日食品安全检查记录"))
    elif v == "B2":  # scattered real-time records filled in weeks later
        for _ in range(rng.randint(2, 6)):
            t, txt, _w = rng.choice(_ROUTINE[:4])
            out.append(_rec(ctr, e, t, DAY - timedelta(days=rng.randint(10, 45)), txt))
    elif v == "B3":  # release test entered after the batch was released, with an earlier stated date
        for _ in range(rng.randint(1, 4)):
            rel = DAY - timedelta(days=rng.randint(max(2, k + 2), 12 + k))  # never inside an outage window
            out.append(_rec(ctr, e, "ReleaseTest", rel - timedelta(days=rng.randint(0, 3)), "出厂检验记录", rel))
    elif v == "B4":  # one old real-time record
        t, txt, _w = rng.choice((_ROUTINE[0], _ROUTINE[2], _ROUTINE[5]))
        out.append(_rec(ctr, e, t, DAY - timedelta(days=rng.randint(9, 25)), txt))
    else:  # B5: missing weekly reviews / monthly meetings written up at once
        for w in range(rng.randint(3, 8)):
            out.append(_rec(ctr, e, "WeeklyReview", date(2026, 11, 20) - timedelta(days=7 * w), "每周食品安全排查治理报告"))
        if rng.random() < 0.5:
            for m_end in (date(2026, 10, 30), date(2026, 9, 29), date(2026, 8, 28))[: rng.randint(1, 3)]:
                out.append(_rec(ctr, e, "MonthlyMeeting", m_end, "每月食品安全调度会议纪要"))


# --------------------------------------------------------------------------------------------------------------
# refused attempts
# --------------------------------------------------------------------------------------------------------------

_REL_REASONS = ("出厂检验未完成", "出厂检验不合格", "CCP偏差未关闭", "留样未登记")
_SHIP_REASONS = ("批次未放行", "批次已冻结", "批次不合格")


def _at(sec: int) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day) + timedelta(seconds=max(0, min(86399, sec)))


def _refusals(rng, e: Ent, planted: bool, ctr, out: list, notes: dict):
    def bid():
        if e.batch_ids and rng.random() < 0.8:
            return rng.choice(e.batch_ids)
        return ctr()

    def add(b, gate, reason, sec):
        out.append(RefusalRow(ctr(), e.eid, b, gate, reason, _at(sec)))

    work = lambda: rng.randint(8 * 3600, 18 * 3600)  # noqa: E731
    r = rng.random()
    if r < 0.05:  # one mistaken attempt
        gate = rng.choice(("release", "release", "shipment"))
        add(bid(), gate, rng.choice(_REL_REASONS[:1] + _REL_REASONS[3:]) if gate == "release" else "批次未放行", work())
        notes.setdefault("rf_noise", {})[e.eid] = "single"
    elif r < 0.07:  # double submit / retry after a network timeout
        b, t = bid(), work()
        add(b, "release", "出厂检验未完成", t)
        add(b, "release", "出厂检验未完成", t + rng.randint(3, 90))
        notes.setdefault("rf_noise", {})[e.eid] = "double_click"
    elif r < 0.09 and e.size in "ML":  # busy plant: a couple of batches tried while results pending
        for _ in range(rng.randint(2, 3)):
            add(bid(), "release", "出厂检验未完成", work())
        notes.setdefault("rf_noise", {})[e.eid] = "busy_pending"
    elif r < 0.10:
        add(None, "shipment", "未选择批次", work())
        notes.setdefault("rf_noise", {})[e.eid] = "no_batch"
    if not planted:
        return
    v = rng.choices(("P1", "P2", "P3", "P4", "P5"), (20, 20, 25, 20, 15))[0]
    notes.setdefault("refused_attempts", {})[e.eid] = v
    if v == "P1":  # hammering one batch at the release gate
        b, t = bid(), rng.randint(7 * 3600, 12 * 3600)
        for _ in range(rng.randint(5, 15)):
            add(b, "release", rng.choice(("出厂检验不合格", "出厂检验不合格", "CCP偏差未关闭")), t)
            t += rng.randint(60, 2400)
    elif v == "P2":  # shipping many unreleased batches
        for _ in range(rng.randint(4, 9)):
            add(ctr(), "shipment", rng.choice(("批次未放行", "批次未放行", "批次已冻结")), work())
    elif v == "P3":  # failed batch: refused at release, then pushed to the shipment gate
        b, t = bid(), rng.randint(8 * 3600, 14 * 3600)
        add(b, "release", "出厂检验不合格", t)
        for _ in range(rng.randint(2, 4)):
            t += rng.randint(600, 7200)
            add(b, "shipment", rng.choice(("批次未放行", "批次不合格")), t)
    elif v == "P4":  # a few attempts with changing reasons (trying workarounds)
        b, t = bid(), work() - 4 * 3600
        for reason in rng.sample(_REL_REASONS, rng.randint(3, 4)):
            add(b, "release", reason, t)
            t += rng.randint(1200, 7200)
    else:  # P5: night-time shipment attempts
        bs = [bid(), bid()]
        for _ in range(rng.randint(3, 5)):
            add(rng.choice(bs), "shipment", "批次未放行", rng.randint(0, 5 * 3600))


# --------------------------------------------------------------------------------------------------------------
# too-regular values
# --------------------------------------------------------------------------------------------------------------
# (type, key, mean, sd, resolution, limit_min, limit_max, kind)
_COMMON = (("CleanroomReading", "洁净区 压差", 15.0, 2.0, 1.0, 10.0, None, "cont"),
           ("CleanroomReading", "洁净区 温度", 21.0, 0.8, 0.1, 16.0, 25.0, "cont"),
           ("CleanroomReading", "洁净区 相对湿度", 50.0, 4.0, 1.0, None, 65.0, "cont"),
           ("CleanroomReading", "沉降菌", 2.0, 0.0, 1.0, None, 100.0, "settle"))
_CAT = {
    3001: (("ReleaseTest", "水分", 3.6, 0.35, 0.01, None, 6.0, "cont"),
           ("CCPRecord", "干燥 出口温度", 95.0, 1.2, 0.1, 90.0, 100.0, "cont"),
           ("ReleaseTest", "菌落总数", 0, 0, 1.0, None, 1000.0, "micro")),
    3002: (("CCPRecord", "杀菌 温度", 121.6, 0.30, 0.1, 121.0, None, "cont"),
           ("CCPRecord", "杀菌 F0值", 8.5, 0.8, 0.1, 6.0, None, "cont"),
           ("ReleaseTest", "pH", 3.95, 0.08, 0.01, None, 4.5, "cont"),
           ("CCPRecord", "灌装 净含量", 114.0, 0.9, 0.1, 110.0, None, "cont")),
    3003: (("CCPRecord", "配料 称量偏差", 0.0, 0.15, 0.01, -0.5, 0.5, "cont"),
           ("ReleaseTest", "维生素A", 380.0, 20.0, 1.0, 250.0, 600.0, "cont"),
           ("ReleaseTest", "水分", 3.0, 0.3, 0.01, None, 5.0, "cont"),
           ("ReleaseTest", "铁", 9.0, 0.5, 0.01, 6.0, 12.0, "cont")),
}


def _too_regular(rng, e: Ent, planted: bool, ctr, out: list, notes: dict):
    cat_specs = list(_CAT[e.cat])
    pool = list(_COMMON) + cat_specs
    ns = {"S": rng.randint(2, 3), "M": rng.randint(3, 5), "L": rng.randint(4, 7)}[e.size]
    specs = rng.sample(pool, min(ns, len(pool)))
    if not any(s[7] == "cont" and s[0] != "CleanroomReading" for s in specs):
        specs.append(rng.choice([s for s in cat_specs if s[7] == "cont"]))
    nlo, nhi = {"S": (3, 10), "M": (10, 30), "L": (20, 60)}[e.size]
    trap = None
    r = rng.random()
    if r < 0.04:
        trap = "stable"
    elif r < 0.07:
        trap = "near_limit_process"
    elif r < 0.11:
        trap = "lod"
    elif r < 0.20 and e.cat == 3002:  # ~3% of all producers
        trap = "setpoint"
    if trap == "lod":
        if not any(s[7] in ("micro", "settle") for s in specs):
            specs.append(_CAT[3001][2] if e.cat == 3001 else _COMMON[3])
    series = []
    for s in specs:
        typ, key, mean, sd, res, lmin, lmax, kind = s
        nv = rng.randint(nlo, nhi)
        if kind == "cont":
            m = mean + rng.gauss(0, sd * 0.8)
            sdv = sd * rng.uniform(0.7, 1.4)
            series.append([typ, key, m, sdv, res, lmin, lmax, kind, nv])
        else:
            series.append([typ, key, mean, sd, res, lmin, lmax, kind, nv])
    if trap == "setpoint":
        sp = rng.choice((30.0, 35.0, 40.0))
        series.append(["CCPRecord", "杀菌 时间", sp, 0.0, 1.0, sp - 5.0, None, "setpoint", max(8, rng.randint(nlo, nhi))])
    conts = [i for i, s in enumerate(series) if s[7] == "cont"]
    if trap == "stable" and conts:
        i = rng.choice(conts)
        series[i][3] = series[i][3] * rng.uniform(0.25, 0.45)
        series[i][8] = max(series[i][8], 12)
    if trap == "near_limit_process":
        lim = [i for i in conts if series[i][5] is not None or series[i][6] is not None]
        if lim:
            i = rng.choice(lim)
            s = series[i]
            if s[6] is not None:
                s[2] = s[6] - rng.uniform(1.0, 2.0) * s[3]
            else:
                s[2] = s[5] + rng.uniform(1.0, 2.0) * s[3]
            s[8] = max(s[8], 12)
        else:
            trap = None
    variant, target = None, None
    if planted:
        variant = rng.choices(("T1", "T2", "T3", "T4", "T5"), (20, 20, 20, 25, 15))[0]
        cand = list(conts)
        if variant == "T3":
            fine = [i for i in cand if series[i][3] / series[i][4] >= 4]
            cand = fine or cand
        if variant == "T4":
            lim = [i for i in cand if series[i][5] is not None or series[i][6] is not None]
            cand = lim or cand
        target = rng.choice(cand)
        series[target][8] = max(series[target][8], rng.randint(10, 30))
        notes.setdefault("too_regular", {})[e.eid] = f"{variant}:{series[target][1]}"
    if trap:
        notes.setdefault("tr_noise", {})[e.eid] = trap

    for i, s in enumerate(series):
        typ, key, m, sdv, res, lmin, lmax, kind, nv = s
        if kind == "cont":
            vals = [_q(rng.gauss(m, sdv), res) for _ in range(nv)]
        elif kind == "setpoint":
            vals = [m] * nv
        elif kind == "micro":
            if trap == "lod":
                vals = [10.0] * nv  # all "<10 CFU/g" reported as the LOD
            else:
                plod = rng.uniform(0.4, 0.9)
                vals = [10.0 if rng.random() < plod else float(round(math.exp(rng.gauss(3.5, 0.8))) + 10)
                        for _ in range(nv)]
        else:  # settle plates, cfu/4h
            if trap == "lod":
                vals = [0.0] * nv
            else:
                lam = rng.uniform(0.5, 4.0)
                vals = [float(_poisson(rng, lam)) for _ in range(nv)]
        if i == target:
            vals = _plant_regular(rng, variant, vals, m, sdv, res, lmin, lmax)
        out.append(Series(e.eid, typ, key, [ctr() for _ in vals], vals, lmin, lmax))


def _poisson(rng, lam):
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def _plant_regular(rng, v, vals, m, sd, res, lmin, lmax):
    n = len(vals)
    if v == "T1":  # identical every time
        c = _q(m, res)
        return [c] * n
    if v == "T2":  # a block copied over and over
        b = rng.randint(3, 6)
        block = vals[:b]
        return [block[i % b] for i in range(n)]
    if v == "T3":  # far too little variance
        return [_q(rng.gauss(m, sd / 15.0), res) for _ in range(n)]
    if v == "T4":  # clustered just inside a limit
        if lmax is not None:
            return [_q(lmax - res - abs(rng.gauss(0, 0.2 * sd)), res) for _ in range(n)]
        if lmin is not None:
            return [_q(lmin + res + abs(rng.gauss(0, 0.2 * sd)), res) for _ in range(n)]
        c = _q(m, res)
        return [c] * n
    # T5: natural at first, then the same value copied forward
    cut = rng.randint(max(2, n // 3), max(3, n // 2))
    c = vals[cut - 1]
    return vals[:cut] + [c] * (n - cut)


# --------------------------------------------------------------------------------------------------------------
# silence
# --------------------------------------------------------------------------------------------------------------

def _activity(rng, e: Ent, planted: bool, ctr, out: list, notes: dict):
    lic = e.state != "dormant"
    stopped = False
    if planted:
        v = rng.choices(("S1", "S2", "S3"), (55, 25, 20))[0]
        pushes = 0
        ships = {"S1": rng.randint(8, 60), "S2": rng.randint(1, 3), "S3": rng.randint(4, 12)}[v]
        notes.setdefault("silence", {})[e.eid] = v
    elif e.state == "stop":
        stopped = True
        pushes = 0 if rng.random() < 0.8 else rng.randint(1, 3)
        ships = rng.randint(1, 20) if rng.random() < 0.7 else 0
        notes.setdefault("si_noise", {})[e.eid] = "stopped_selling_stock" if ships else "stopped"
    elif e.state in ("idle", "dormant"):
        pushes, ships = 0, 0
        notes.setdefault("si_noise", {})[e.eid] = e.state
    else:
        r = rng.random()
        if r < 0.02:
            pushes, ships = rng.randint(4, 10), rng.randint(20, 60)
            notes.setdefault("si_noise", {})[e.eid] = "campaign_then_shipping"
        elif r < 0.04 and e.size == "S":
            pushes, ships = rng.randint(1, 3), rng.randint(1, 2)
            notes.setdefault("si_noise", {})[e.eid] = "tiny"
        else:
            pushes = {"S": rng.randint(5, 40), "M": rng.randint(40, 200), "L": rng.randint(150, 800)}[e.size]
            ships = {"S": rng.randint(0, 10), "M": rng.randint(5, 30), "L": rng.randint(20, 120)}[e.size]
    sids = tuple(ctr() for _ in range(ships))
    out.append(Activity(e.eid, lic, pushes, ships, sids, stopped))


# --------------------------------------------------------------------------------------------------------------
# self-control theatre
# --------------------------------------------------------------------------------------------------------------

_DEV_LABELS = ("CCPRecord", "CleanroomReading", "ReleaseTest", "IncomingInspection", "FeedingRecord")
_DEV_W = (35, 30, 15, 12, 8)


def _theatre(rng, e: Ent, planted: bool, ctr, out: list, notes: dict):
    days = [DAY - timedelta(days=b) for b in range(29, -1, -1)]
    if e.state == "dormant":
        out.append(SelfControl(e.eid, (), ()))
        return
    if e.auto or e.size == "L":
        cdays = days
    elif e.size == "M":
        cdays = [d for d in days if d.weekday() < 5 or (d.weekday() == 5 and rng.random() < 0.5)]
    else:
        cdays = [d for d in days if d.weekday() < 5]
    if e.state == "stop":
        cdays = [d for d in cdays if d < DAY - timedelta(days=e.stop_since)]
    elif e.state == "idle":
        cdays = [d for d in cdays if rng.random() < 0.3]
    elif e.state == "silent":
        cdays = [d for d in cdays if d < DAY - timedelta(days=e.silent_since)]
    p_nz = rng.uniform(0.0, 0.08) if rng.random() < 0.5 else 0.0
    zr = {d: rng.random() >= p_nz for d in cdays}
    devs: list[tuple[str, int, date]] = []

    def dev(d):
        devs.append((rng.choices(_DEV_LABELS, _DEV_W)[0], ctr(), d))

    cset = set(cdays)
    if planted and len(cdays) >= 8:
        v = rng.choices(("C1", "C2", "C3"), (30, 40, 30))[0]
        notes.setdefault("theatre", {})[e.eid] = v
        for d in cdays:
            zr[d] = True
        if v == "C1":
            ddays = rng.sample(cdays, rng.randint(4, min(10, len(cdays) - 1)))
            for i in range(rng.randint(max(6, len(ddays)), 20)):
                dev(ddays[i % len(ddays)])
        elif v == "C2":
            for d in rng.sample(cdays, rng.randint(2, 4)):
                dev(d)
        else:
            ddays = rng.sample(cdays, rng.randint(3, min(6, len(cdays) - 2)))
            for d in ddays:
                for _ in range(rng.randint(1, 2)):
                    dev(d)
            rest = [d for d in cdays if not any(0 <= (d - x).days <= 3 for x in ddays)]
            if rest:  # a token "not zero risk" day, far from any deviation
                zr[rng.choice(rest)] = False
    elif cdays:
        r = rng.random()
        if r < 0.40:  # a few deviations, reported the same day
            for d in rng.sample(cdays, min(len(cdays), rng.randint(1, 3))):
                dev(d)
                zr[d] = False
        elif r < 0.43:  # reported on the next check day
            i = rng.randrange(len(cdays) - 1) if len(cdays) > 1 else 0
            dev(cdays[i])
            if i + 1 < len(cdays):
                zr[cdays[i]] = True
                zr[cdays[i + 1]] = False
            else:
                zr[cdays[i]] = False
            notes.setdefault("th_noise", {})[e.eid] = "next_day_report"
        elif r < 0.45:  # deviation on a non-check day (weekend / stop), reported next check day
            non = [d for d in days if d not in cset and any(c > d for c in cdays)]
            if non:
                d = rng.choice(non)
                dev(d)
                zr[min(c for c in cdays if c > d)] = False
                notes.setdefault("th_noise", {})[e.eid] = "off_day_deviation"
        elif r < 0.47:  # troubled month, honestly reported
            for d in rng.sample(cdays, min(len(cdays), rng.randint(4, 8))):
                for _ in range(rng.randint(1, 2)):
                    dev(d)
                zr[d] = False
            notes.setdefault("th_noise", {})[e.eid] = "many_reported"
        elif r < 0.48:  # one minor deviation, not reflected (borderline, kept honest)
            d = rng.choice(cdays)
            dev(d)
            for c in cdays:
                zr[c] = True
            notes.setdefault("th_noise", {})[e.eid] = "single_unreported"
    checks = tuple((ctr(), d, zr[d]) for d in cdays)
    out.append(SelfControl(e.eid, checks, tuple(devs)))


# --------------------------------------------------------------------------------------------------------------

def generate(n: int, seed: int, rate: float, _notes: dict | None = None):
    rng = random.Random(seed)
    ctr = _Ctr(1)
    pid_ctr = _Ctr(1)
    ents = _profiles(rng, n)
    k = max(0, int(round(rate * n)))
    prod = [e.eid for e in ents if e.state == "prod"]
    k_sil = min(k, len(prod) // 2)  # silent firms push nothing, so they cannot carry the other types
    silent = set(rng.sample(prod, k_sil))
    for eid in silent:
        ents[eid - 1].state = "silent"
        ents[eid - 1].silent_since = rng.randint(8, 25)
    active = [eid for eid in prod if eid not in silent]
    truth = {key: set() for key in KEYS}
    truth["silence"] = silent
    for key in ("mass_balance", "back_dating", "refused_attempts", "too_regular", "theatre"):
        truth[key] = set(rng.sample(active, min(k, len(active))))
    notes: dict = {} if _notes is None else _notes
    inputs = {key: [] for key in KEYS}
    for e in ents:
        if e.state == "prod":
            _mass_balance(rng, e, e.eid in truth["mass_balance"], ctr, pid_ctr, inputs["mass_balance"], notes)
            _back_dating(rng, e, e.eid in truth["back_dating"], ctr, inputs["back_dating"], notes)
            _refusals(rng, e, e.eid in truth["refused_attempts"], ctr, inputs["refused_attempts"], notes)
            _too_regular(rng, e, e.eid in truth["too_regular"], ctr, inputs["too_regular"], notes)
        _activity(rng, e, e.eid in silent, ctr, inputs["silence"], notes)
        _theatre(rng, e, e.eid in truth["theatre"], ctr, inputs["theatre"], notes)
    # theatre needs >= 8 check days; every active producer has them, but keep truth honest regardless
    truth["theatre"] = set(notes.get("theatre", {}))
    return inputs, truth, DAY


if __name__ == "__main__":
    from collections import Counter
    t0, c0 = time.perf_counter(), time.process_time()
    notes: dict = {}
    inputs, truth, day = generate(3000, 1, 0.05, notes)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    print(f"day={day} n=3000 rate=0.05 generation time {dt:.2f} s wall, {dc:.2f} s CPU")
    for key in KEYS:
        print(f"{key:17s} rows={len(inputs[key]):7d} planted={len(truth[key]):4d} "
              f"variants={dict(sorted(Counter(notes.get(key, {}).values() if key != 'too_regular' else (v.split(':')[0] for v in notes.get(key, {}).values())).items()))}")
    for nk in ("mb_noise", "bd_noise", "rf_noise", "tr_noise", "si_noise", "th_noise"):
        vals = notes.get(nk, {}).values()
        flat = [x for v in vals for x in (v if isinstance(v, list) else [v])]
        c = Counter(x.rstrip("0123456789") for x in flat)
        print(f"honest {nk:9s} enterprises={len(notes.get(nk, {})):4d} {dict(sorted(c.items()))}")
    # determinism
    a = generate(300, 7, 0.05)
    b = generate(300, 7, 0.05)
    print("deterministic:", a[1] == b[1] and a[0]["back_dating"] == b[0]["back_dating"])
