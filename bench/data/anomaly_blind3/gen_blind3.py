"""Held-out generator for the connected-enterprise anomaly detectors (issue 32), written blind.

generate(n, seed, rate) -> (inputs, truth, day)
  inputs: detector name -> list of rows of the schema types
  truth:  detector name -> set of enterprise ids where that anomaly was planted
  day:    the day examined

Stdlib only. Deterministic for (n, seed, rate). See README.md for the simulated province, the planted
variants and the honest noise.
"""
from __future__ import annotations

import math
import os
import random
import sys
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema import Activity, BatchRow, RecordRow, RefusalRow, SelfControl, Series  # noqa: E402

DETECTORS = ("mass_balance", "back_dating", "refused_attempts", "too_regular", "silence", "theatre")

# Candidate days examined (the seed picks one). Mondays bring weekend catch-up uploads.
CANDIDATE_DAYS = (date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 23), date(2026, 11, 24),
                  date(2026, 11, 26), date(2026, 12, 1))
# Official holidays / make-up working days of the simulated 2026 calendar (only those within reach).
HOLIDAYS = {date(2026, 10, d) for d in range(1, 9)} | {date(2026, 9, 25)}
MAKEUP_WORKDAYS = {date(2026, 9, 27), date(2026, 10, 10)}

ACTIVITY_WINDOW = 14  # days covered by an Activity row
SELF_WINDOW = 30  # days covered by a SelfControl row

# ------------------------------------------------------------------------------------------- products
# (name, mean yield output/consumed, sd, seasonal raw material, net weight per unit kg)
PRODUCTS = {
    "cereal": [
        ("婴幼儿原味米粉", 0.905, 0.010, False, 0.225),
        ("婴幼儿高铁米粉", 0.902, 0.011, False, 0.225),
        ("婴幼儿南瓜胡萝卜米粉", 0.894, 0.013, False, 0.250),
        ("婴幼儿小米米粉", 0.899, 0.012, False, 0.400),
        ("婴幼儿营养面条", 0.965, 0.008, False, 0.200),
        ("婴幼儿颗粒面", 0.958, 0.009, False, 0.180),
    ],
    "canned": [
        ("婴幼儿苹果泥", 0.700, 0.022, True, 0.113),
        ("婴幼儿香蕉泥", 0.620, 0.025, True, 0.113),
        ("婴幼儿南瓜泥", 0.680, 0.020, True, 0.090),
        ("婴幼儿胡萝卜泥", 0.780, 0.018, True, 0.090),
        ("婴幼儿猪肉泥", 0.930, 0.015, False, 0.090),
        ("婴幼儿鳕鱼泥", 0.880, 0.020, False, 0.090),
        ("婴幼儿苹果汁", 0.680, 0.025, True, 0.125),
        ("婴幼儿颗粒果蔬泥", 0.740, 0.020, True, 0.113),
    ],
    "supplement": [
        ("辅食营养补充品（营养包）", 0.985, 0.004, False, 0.015),
        ("辅食营养素撒剂", 0.982, 0.005, False, 0.010),
        ("辅食营养补充片", 0.975, 0.006, False, 0.030),
    ],
}


def _split(k: int, shares: list[tuple[str, float]]) -> list[str]:
    """Deterministic largest-remainder split of k items into variants by share."""
    raw = [(name, k * s) for name, s in shares]
    base = {name: int(x) for name, x in raw}
    rest = k - sum(base.values())
    order = sorted(raw, key=lambda t: -(t[1] - int(t[1])))
    for name, _ in order[:rest]:
        base[name] += 1
    out: list[str] = []
    for name, _ in shares:
        out += [name] * base[name]
    return out


def _q(x: float, res: float) -> float:
    """Quantise to an instrument resolution and strip float noise."""
    v = round(x / res) * res
    dec = max(0, -int(math.floor(math.log10(res) + 1e-9))) if res < 1 else 0
    return round(v, dec)


class Ent:
    __slots__ = ("id", "kind", "size", "status", "licensed", "outage", "workdays", "new_since",
                 "products", "batches_today", "batch_ids", "low_acid", "clean_room", "onboarding",
                 "night_shift", "monday_catchup", "campaign", "typo")


def _works(e: Ent, d: date) -> bool:
    if d in MAKEUP_WORKDAYS:
        return True
    if d in HOLIDAYS and e.workdays < 7:
        return False
    return d.weekday() < e.workdays


def _profiles(n: int, seed: int, day: date) -> list[Ent]:
    r = random.Random(f"{seed}:profiles")
    ents = []
    for eid in range(1, n + 1):
        e = Ent()
        e.id = eid
        u = r.random()
        e.kind = "cereal" if u < 0.45 else ("canned" if u < 0.75 else "supplement")
        u = r.random()
        e.size = "large" if u < 0.08 else ("medium" if u < 0.38 else "small")
        u = r.random()
        if u < 0.80:
            e.status = "producing"
        elif u < 0.86:
            e.status = "idle"
        elif u < 0.91:
            e.status = "stopped"
        elif u < 0.935:
            e.status = "unlicensed"
        else:
            e.status = "new"
        e.licensed = e.status != "unlicensed"
        e.new_since = day - timedelta(days=r.randint(6, 50)) if e.status == "new" else None
        e.outage = r.randint(2, 5) if (e.status == "producing" and r.random() < 0.03) else 0
        e.workdays = {"large": 7, "medium": 6, "small": 5}[e.size]
        if e.size == "medium" and r.random() < 0.3:
            e.workdays = 5
        e.low_acid = r.random() < 0.45  # canned: retorted meat/veg (121 °C) vs acid fruit (≈95 °C)
        e.clean_room = e.kind != "canned" or r.random() < 0.4  # canned: aseptic filling lines only
        e.onboarding = e.status in ("producing", "new") and r.random() < 0.004
        e.night_shift = e.size != "small" and r.random() < 0.5
        e.monday_catchup = e.workdays > 5 and r.random() < 0.25
        e.campaign = e.status == "producing" and r.random() < 0.05
        e.typo = r.random() < 0.03
        npro = {"small": r.randint(1, 2), "medium": r.randint(2, 3), "large": r.randint(3, 5)}[e.size]
        tmpl = PRODUCTS[e.kind]
        e.products = r.sample(range(len(tmpl)), min(npro, len(tmpl)))
        # today's batches
        bt = 0
        if e.status in ("producing", "new") and _works(e, day) and not e.campaign:
            if e.status == "new" and r.random() < 0.35:
                bt = 0  # licensed, not producing yet
            elif r.random() < 0.12:
                bt = 0  # cleaning / changeover / maintenance day
            else:
                bt = {"small": r.randint(1, 2), "medium": r.randint(1, 3), "large": r.randint(2, 7)}[e.size]
        e.batches_today = bt
        e.batch_ids = []
        ents.append(e)
    return ents


