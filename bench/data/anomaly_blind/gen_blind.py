"""Blind planted-data generator for the issue-32 anomaly detectors.

Written without seeing the detectors: only issue32.md, schema.py and the shared regulatory background
(附件1 records 16-19, 30, 32; 日管控; 表9 clean-room limits). `generate()` returns (inputs, truth, day).
"""
from __future__ import annotations

import itertools
import math
import random
from datetime import date, datetime, timedelta

from schema import Activity, BatchRow, RecordRow, RefusalRow, SelfControl, Series

DAY = date(2026, 12, 1)
HIST_DAYS = 90
ACT_WINDOW = 14
SC_WINDOW = 30

# category: (yield base range, seasonal amplitude, batch-to-batch sd, half-width of declared range)
CATS = {
    "cereal": ((0.92, 0.97), 0.006, 0.006, (0.025, 0.035)),
    "canned": ((0.72, 0.88), 0.025, 0.014, (0.05, 0.07)),
    "supplement": ((0.970, 0.988), 0.002, 0.003, (0.010, 0.015)),
}

# series definitions: key, label, mean, sd, resolution, limit_min, limit_max
POINTS = {
    "canned": [
        ("杀菌 温度", "CCPRecord", 121.6, 0.35, 0.1, 121.0, None),
        ("杀菌 时间", "CCPRecord", 22.0, 0.45, 0.1, 20.0, None),
        ("配料 pH", "CCPRecord", 3.95, 0.12, 0.01, None, 4.6),
        ("原料验收 温度", "CCPRecord", 2.6, 0.8, 0.1, None, 7.0),
    ],
    "cereal": [
        ("成型 温度", "CCPRecord", 165.0, 3.0, 1.0, 150.0, 180.0),
        ("干燥 水分", "CCPRecord", 3.8, 0.35, 0.1, None, 5.0),
        ("出厂检验 水分", "ReleaseTest", 4.1, 0.4, 0.1, None, 6.0),
        ("配料 称量偏差", "CCPRecord", 0.0, 0.6, 0.1, -2.0, 2.0),
    ],
    "supplement": [
        ("配料 称量偏差", "CCPRecord", 0.0, 0.5, 0.1, -2.0, 2.0),
        ("出厂检验 水分", "ReleaseTest", 3.0, 0.4, 0.1, None, 5.0),
        ("原料验收 水分", "CCPRecord", 6.5, 0.6, 0.1, None, 9.0),
    ],
}
CLEANROOM = [
    ("洁净区 温度", "CleanRoomReading", 21.0, 1.0, 0.1, 16.0, 25.0),
    ("洁净区 相对湿度", "CleanRoomReading", 52.0, 4.0, 1.0, None, 65.0),
    ("洁净区 压差", "CleanRoomReading", 14.0, 1.6, 0.5, 10.0, None),
]

REC_TYPES = [  # (label, text, weight)
    ("CCPRecord", "关键控制点的控制记录", 6), ("BatchingRecord", "配料记录", 4),
    ("FeedingRecord", "生产投料记录", 4), ("CleaningRecord", "生产场所清洁记录", 2),
    ("EquipmentCleaning", "设备设施清洗记录", 2), ("CleanRoomReading", "车间洁净度控制记录", 2),
    ("ClearanceRecord", "清场记录", 1), ("WarehouseRecord", "库房保管记录", 2),
    ("PersonnelEntry", "人员进出记录", 2), ("IncomingInspection", "原料检验记录", 1),
    ("SaleRecord", "销售记录", 2), ("DailyCheck", "每日食品安全检查记录", 1),
]
LATE_TYPES = [("PestControl", "除虫灭害记录"), ("TrainingRecord", "人员培训考核记录"),
              ("HealthRecord", "人员健康管理记录"), ("Maintenance", "设备设施维修保养记录")]
REASONS = ["出厂检验未完成", "出厂检验不合格", "批次未放行", "CCP偏差未关闭", "留样记录缺失",
           "放行批准人未签字", "标签审核未通过"]