# ---------------------------------------------------------------------------------------- planting
def _plant(ents: list[Ent], seed: int, rate: float) -> dict[str, set[int]]:
    n = len(ents)
    k = round(rate * n)
    r = random.Random(f"{seed}:plant")
    truth: dict[str, set[int]] = {}

    def pick(name: str, pool: list[Ent]) -> set[int]:
        ids = sorted(e.id for e in pool)
        m = min(k, len(ids))
        return set(r.sample(ids, m))

    truth["silence"] = pick("silence", [e for e in ents if e.status == "producing" and not e.outage
                                         and not e.onboarding])
    sil = truth["silence"]
    act = [e for e in ents if e.id not in sil]
    truth["mass_balance"] = pick("mass_balance", [e for e in act if e.batches_today > 0])
    truth["back_dating"] = pick("back_dating", [e for e in act if e.status in ("producing", "stopped")
                                                 and not e.onboarding])
    truth["refused_attempts"] = pick("refused_attempts", [e for e in act if e.status == "producing"])
    truth["too_regular"] = pick("too_regular", [e for e in act if e.status == "producing"])
    truth["theatre"] = pick("theatre", [e for e in act if e.status in ("producing", "stopped")])
    return truth


def _variants(truth_ids: set[int], shares, seed: int, tag: str) -> dict[int, str]:
    ids = sorted(truth_ids)
    random.Random(f"{seed}:{tag}:variants").shuffle(ids)
    return dict(zip(ids, _split(len(ids), shares)))


# ------------------------------------------------------------------------------------ mass balance
MB_SHARES = [("over", 0.30), ("under", 0.25), ("subtle_over", 0.20), ("vs_history", 0.15), ("unrecorded", 0.10)]