DEV_LABELS = ["CCPRecord", "CCPRecord", "CleanRoomReading", "ReleaseTest", "IncomingInspection"]


def _rnd(x: float, res: float) -> float:
    return round(round(x / res) * res, 6)


def generate(n: int = 1000, seed: int = 1, rate: float = 0.03):
    rng = random.Random(seed)
    ids = itertools.count(1)
    day = DAY
    eids = [100000 + i for i in range(n)]
    k = max(1, round(rate * n))

    # --- enterprise profiles -------------------------------------------------------------------
    prof = {}
    for e in eids:
        r = rng.random()
        size = "small" if r < 0.3 else ("medium" if r < 0.8 else "large")
        cat = rng.choices(["cereal", "canned", "supplement"], [0.5, 0.3, 0.2])[0]
        prof[e] = {"size": size, "cat": cat}
    # honest situations decided first (stopped / unlicensed / idle), then plants among the rest
    order = eids[:]
    rng.shuffle(order)
    n_stop = round(0.03 * n)
    n_unlic = round(0.015 * n)
    n_idle = round(0.01 * n)
    stopped = set(order[:n_stop])
    unlicensed = set(order[n_stop:n_stop + n_unlic])
    idle = set(order[n_stop + n_unlic:n_stop + n_unlic + n_idle])
    inactive = stopped | unlicensed | idle
    active = [e for e in eids if e not in inactive]

    truth: dict[str, set[int]] = {}
    silence = set(rng.sample(active, k))
    truth["silence"] = set(silence)
    producing = [e for e in active if e not in silence]
    for t in ("mass_balance", "back_dating", "refused_attempts", "too_regular", "theatre"):
        truth[t] = set(rng.sample(producing, k))
    not_pushing = inactive | silence

    inputs: dict[str, list] = {}

    # --- mass balance ----------------------------------------------------------------------------
    batches: list[BatchRow] = []
    for e in eids:
        p = prof[e]
        cat = p["cat"]
        (blo, bhi), seas, sd, (hwlo, hwhi) = CATS[cat]
        size = p["size"]
        nprod = {"small": rng.randint(1, 2), "medium": rng.randint(1, 3), "large": rng.randint(2, 5)}[size]
        bsize = {"small": (150, 800), "medium": (800, 3000), "large": (3000, 12000)}[size]
        per90 = {"small": (1, 10), "medium": (10, 35), "large": (30, 80)}[size]
        planted = e in truth["mass_balance"]
        plant_prod = rng.randrange(nprod) if planted else -1
        variant = rng.choice(["blatant_over", "subtle_over", "under", "gt_input", "norange_jump", "period"]) \
            if planted else None
        for pi in range(nprod):
            pid = e * 10 + pi
            base = rng.uniform(blo, bhi)
            has_range = rng.random() < 0.7
            if variant == "norange_jump" and pi == plant_prod:
                has_range = False
            elif planted and pi == plant_prod:
                has_range = True
            hw = rng.uniform(hwlo, hwhi)
            yr = (round(base - hw, 3), round(min(base + hw * 0.8, 0.995), 3)) if has_range else None
            phase = rng.uniform(0, 2 * math.pi)
            psd = sd * rng.uniform(0.7, 1.3)
            res_c = rng.choice([1.0, 1.0, 5.0, 10.0])
            res_o = rng.choice([0.1, 0.5, 1.0])
            nh = rng.randint(*per90)
            if rng.random() < 0.04:
                nh = 0  # new product, first batches
            if planted and pi == plant_prod and variant == "norange_jump":
                nh = max(nh, 10)
            last_hist = day - timedelta(days=ACT_WINDOW + 1) if e in not_pushing else day - timedelta(days=1)
            span = (last_hist - (day - timedelta(days=HIST_DAYS))).days

            def honest_yield(t_days_ago: float) -> float:
                s = seas * math.sin(phase + 2 * math.pi * t_days_ago / 365.0)
                for _ in range(20):
                    y = base + s + rng.gauss(0, psd)
                    if yr is None or yr[0] + 0.002 <= y <= yr[1] - 0.002:
                        return y
                return base + s

            def mk(num, cons, y, new):
                cons = max(res_c, _rnd(cons, res_c))
                out = _rnd(cons * y, res_o)
                batches.append(BatchRow(next(ids), e, pid, num, float(cons), float(out), new, yr))

            dates = sorted(rng.randint(0, max(span, 0)) for _ in range(nh))
            for j, d in enumerate(dates):
                bd = last_hist - timedelta(days=d)
                ago = (day - bd).days
                mk(f"P{pid}-{bd:%Y%m%d}-{j:02d}", rng.uniform(*bsize), honest_yield(ago), False)
            if e in not_pushing:
                continue
            nnew = rng.choices([0, 1, 2, 3], [0.35, 0.4, 0.18, 0.07])[0] if size != "large" else \
                rng.choices([0, 1, 2, 3, 4], [0.15, 0.35, 0.25, 0.15, 0.1])[0]
            if pi == plant_prod:
                nnew = max(nnew, 3 if variant == "period" else 1)
            bad = rng.randrange(nnew) if pi == plant_prod else -1
            for j in range(nnew):
                cons = rng.uniform(*bsize)
                y = honest_yield(0)
                if pi == plant_prod and (j == bad or variant == "period"):
                    if variant == "blatant_over":
                        y = yr[1] + rng.uniform(0.05, 0.2)
                    elif variant == "subtle_over":
                        y = yr[1] + rng.uniform(0.012, 0.03)
                    elif variant == "under":
                        y = yr[0] - rng.uniform(0.04, 0.2)
                    elif variant == "gt_input":
                        y = rng.uniform(1.05, 1.4)
                    elif variant == "norange_jump":
                        y = base + rng.choice([-1, 1]) * rng.uniform(0.06, 0.15)
                    elif variant == "period":
                        y = yr[1] + rng.uniform(0.006, 0.015)
                mk(f"P{pid}-{day:%Y%m%d}-{j:02d}", cons, y, True)
    inputs["mass_balance"] = batches

    # --- back-dating -----------------------------------------------------------------------------
    recs: list[RecordRow] = []
    labels = [t[0] for t in REC_TYPES]
    texts = {t[0]: t[1] for t in REC_TYPES}
    weights = [t[2] for t in REC_TYPES]

    def rec(e, lab, stated, txt=None, released=None):
        recs.append(RecordRow(lab, next(ids), e, stated, day, txt or texts.get(lab, lab), released))

    for e in eids:
        if e in not_pushing:
            continue
        size = prof[e]["size"]
        m = {"small": (3, 10), "medium": (8, 25), "large": (20, 50)}[size]
        if e in stopped:
            m = (0, 3)
        for _ in range(rng.randint(*m)):
            lab = rng.choices(labels, weights)[0]
            lag = rng.choices([0, 1, 2], [0.86, 0.13, 0.01])[0]
            rec(e, lab, day - timedelta(days=lag))
        for _ in range(rng.randint(0, {"small": 1, "medium": 2, "large": 4}[size])):
            st = day - timedelta(days=rng.choice([0, 1]))
            rec(e, "ReleaseTest", st, "出厂检验记录", rng.choice([day, None]))
        r = rng.random()
        if r < 0.06:  # network outage: yesterday's / day-before's records arrive today
            back = rng.choice([1, 2, 2, 3])
            for _ in range(rng.randint(5, 30)):
                rec(e, rng.choices(labels, weights)[0], day - timedelta(days=rng.randint(1, back)))
            for _ in range(rng.randint(0, 2)):  # tests of batches released during the outage
                st = day - timedelta(days=rng.randint(1, min(back, 2)))
                rec(e, "ReleaseTest", st, "出厂检验记录", st)
        elif r < 0.09:  # weekly review for the week ended Sunday, monthly meeting for November
            rec(e, "WeeklyReview", day - timedelta(days=2), "每周食品安全排查治理报告")
            if rng.random() < 0.5:
                rec(e, "MonthlyMeeting", day - timedelta(days=1), "每月食品安全调度会议纪要")
        elif r < 0.11:  # borderline honest: a contractor's maintenance / pest report entered late
            lab, txt = rng.choice(LATE_TYPES)
            rec(e, lab, day - timedelta(days=rng.randint(3, 5)), txt)
        if e in truth["back_dating"]:
            v = rng.choice(["bulk", "bulk", "moderate", "subtle", "release", "release_subtle"])
            if v == "bulk":  # filling in before an inspection
                start = rng.randint(15, 60)
                for _ in range(rng.randint(15, 80)):
                    lab = rng.choices(labels + [l for l, _ in LATE_TYPES], weights + [1] * 4)[0]
                    rec(e, lab, day - timedelta(days=rng.randint(4, start)), None)
            elif v == "moderate":
                lab = rng.choice(["CleaningRecord", "CCPRecord", "PersonnelEntry", "EquipmentCleaning"])
                for _ in range(rng.randint(5, 12)):
                    rec(e, lab, day - timedelta(days=rng.randint(5, 20)))
            elif v == "subtle":
                for _ in range(rng.randint(2, 4)):
                    rec(e, rng.choices(labels, weights)[0], day - timedelta(days=rng.randint(7, 14)))
            else:
                nt = rng.randint(2, 5) if v == "release" else 1
                for _ in range(nt):
                    rel = day - timedelta(days=rng.randint(4, 20) if v == "release" else rng.randint(4, 7))
                    st = rel - timedelta(days=rng.choice([0, 0, 1]))
                    rec(e, "ReleaseTest", st, "出厂检验记录", rel)
    inputs["back_dating"] = recs

    # --- refused attempts ------------------------------------------------------------------------
    refs: list[RefusalRow] = []
    bids_by_e: dict[int, list[int]] = {}
    for b in batches:
        if b.new:
            bids_by_e.setdefault(b.enterprise_id, []).append(b.id)

    def at(h0=7.0, h1=20.0):
        return datetime.combine(day, datetime.min.time()) + timedelta(minutes=int(rng.uniform(h0, h1) * 60))

    def bid(e):
        lst = bids_by_e.get(e)
        return rng.choice(lst) if lst and rng.random() < 0.8 else next(ids) + 10_000_000

    for e in eids:
        if e in not_pushing:
            continue
        r = rng.random()
        if r < 0.10:  # one mistaken attempt
            refs.append(RefusalRow(next(ids), e, bid(e), rng.choice(["release", "shipment"]),
                                   rng.choice(REASONS), at()))
        elif r < 0.125 and prof[e]["size"] != "small":  # two batches, two different reasons
            rs = rng.sample(REASONS, 2)
            for x in range(2):
                refs.append(RefusalRow(next(ids), e, bid(e), rng.choice(["release", "shipment"]), rs[x], at()))
        elif r < 0.14:  # borderline: retry after fixing one problem, refused for the next one
            b = bid(e)
            t = at(8, 15)
            rs = rng.sample(REASONS, 2)
            refs.append(RefusalRow(next(ids), e, b, "release", rs[0], t))
            refs.append(RefusalRow(next(ids), e, b, "release", rs[1], t + timedelta(minutes=rng.randint(40, 180))))
        if e in truth["refused_attempts"]:
            v = rng.choice(["hammer", "gate_shop", "many", "subtle"])
            if v == "hammer":
                b, reason, t = bid(e), rng.choice(REASONS), at(7, 12)
                for _ in range(rng.randint(4, 12)):
                    refs.append(RefusalRow(next(ids), e, b, rng.choice(["release", "release", "shipment"]), reason, t))
                    t += timedelta(minutes=rng.randint(2, 40))
            elif v == "gate_shop":
                b = bid(e)
                t = at(7, 11)
                refs.append(RefusalRow(next(ids), e, b, "release", rng.choice(REASONS[:2]), t))
                for _ in range(rng.randint(2, 4)):
                    t += timedelta(minutes=rng.randint(20, 120))
                    refs.append(RefusalRow(next(ids), e, b, "shipment", "批次未放行", t))
            elif v == "many":
                reason = rng.choice(["出厂检验不合格", "批次未放行", "CCP偏差未关闭"])
                for _ in range(rng.randint(3, 6)):
                    refs.append(RefusalRow(next(ids), e, bid(e), "shipment", reason, at()))
            else:
                b, reason = bid(e), rng.choice(REASONS)
                for h in sorted(rng.uniform(8, 19) for _ in range(3)):
                    refs.append(RefusalRow(next(ids), e, b, rng.choice(["release", "shipment"]), reason, at(h, h)))
    refs.sort(key=lambda r: (r.at, r.id))
    inputs["refused_attempts"] = refs

    # --- too-regular values ----------------------------------------------------------------------
    series: list[Series] = []
    for e in eids:
        if e in not_pushing:
            continue
        p = prof[e]
        size = p["size"]
        pts = POINTS[p["cat"]][:]
        if rng.random() < 0.6:
            pts += rng.sample(CLEANROOM, rng.randint(1, 3))
        rng.shuffle(pts)
        pts = pts[:rng.randint(2, len(pts))]
        planted = e in truth["too_regular"]
        targets = set(rng.sample(range(len(pts)), 1 if rng.random() < 0.75 else min(2, len(pts)))) if planted else set()
        for i, (key, lab, mu, sd, res, lo, hi) in enumerate(pts):
            if lab == "CleanRoomReading":
                nv = rng.randint(10, 14) if size == "small" else rng.randint(14, 42)
            else:
                nv = {"small": rng.randint(2, 6), "medium": rng.randint(6, 20), "large": rng.randint(14, 40)}[size]
            if i in targets:
                nv = max(nv, rng.randint(6, 12))
            emu = mu + rng.gauss(0, sd * 0.5)
            esd = sd * rng.uniform(0.7, 1.3)
            if rng.random() < 0.08:
                esd = sd * rng.uniform(0.4, 0.6)  # well-automated line (borderline low variance)
            eres = res * rng.choices([1, 2, 5], [0.8, 0.15, 0.05])[0] if res < 1 else res  # coarse instruments round more
            if hi is not None and rng.random() < 0.06:
                emu = hi - 2.2 * esd  # honest process run close to a limit, with natural spread
            vals = [_rnd(rng.gauss(emu, esd), eres) for _ in range(nv)]
            if rng.random() < 0.03 and nv > 3:  # a real deviation
                j = rng.randrange(nv)
                vals[j] = _rnd((lo - 0.5 * sd) if lo is not None else (hi + 0.5 * sd), res)
            if i in targets:
                v = rng.choice(["identical", "two_values", "low_var", "under_limit", "under_limit", "repeat"])
                if v == "identical":
                    c = _rnd(emu, res)
                    vals = [c] * nv
                elif v == "two_values":
                    c = _rnd(emu, res)
                    vals = [c if rng.random() < 0.6 else _rnd(c + res, res) for _ in range(nv)]
                elif v == "low_var":
                    f = rng.uniform(0.08, 0.2)
                    vals = [_rnd(rng.gauss(emu, sd * f), res) for _ in range(nv)]
                elif v == "under_limit":
                    if hi is not None:
                        band = max(res * 2, (hi - mu) * rng.uniform(0.03, 0.1))
                        vals = [_rnd(hi - rng.uniform(0, band), res) for _ in range(nv)]
                        vals = [min(x, hi) for x in vals]
                    else:
                        band = max(res * 2, (mu - lo) * rng.uniform(0.05, 0.15))
                        vals = [_rnd(lo + rng.uniform(0, band), res) for _ in range(nv)]
                        vals = [max(x, lo) for x in vals]
                else:  # copy-pasted block
                    blk = vals[:rng.randint(3, 5)]
                    vals = (blk * (nv // len(blk) + 1))[:nv]
            sid = [next(ids) for _ in range(nv)]
            series.append(Series(e, lab, key, sid, [float(x) for x in vals], lo, hi))
    inputs["too_regular"] = series

    # --- silence ---------------------------------------------------------------------------------
    acts: list[Activity] = []
    for e in eids:
        size = prof[e]["size"]
        pushes = {"small": rng.randint(8, 80), "medium": rng.randint(60, 300), "large": rng.randint(200, 900)}[size]
        ships = {"small": rng.randint(0, 8), "medium": rng.randint(3, 30), "large": rng.randint(10, 80)}[size]
        lic, stop = True, False
        if e in stopped:
            stop, pushes = True, 0
            ships = 0 if rng.random() < 0.5 else rng.randint(1, 8)  # shipping from stock
        elif e in unlicensed:
            lic, pushes, ships = False, 0, 0
        elif e in idle:
            pushes, ships = 0, 0  # borderline: not producing, not shipping, no stop recorded
        elif e in silence:
            v = rng.choice(["mute", "mute", "trickle", "token"])
            if v == "mute":
                pushes, ships = 0, rng.randint(5, 60)
            elif v == "trickle":
                pushes, ships = 0, rng.randint(1, 3)
            else:
                pushes, ships = rng.randint(1, 2), rng.randint(25, 80)
        else:
            r = rng.random()
            if r < 0.05:
                pushes, ships = rng.randint(3, 8), rng.randint(1, 5)  # tiny producer
            elif r < 0.07:
                ships = 0  # building stock
        acts.append(Activity(e, lic, pushes, ships, tuple(next(ids) for _ in range(ships)), stop))
    inputs["silence"] = acts

    # --- self-control theatre --------------------------------------------------------------------
    scs: list[SelfControl] = []
    days = [day - timedelta(days=d) for d in range(SC_WINDOW - 1, -1, -1)]
    for e in eids:
        if e in unlicensed:
            continue
        size = prof[e]["size"]
        planted = e in truth["theatre"]
        if e in stopped or e in idle or e in silence:
            devs_n = 0
        elif planted:
            v = rng.choice(["blatant", "moderate", "subtle", "token"])
            devs_n = {"blatant": rng.randint(6, 20), "moderate": rng.randint(3, 5),
                      "subtle": rng.randint(2, 3), "token": rng.randint(4, 10)}[v]
        else:
            lam = {"small": 0.6, "medium": 1.5, "large": 3.0}[size]
            devs_n = 0
            L, pk = math.exp(-lam), 1.0
            while True:
                pk *= rng.random()
                if pk < L:
                    break
                devs_n += 1
        dev_days = sorted(rng.choice(days) for _ in range(devs_n))
        devs = tuple((rng.choice(DEV_LABELS), next(ids), d) for d in dev_days)
        miss_p = 0.0 if planted else {"small": 0.12, "medium": 0.04, "large": 0.02}[size]
        zero = {d: True for d in days if rng.random() >= miss_p}
        if e in stopped:
            zero = {d: True for d in days if d < day - timedelta(days=ACT_WINDOW) or rng.random() < 0.5}
        if not planted:
            for d in days:
                if d in zero and rng.random() < 0.03:
                    zero[d] = False  # risk found on the walk-round, not from monitoring
            for d in dev_days:
                x = rng.random()
                if x < 0.78:
                    if d in zero:
                        zero[d] = False
                    else:
                        zero[d] = False  # check made late that day
                elif x < 0.9:
                    nd = d + timedelta(days=1)
                    if nd <= day:
                        zero[nd] = False
                # else: a minor deviation on a zero-risk day (noise)
            if devs_n >= 2 and all(zero.get(d, True) for d in days):
                zero[dev_days[-1]] = False  # honest firms report when several deviations pile up
        else:
            zero = {d: True for d in days}
            if v == "token":
                free = [d for d in days if d not in set(dev_days)]
                zero[rng.choice(free)] = False
        checks = tuple((next(ids), d, z) for d, z in sorted(zero.items()))
        scs.append(SelfControl(e, checks, devs))
    inputs["theatre"] = scs

    return inputs, truth, day


if __name__ == "__main__":
    import time
    t0 = time.time()
    i, t, d = generate(3000, 1)
    print({k: len(v) for k, v in i.items()}, {k: len(v) for k, v in t.items()}, d, f"{time.time()-t0:.1f}s")