def _gen_mass_balance(ents, seed, day, truth, ctr):
    rows: list[BatchRow] = []
    var = _variants(truth["mass_balance"], MB_SHARES, seed, "mb")
    doy = day.timetuple().tm_yday
    sil = truth["silence"]
    for e in ents:
        if e.status in ("unlicensed",):
            continue
        r = random.Random(f"{seed}:mb:{e.id}")
        tmpl = PRODUCTS[e.kind]
        plan = var.get(e.id)
        # distribute today's batches over the products (main product gets most)
        today_pp = {p: 0 for p in e.products}
        for i in range(e.batches_today):
            p = e.products[0] if r.random() < 0.55 else r.choice(e.products)
            today_pp[p] += 1
        # per-product process parameters
        par = {}
        for p in e.products:
            name, mu0, sd0, seasonal, net = tmpl[p]
            sd_p = sd0 * r.uniform(0.7, 1.3)
            mu_p = min(mu0 * r.uniform(0.97, 1.03), 0.996 - 3.5 * sd_p)  # dry blends cannot gain mass
            amp = r.uniform(0.015, 0.03) if seasonal else 0.0
            declared = r.random() < (0.8 if e.status == "new" else 0.6)
            if e.status == "new":
                nh = r.randint(0, 4)
            else:
                nh = r.randint(10, 40) if p == e.products[0] else r.randint(4, 25)
            par[p] = [mu_p, sd_p, amp, r.uniform(0, 365), declared, nh]
        target = None
        if plan:
            cand = [p for p in e.products if today_pp[p] > 0]
            target = r.choice(cand)
            if e.status == "new" and plan in ("vs_history", "subtle_over"):
                plan = "over"  # a new plant has no history: plant against its declared range
            if e.status == "new":
                par[target][4] = True
            if plan == "vs_history":
                par[target][4] = False
            if not par[target][4]:
                par[target][5] = max(par[target][5], 12)
        bsize = {"small": (150, 600), "medium": (600, 2500), "large": (2000, 8000)}[e.size]
        seq = 0
        for p in e.products:
            name, mu0, sd0, seasonal, net = tmpl[p]
            pid = e.id * 10 + p
            mu_p, sd_p, amp, phase, declared, nh = par[p]

            def mu_at(d_off: int) -> float:
                return mu_p * (1 + amp * math.sin(2 * math.pi * (doy - d_off - phase) / 365))

            hist_days = 120
            season_vals = [mu_at(o) for o in range(0, hist_days + 1, 10)]
            yr = None
            lo_b = min(season_vals) - 3.0 * sd_p
            hi_b = max(season_vals) + 3.0 * sd_p
            if declared:
                lo = math.floor((min(season_vals) - r.uniform(3.5, 6) * sd_p) * 100) / 100
                hi = math.ceil((max(season_vals) + r.uniform(3.5, 6) * sd_p) * 100) / 100
                hi = min(hi, 1.0)
                yr = (lo, hi)
                lo_b, hi_b = max(lo_b, lo + 0.002), min(hi_b, hi - 0.002)

            def honest_yield(d_off: int, shift: float = 0.0) -> float:
                m = mu_at(d_off) + shift * sd_p
                for _ in range(20):
                    y = r.gauss(m, sd_p)
                    if lo_b <= y <= hi_b:
                        return y
                return min(max(m, lo_b), hi_b)

            def make(y: float, new: bool, consumed_true: float | None = None) -> BatchRow:
                nonlocal seq
                c = consumed_true if consumed_true is not None else r.uniform(*bsize)
                if e.kind == "canned":
                    c = _q(c, 0.5)  # floor scale for raw fruit / meat
                else:
                    c = round(25 * max(1, round(c / 25)) + r.uniform(0, 12), 2)  # 25-kg bags + premix
                units = int(c * y / net)
                out = round(units * net, 3)
                ctr["batch"] += 1
                seq += 1
                bid = ctr["batch"]
                e.batch_ids.append(bid)
                return BatchRow(id=bid, enterprise_id=e.id, product_id=pid,
                                number=f"{e.id:04d}{p}{seq:03d}", consumed=c, output=out, new=new,
                                yield_range=yr)

            # history
            offs = sorted((r.randint(1, hist_days) for _ in range(nh)), reverse=True)
            typo_at = r.randrange(nh) if (e.typo and nh > 3 and p == e.products[0]) else -1
            for i, o in enumerate(offs):
                row = make(honest_yield(o), False)
                if i == typo_at:  # an old keying error (output keyed in tonnes, or consumed x10)
                    if r.random() < 0.5:
                        row = BatchRow(row.id, row.enterprise_id, row.product_id, row.number, row.consumed,
                                       round(row.output / 1000, 4), False, row.yield_range)
                    else:
                        row = BatchRow(row.id, row.enterprise_id, row.product_id, row.number,
                                       round(row.consumed * 10, 2), row.output, False, row.yield_range)
                rows.append(row)
            # today's pushes
            if e.id in sil:
                continue
            nt = today_pp[p]
            for j in range(nt):
                shift = -1.5 if (j == 0 and r.random() < 0.08) else 0.0  # start-up after changeover / CIP
                y = honest_yield(0, shift)
                c_true = None
                if plan and p == target:
                    ref_hi = yr[1] if yr else mu_at(0) + 3 * sd_p
                    ref_lo = yr[0] if yr else mu_at(0) - 3 * sd_p
                    hit = (j == 0) or plan in ("subtle_over", "vs_history") or r.random() < 0.5
                    if hit:
                        if plan == "over":
                            y = ref_hi * r.uniform(1.06, 1.25)
                        elif plan == "under":
                            y = ref_lo * r.uniform(0.72, 0.90)
                        elif plan == "subtle_over":
                            y = (yr[1] * (1 + r.uniform(0.012, 0.035)) if yr
                                 else mu_at(0) + r.uniform(4.5, 6.5) * sd_p)
                        elif plan == "vs_history":
                            sgn = 1 if r.random() < 0.6 else -1
                            y = mu_at(0) * (1 + sgn * max(r.uniform(0.08, 0.16), 5 * sd_p / mu_p))
                        elif plan == "unrecorded":
                            c_full = r.uniform(*bsize)
                            c_true = c_full * r.uniform(0.02, 0.08)  # only the premix was keyed in
                            y = y * c_full / c_true
                row = make(y, True, c_true)
                if c_true is not None:  # keep the tiny consumption as keyed (no bag rounding)
                    row = BatchRow(row.id, row.enterprise_id, row.product_id, row.number, round(c_true, 2),
                                   round(int(c_true * y / net) * net, 3), True, row.yield_range)
                rows.append(row)
        # honest: batch pushed at start, finished output not yet reported (work in progress)
        if not plan and e.batches_today and r.random() < 0.012:
            for i in range(len(rows) - 1, -1, -1):
                b = rows[i]
                if b.enterprise_id == e.id and b.new:
                    rows[i] = BatchRow(b.id, b.enterprise_id, b.product_id, b.number, b.consumed, 0.0, True,
                                       b.yield_range)
                    break
    return rows


# ------------------------------------------------------------------------------------- back dating
BD_SHARES = [("prefill", 0.35), ("release", 0.25), ("scattered", 0.25), ("periodic", 0.15)]
SAME_DAY_TYPES = ["关键控制点的控制记录", "配料记录", "生产投料记录", "清场记录", "车间洁净度记录",
                  "每日食品安全检查记录", "库房保管记录", "设备设施清洗记录", "生产场所清洁记录"]
ROUTINE_FILL = ["每日食品安全检查记录", "清场记录", "除虫灭害记录", "设备设施维修保养记录", "人员培训考核记录",
                "生产场所清洁记录", "设备设施清洗记录", "车间洁净度记录", "人员进出记录"]
TEXT = {
    "关键控制点的控制记录": "杀菌/配料关键控制点监控 符合",
    "配料记录": "称量复核 一致",
    "生产投料记录": "投料核对 无误",
    "清场记录": "清场完毕 复查合格",
    "车间洁净度记录": "压差/温湿度 符合表9",
    "每日食品安全检查记录": "日管控 未发现食品安全风险隐患",
    "库房保管记录": "库房温湿度正常",
    "设备设施清洗记录": "CIP清洗 验证合格",
    "生产场所清洁记录": "清洁评价 合格",
    "出厂检验记录": "出厂检验 合格",
    "原料检验记录": "原料验收 合格",
    "除虫灭害记录": "除虫灭害 效果良好",
    "设备设施维修保养记录": "例行保养",
    "人员培训考核记录": "岗位培训 考核合格",
    "人员健康管理记录": "年度健康检查 合格",
    "人员进出记录": "进出清洁作业区 健康状况良好",
    "第三方洁净度检测报告": "清洁作业区年度第三方检测 符合",
    "委托检验报告": "型式检验 全项目合格",
    "每周食品安全排查治理报告": "周排查 无重大隐患",
    "每月食品安全调度会议纪要": "月调度 工作总结及下月重点",
    "供应商审核记录": "供应商审核 合格",
    "停复产记录及复产时设备设施安全控制记录": "停产期间设备封存",
}


def _gen_back_dating(ents, seed, day, truth, ctr):
    rows: list[RecordRow] = []
    var = _variants(truth["back_dating"], BD_SHARES, seed, "bd")
    sil = truth["silence"]

    def rec(e, typ, stated, text=None, released_on=None):
        ctr["record"] += 1
        rows.append(RecordRow(type=typ, id=ctr["record"], enterprise_id=e.id, stated=stated, recorded=day,
                              text=TEXT.get(typ, "") if text is None else text, released_on=released_on))

    for e in ents:
        if e.id in sil or e.status in ("unlicensed", "idle"):
            continue
        r = random.Random(f"{seed}:bd:{e.id}")
        plan = var.get(e.id)
        if e.status == "stopped":
            # a stopped plant still keeps a few books
            if r.random() < 0.5:
                rec(e, "每日食品安全检查记录", day)
            if r.random() < 0.4:
                rec(e, "库房保管记录", day)
            if r.random() < 0.05:
                rec(e, "停复产记录及复产时设备设施安全控制记录", day - timedelta(days=r.randint(0, 2)))
        else:
            # the days whose records arrive today: today, plus an outage's backlog
            days_in = [day]
            backlog = set()
            if e.outage:
                for k in range(1, e.outage + 1):
                    days_in.append(day - timedelta(days=k))
                    backlog.add(day - timedelta(days=k))
            elif day.weekday() == 0 and e.monday_catchup:
                days_in += [day - timedelta(days=1), day - timedelta(days=2)]
                backlog |= {day - timedelta(days=1), day - timedelta(days=2)}
            for d in days_in:
                if not _works(e, d):
                    continue
                nb = e.batches_today if d == day else (r.randint(1, 3) if e.status == "producing" else 0)
                if e.status == "new" and e.new_since and d < e.new_since:
                    continue
                txt_note = "网络中断恢复后补传" if (d in backlog and e.outage and r.random() < 0.5) else None
                counts = {
                    "关键控制点的控制记录": nb * r.randint(2, 5),
                    "配料记录": nb, "生产投料记录": nb, "清场记录": nb,
                    "车间洁净度记录": (r.randint(2, 6) if e.clean_room else 0) if nb else 0,
                    "每日食品安全检查记录": 1,
                    "库房保管记录": r.randint(1, 2),
                    "设备设施清洗记录": min(nb, r.randint(1, 2)),
                    "生产场所清洁记录": 1 if nb else 0,
                    "原料检验记录": r.randint(0, 3) if nb else 0,
                }
                for typ, c in counts.items():
                    for _ in range(c):
                        s = d
                        # night-shift entries are dated the previous day
                        if d == day and e.night_shift and typ in SAME_DAY_TYPES[:5] and r.random() < 0.15:
                            s = d - timedelta(days=1)
                        rec(e, typ, s, txt_note if txt_note else None)
            # release tests entered today (sampling date earlier: micro culture / canned incubation)
            nrel = e.batches_today + (r.randint(0, 2) if e.status == "producing" else 0)
            for _ in range(nrel):
                lag = r.randint(7, 12) if e.kind == "canned" else r.randint(1, 3)
                rel = day if r.random() < 0.8 else None  # some still awaiting the release signature
                rec(e, "出厂检验记录", day - timedelta(days=lag), released_on=rel)
            # periodic and slow records with their natural lags
            slow = [("每周食品安全排查治理报告", 0.5 if day.weekday() == 0 else 0.08, (0, 3)),
                    ("每月食品安全调度会议纪要", 0.35 if day.day <= 5 else 0.03, (0, 5)),
                    ("人员健康管理记录", 0.05, (5, 20)),
                    ("第三方洁净度检测报告", 0.012 if e.clean_room else 0.0, (15, 40)),
                    ("委托检验报告", 0.025, (10, 30)),
                    ("人员培训考核记录", 0.06, (0, 10)),
                    ("除虫灭害记录", 0.15, (0, 2)),
                    ("设备设施维修保养记录", 0.10, (0, 3)),
                    ("供应商审核记录", 0.03, (0, 7))]
            for typ, p, (a, b) in slow:
                if r.random() < p:
                    cnt = r.randint(3, 12) if typ == "人员健康管理记录" else 1
                    st = day - timedelta(days=r.randint(a, b))
                    for _ in range(cnt):
                        rec(e, typ, st)
            if e.onboarding:  # first connection: history imported in bulk (honest, marked)
                for _ in range(r.randint(50, 300)):
                    rec(e, r.choice(ROUTINE_FILL), day - timedelta(days=r.randint(1, 90)),
                        text="接入平台前历史记录批量导入")
        if not plan:
            continue
        # ---- planted
        if plan == "prefill":  # written up before an inspection: weeks of routine books in one go
            span_hi = r.randint(20, 90)
            for _ in range(r.randint(15, 70)):
                st = day - timedelta(days=r.randint(14, span_hi))
                rec(e, r.choice(ROUTINE_FILL), st, text=None if r.random() < 0.8 else "")
        elif plan == "release":  # release test entered after the batch was released, dated before release
            for _ in range(r.randint(1, 3)):
                rel = day - timedelta(days=(1 if r.random() < 0.3 else r.randint(2, 12)))
                st = rel - timedelta(days=r.randint(0, 3))
                rec(e, "出厂检验记录", st, released_on=rel)
        elif plan == "scattered":  # a handful of same-day books dated weeks back, mixed in
            for _ in range(r.randint(3, 6)):
                st = day - timedelta(days=r.randint(8, 30))
                rec(e, r.choice(SAME_DAY_TYPES[:4] + ["每日食品安全检查记录"]), st)
        elif plan == "periodic":  # weeks' / months' routine reports written at once
            if r.random() < 0.5:
                first = day.replace(day=1)
                for m in range(r.randint(2, 4)):
                    first = (first - timedelta(days=1)).replace(day=1)
                    rec(e, "每月食品安全调度会议纪要", first + timedelta(days=r.randint(24, 27)))
            else:
                for w in range(r.randint(4, 8)):
                    rec(e, "每周食品安全排查治理报告", day - timedelta(days=7 * (w + 1) + (day.weekday() + 3) % 7))
    return rows


# ------------------------------------------------------------------------------------ refusals
RF_SHARES = [("same_batch", 0.35), ("gate_shopping", 0.25), ("many_failed", 0.20), ("subtle", 0.20)]
PENDING = ["出厂检验结果未录入", "批次未放行", "批次待检（商业无菌保温未完成）"]
FAILING = ["出厂检验不合格", "CCP偏差未关闭", "检验项目不全"]


def _gen_refusals(ents, seed, day, truth, ctr):
    rows: list[RefusalRow] = []
    var = _variants(truth["refused_attempts"], RF_SHARES, seed, "rf")
    sil = truth["silence"]
    base = datetime(day.year, day.month, day.day)

    def ref(e, bid, gate, reason, t):
        ctr["refusal"] += 1
        rows.append(RefusalRow(id=ctr["refusal"], enterprise_id=e.id, batch_id=bid, gate=gate, reason=reason,
                               at=base + timedelta(seconds=int(t))))

    for e in ents:
        if e.id in sil or e.status not in ("producing", "new"):
            continue
        r = random.Random(f"{seed}:rf:{e.id}")
        pool = e.batch_ids[-40:] or [None]

        def bat():
            return r.choice(pool)

        def tday():
            return r.uniform(7.5 * 3600, 21.5 * 3600)

        lam = {"small": 0.08, "medium": 0.25, "large": 0.9}[e.size]
        n_inc = 0
        x = r.random()
        while x > math.exp(-lam) and n_inc < 6:  # Poisson-ish count of honest incidents
            n_inc += 1
            x *= r.random()
        if e.outage and r.random() < 0.6:
            # queued release requests flushed at reconnection: many batches, one burst
            t = r.uniform(8 * 3600, 10 * 3600)
            for b in r.sample(pool, min(len(pool), r.randint(3, 10))):
                ref(e, b, "出厂放行", "检验记录未同步", t)
                t += r.uniform(0.5, 4)
        for _ in range(n_inc):
            kind = r.random()
            t = tday()
            if kind < 0.55:  # single refusal; pending result, unreleased batch, unlinked code, rarely a fail
                u = r.random()
                if u < 0.15:
                    ref(e, bat(), "出厂放行", r.choice(FAILING), t)
                elif u < 0.3:
                    ref(e, None, "发货出库", "追溯码未关联批次", t)
                else:
                    ref(e, bat(), r.choice(["出厂放行", "发货出库"]), r.choice(PENDING), t)
            elif kind < 0.70:  # tried again later, result still pending; then it went through
                b = bat()
                reason = r.choice(PENDING)
                ref(e, b, "出厂放行", reason, t)
                ref(e, b, "出厂放行", reason, min(t + r.uniform(20, 180) * 60, 23.9 * 3600))
            elif kind < 0.85:  # ERP interface auto-retry / double scan: same batch within seconds
                b = bat()
                reason = r.choice(PENDING + FAILING[:1])
                for _ in range(r.randint(3, 8)):
                    ref(e, b, r.choice(["出厂放行"]), reason, t)
                    t += r.uniform(0.5, 6)
            else:  # warehouse scans a whole pallet list: many batches within two minutes
                if e.size == "small":
                    ref(e, bat(), "发货出库", "批次未放行", t)
                    continue
                reason = r.choice(["批次未放行", "出厂检验结果未录入"])
                for b in r.sample(pool, min(len(pool), r.randint(5, 20))):
                    ref(e, b, "发货出库", reason, t)
                    t += r.uniform(1, 8)
        plan = var.get(e.id)
        if not plan:
            continue
        # ---- planted: probing the gate
        b = bat() if pool[0] is not None else 900000000 + e.id
        t = r.uniform(8 * 3600, 13 * 3600)
        if plan == "same_batch":
            for _ in range(r.randint(3, 7)):
                ref(e, b, "出厂放行", r.choice(FAILING[:1] * 3 + ["出厂检验结果未录入", "CCP偏差未关闭"]), t)
                t = min(t + r.uniform(8, 120) * 60, 23.95 * 3600)
        elif plan == "gate_shopping":
            for _ in range(r.randint(1, 2)):
                ref(e, b, "出厂放行", "出厂检验不合格", t)
                t += r.uniform(10, 90) * 60
            for _ in range(r.randint(2, 4)):
                if r.random() < 0.3:
                    ref(e, None, "发货出库", "追溯码未关联批次", t)
                else:
                    ref(e, b, "发货出库", "批次未放行", t)
                t = min(t + r.uniform(10, 120) * 60, 23.95 * 3600)
        elif plan == "many_failed":
            bs = r.sample(pool, min(len(pool), r.randint(3, 5))) if pool[0] is not None else \
                [900000000 + e.id * 10 + i for i in range(3)]
            for bb in bs:
                ref(e, bb, "出厂放行", r.choice(["出厂检验不合格", "出厂检验不合格", "检验项目不全"]), t)
                t = min(t + r.uniform(10, 90) * 60, 23.95 * 3600)
        elif plan == "subtle":
            t = r.uniform(7 * 3600, 10 * 3600)
            for _ in range(3):
                for _ in range(r.choice([1, 1, 2])):  # an attempt may itself double-fire
                    ref(e, b, "出厂放行", r.choice(["出厂检验不合格", "出厂检验结果未录入"]), t)
                    t += r.uniform(0.5, 3)
                t = min(t + r.uniform(60, 240) * 60, 23.95 * 3600)
    rows.sort(key=lambda x: (x.at, x.id))
    return rows


# ------------------------------------------------------------------------------------ too regular
TR_SHARES = [("identical", 0.35), ("near_limit", 0.30), ("low_variance", 0.20), ("copy_block", 0.15)]


def _series_specs(e: Ent, r: random.Random):
    """(type, key, lo, hi, mean, sd, res, n, kind) for the enterprise's monitored quantities."""
    specs = []
    big = {"small": 1, "medium": 2, "large": 3}[e.size]
    nb = lambda: r.randint(15, 45) if e.status != "new" else r.randint(3, 8)  # noqa: E731
    nw = lambda: r.randint(4, 12) if e.status != "new" else r.randint(1, 3)  # noqa: E731
    if e.kind == "canned":
        lim = 121.0 if e.low_acid else 95.0
        res = 0.1 if r.random() < 0.8 else 0.5
        specs.append(("关键控制点的控制记录", "杀菌 温度", lim, None, lim + r.uniform(0.6, 1.8),
                      r.uniform(0.2, 0.45), res, nb(), "cont"))
        tmin = r.choice([20.0, 25.0, 30.0, 40.0])
        sp_log = r.random() < 0.04  # PLC exports the recipe set point, not the measured hold time
        specs.append(("关键控制点的控制记录", "杀菌 时间", tmin, None, tmin + 0.6, 0.0 if sp_log else 0.4,
                      0.5, nb(), "time_sp" if sp_log else "time"))
    else:
        specs.append(("关键控制点的控制记录", "配料 称量偏差", -0.5, 0.5, 0.0, r.uniform(0.07, 0.15), 0.01, nb(),
                      "cont"))
        lim = 6.0 if e.kind == "cereal" else 5.0
        near = r.random() < 0.10
        m = lim - (r.uniform(0.35, 0.6) if near else r.uniform(0.8, 2.5))
        specs.append(("出厂检验记录", "水分", None, lim, m, r.uniform(0.15, 0.22) if near else r.uniform(0.15, 0.35),
                      r.choice([0.01, 0.1]), nb(), "cont"))
        specs.append(("出厂检验记录", "菌落总数", None, 10000.0, r.choice([10.0, 10.0, 0.0, 5.0]),
                      r.uniform(0.03, 0.4), 10.0, nb(), "micro"))
    if e.clean_room:
        near = r.random() < 0.10
        specs.append(("车间洁净度记录", "清洁作业区 压差", 10.0, None, r.uniform(11.5, 13) if near else r.uniform(13, 25),
                      r.uniform(0.8, 1.2) if near else r.uniform(1.0, 3.0), r.choice([1.0, 1.0, 0.1]),
                      nb() * big // 1 + 10, "cont"))
        specs.append(("车间洁净度记录", "清洁作业区 温度", 16.0, 25.0, r.uniform(18.5, 22.5), r.uniform(0.4, 1.0),
                      r.choice([0.1, 0.5]), nb() + 10, "cont"))
        nearh = r.random() < 0.10
        specs.append(("车间洁净度记录", "清洁作业区 相对湿度", None, 65.0, r.uniform(60, 62) if nearh else r.uniform(40, 58),
                      r.uniform(1.5, 2.0) if nearh else r.uniform(2.0, 4.0), 1.0, nb() + 10, "cont"))
        specs.append(("车间洁净度记录", "沉降菌", None, 100.0, r.uniform(0.3, 6), 0, 1.0, nw(), "count"))
        if r.random() < 0.6:
            specs.append(("车间洁净度记录", "浮游菌", None, 200.0, r.uniform(3, 30), 0, 1.0, nw(), "count"))
    return specs


def _poisson(r: random.Random, lam: float) -> int:
    if lam > 30:
        return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
    k, p, L = 0, 1.0, math.exp(-lam)
    while True:
        p *= r.random()
        if p <= L:
            return k
        k += 1


def _honest_values(spec, r: random.Random) -> list[float]:
    typ, key, lo, hi, m, sd, res, n, kind = spec
    vals = []
    for _ in range(n):
        if kind == "micro":  # below the detection limit most of the time ("<10" stored as the LOD)
            if r.random() < sd:
                v = float(10 * max(1, int(math.exp(r.gauss(3.3, 1.0)) / 10)))
            else:
                v = m
        elif kind == "count":
            v = float(_poisson(r, m))
        elif kind == "time_sp":
            v = lo
        elif kind == "time":
            v = _q(lo + abs(r.gauss(0.3, sd)), res)
        else:
            for _ in range(20):
                v = _q(r.gauss(m, sd), res)
                if (lo is None or v >= lo) and (hi is None or v <= hi):
                    break
            else:
                v = _q(m, res)
        vals.append(v)
    return vals


# how close to the limit a faked series sits (in the unit of the reading)
NEAR_BAND = {"杀菌 温度": 0.3, "清洁作业区 压差": 1.0, "清洁作业区 温度": 0.4, "清洁作业区 相对湿度": 2.5,
             "水分": 0.12}


def _gen_too_regular(ents, seed, day, truth, ctr):
    out: list[Series] = []
    var = _variants(truth["too_regular"], TR_SHARES, seed, "tr")
    sil = truth["silence"]
    for e in ents:
        if e.id in sil or e.status not in ("producing", "new"):
            continue
        r = random.Random(f"{seed}:tr:{e.id}")
        specs = _series_specs(e, r)
        plan = var.get(e.id)
        target = None
        if plan:
            if plan in ("low_variance",):
                cand = [i for i, s in enumerate(specs) if s[8] == "cont" and s[5] >= 2.5 * s[6]]
            elif plan == "near_limit":
                cand = [i for i, s in enumerate(specs) if s[8] in ("cont", "count") and
                        (s[2] is not None or s[3] is not None) and s[1] != "配料 称量偏差"]
            else:
                cand = [i for i, s in enumerate(specs) if s[8] == "cont" and s[5] >= 1.5 * s[6]]
            if not cand:
                cand = [i for i, s in enumerate(specs) if s[8] == "cont"]
            target = r.choice(cand)
        for i, spec in enumerate(specs):
            typ, key, lo, hi, m, sd, res, n, kind = spec
            if i == target:
                n = max(n, r.randint(8, 12) if kind == "count" else r.randint(14, 40))
                spec = (typ, key, lo, hi, m, sd, res, n, kind)
            vals = _honest_values(spec, r)
            if i == target:
                start = 0 if r.random() < 0.5 else int(n * r.uniform(0.2, 0.4))
                mlen = n - start
                if plan == "identical":
                    c = _q(m if r.random() < 0.5 else round(m), res)
                    if lo is not None and c < lo:
                        c = _q(lo + 2 * res, res)
                    if hi is not None and c > hi:
                        c = _q(hi - 2 * res, res)
                    fake = [c] * mlen
                    if mlen > 12 and r.random() < 0.2:
                        fake[r.randrange(mlen)] = _q(c + res, res)
                elif plan == "near_limit":
                    if kind == "count":
                        fake = [float(r.randint(int(hi * 0.9), int(hi) - 1)) for _ in range(mlen)]
                    else:
                        band = NEAR_BAND.get(key, 4 * res)
                        if res >= 1 and band < 1.5:
                            band = 1.5
                        use_hi = hi is not None and (lo is None or r.random() < 0.5)
                        if use_hi:
                            fake = [min(hi, _q(hi - r.uniform(0, band), res)) for _ in range(mlen)]
                        else:
                            fake = [max(lo, _q(lo + r.uniform(0, band), res)) for _ in range(mlen)]
                elif plan == "low_variance":
                    fake = [_q(r.gauss(m, sd * 0.1), res) for _ in range(mlen)]
                else:  # copy_block: a short run of plausible values pasted over and over
                    L = r.randint(4, 7)
                    block = vals[start:start + L] if mlen >= L else vals[:L]
                    fake = [block[j % len(block)] for j in range(mlen)]
                vals = vals[:start] + fake
            ids = []
            for _ in vals:
                ctr["reading"] += 1
                ids.append(ctr["reading"])
            out.append(Series(enterprise_id=e.id, type=typ, key=key, ids=ids, values=vals, limit_min=lo,
                              limit_max=hi))
    return out


# ------------------------------------------------------------------------------------ silence
SI_SHARES = [("none_shipping", 0.55), ("small_volume", 0.25), ("token_pushes", 0.20)]


def _gen_silence(ents, seed, day, truth, ctr):
    rows: list[Activity] = []
    var = _variants(truth["silence"], SI_SHARES, seed, "si")
    for e in ents:
        r = random.Random(f"{seed}:si:{e.id}")
        ship_scale = {"small": (2, 10), "medium": (5, 25), "large": (15, 80)}[e.size]
        plan = var.get(e.id)
        stopped = False
        licensed = e.licensed
        if plan == "none_shipping":
            pushes, ships = 0, r.randint(3, 40)
        elif plan == "small_volume":
            pushes, ships = 0, r.randint(1, 2)
        elif plan == "token_pushes":
            pushes, ships = r.randint(1, 2), r.randint(8, 40)
        elif e.status == "producing":
            if e.campaign:  # one campaign batch in the window, shipping from stock since
                pushes, ships = r.randint(5, 12), r.randint(10, 40)
            else:
                wd = sum(1 for k in range(ACTIVITY_WINDOW) if _works(e, day - timedelta(days=k)))
                per_day = {"small": 1.2, "medium": 2.0, "large": 4.0}[e.size]
                batches = max(1, int(wd * per_day * r.uniform(0.5, 1.1)))
                pushes = sum(1 + r.randint(2, 4) + r.randint(3, 8) for _ in range(batches))
                if e.outage:
                    pushes = int(pushes * r.uniform(0.6, 0.9))
                ships = 0 if r.random() < 0.10 else r.randint(*ship_scale)
        elif e.status == "new":
            if e.batches_today or r.random() < 0.5:
                pushes, ships = r.randint(5, 60), (r.randint(0, 5))
            else:
                pushes, ships = 0, 0
        elif e.status == "idle":
            pushes, ships = 0, 0
            stopped = r.random() < 0.4
        elif e.status == "stopped":
            stopped = True
            pushes = r.randint(3, 8) if r.random() < 0.15 else 0  # restart verification runs
            ships = r.randint(1, 25) if r.random() < 0.7 else 0  # old stock goes out
        else:  # unlicensed: licence cancelled/expired, selling off what is left
            pushes = 0
            ships = r.randint(1, 20) if r.random() < 0.6 else 0
        sids = []
        for _ in range(ships):
            ctr["shipment"] += 1
            sids.append(ctr["shipment"])
        rows.append(Activity(enterprise_id=e.id, licensed=licensed, production_pushes=pushes, shipments=ships,
                             shipment_ids=tuple(sids), stopped=stopped))
    return rows


# ------------------------------------------------------------------------------------ theatre
TH_SHARES = [("all_zero_many", 0.45), ("all_zero_few", 0.30), ("camouflage", 0.25)]
DEV_LABELS = ["关键控制点的控制记录", "车间洁净度记录", "出厂检验记录", "原料检验记录", "车间洁净度记录"]


def _gen_theatre(ents, seed, day, truth, ctr):
    rows: list[SelfControl] = []
    var = _variants(truth["theatre"], TH_SHARES, seed, "th")
    sil = truth["silence"]
    for e in ents:
        if e.id in sil or e.status not in ("producing", "stopped", "new"):
            continue
        r = random.Random(f"{seed}:th:{e.id}")
        plan = var.get(e.id)
        start = day - timedelta(days=SELF_WINDOW - 1)
        if e.new_since and e.new_since > start:
            start = e.new_since
        days = [start + timedelta(days=k) for k in range((day - start).days + 1)]
        if e.status == "stopped":
            cdays = [d for d in days if _works(e, d) and r.random() < 0.5]
        else:
            cdays = [d for d in days if _works(e, d) and r.random() > 0.03]  # an occasional missed day
            if e.outage:  # offline days: checks kept on paper and pushed today
                pass
        if not cdays:
            continue
        zero = {d: True for d in cdays}
        careful = r.random() < 0.5  # some officers note small hazards now and then
        if careful:
            for d in cdays:
                if r.random() < r.uniform(0.02, 0.12):
                    zero[d] = False
        # honest deviations
        lam = {"small": 0.6, "medium": 1.5, "large": 3.0}[e.size] * (0.3 if e.status == "stopped" else 1.0)
        ndev = _poisson(r, lam)
        devs = []
        if not plan:
            for _ in range(ndev):
                d = r.choice(days)
                for _ in range(r.choice([1, 1, 1, 2, 3])):
                    ctr["deviation"] += 1
                    devs.append((r.choice(DEV_LABELS), ctr["deviation"], d))
                nxt = [c for c in cdays if c >= d]
                if not nxt:
                    continue  # deviation after the last check: tomorrow's check will show it
                if nxt[0] == d and r.random() < 0.35 and len(nxt) > 1:
                    zero[nxt[1]] = False  # found after the morning check: recorded next check
                elif nxt[0] == d and r.random() < 0.3 and d == day:
                    pass  # today's deviation came after today's check
                else:
                    zero[nxt[0]] = False
        else:
            for d in cdays:
                zero[d] = True
            cand = [d for d in cdays if d < day]
            if plan == "all_zero_many":
                dd = r.sample(cand, min(len(cand), r.randint(3, 8)))
            elif plan == "all_zero_few":
                dd = r.sample(cand, min(len(cand), r.randint(1, 2)))
            else:
                dd = r.sample(cand, min(len(cand), r.randint(3, 6)))
                far = [c for c in cdays if all(abs((c - x).days) > 3 for x in dd)]
                for c in r.sample(far, min(len(far), r.randint(1, 2))):
                    zero[c] = False
            for d in dd:
                for _ in range(r.choice([1, 1, 2, 3])):
                    ctr["deviation"] += 1
                    devs.append((r.choice(DEV_LABELS), ctr["deviation"], d))
        checks = []
        for d in cdays:
            ctr["check"] += 1
            checks.append((ctr["check"], d, zero[d]))
        devs.sort(key=lambda x: (x[2], x[1]))
        rows.append(SelfControl(enterprise_id=e.id, checks=tuple(checks), deviations=tuple(devs)))
    return rows


# ------------------------------------------------------------------------------------ entry point
def generate(n: int, seed: int, rate: float):
    day = CANDIDATE_DAYS[random.Random(f"{seed}:day").randrange(len(CANDIDATE_DAYS))]
    ents = _profiles(n, seed, day)
    truth = _plant(ents, seed, rate)
    ctr = {k: 0 for k in ("batch", "record", "refusal", "reading", "shipment", "check", "deviation")}
    ctr["batch"] = 100000
    ctr["record"] = 2000000
    ctr["refusal"] = 500000
    ctr["reading"] = 7000000
    ctr["shipment"] = 3000000
    ctr["check"] = 4000000
    ctr["deviation"] = 6000000
    inputs = {
        "mass_balance": _gen_mass_balance(ents, seed, day, truth, ctr),
        "back_dating": _gen_back_dating(ents, seed, day, truth, ctr),
        "refused_attempts": _gen_refusals(ents, seed, day, truth, ctr),
        "too_regular": _gen_too_regular(ents, seed, day, truth, ctr),
        "silence": _gen_silence(ents, seed, day, truth, ctr),
        "theatre": _gen_theatre(ents, seed, day, truth, ctr),
    }
    return inputs, {k: set(truth[k]) for k in DETECTORS}, day


def _fingerprint(inputs, truth, day) -> str:
    import hashlib
    h = hashlib.sha256(str(day).encode())
    for k in DETECTORS:
        for row in inputs[k]:
            h.update(repr(row).encode())
        h.update(repr(sorted(truth[k])).encode())
    return h.hexdigest()


if __name__ == "__main__":
    import time
    t0 = time.process_time()
    inputs, truth, day = generate(3000, 7, 0.05)
    t1 = time.process_time()
    print(f"day examined: {day}  (n=3000, seed=7, rate=0.05; {t1 - t0:.1f} s CPU)")
    for k in DETECTORS:
        rows = inputs[k]
        extra = ""
        if k == "mass_balance":
            extra = f" ({sum(1 for b in rows if b.new)} new today)"
        if k == "too_regular":
            extra = f" ({sum(len(s.values) for s in rows)} readings)"
        print(f"  {k:17s} rows={len(rows):7d}{extra}  planted={len(truth[k])}")
    f1 = _fingerprint(inputs, truth, day)
    f2 = _fingerprint(*generate(3000, 7, 0.05))
    f3 = _fingerprint(*generate(3000, 8, 0.05))
    print("deterministic:", f1 == f2, "| other seed differs:", f1 != f3)
