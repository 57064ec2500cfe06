"""The detectors' generalised rules (issue 32, after the blind measurement): each planted case flagged, the
honest case next to it left alone — what an inspector would see or be spared."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.anomaly import detectors as d

DAY = date(2026, 12, 1)
AT = datetime(2026, 12, 1, 3, tzinfo=UTC)
MIN20 = timedelta(minutes=20)


def _ago(n: int) -> date:
    return DAY - timedelta(days=n)


# ---- mass balance: the product's own spread -----------------------------------------------------------


def _steady_history(n: int = 12, base: float = 0.94) -> list[d.BatchRow]:
    rnd = random.Random(n)
    return [
        d.BatchRow(i, 1, 10, f"H{i}", 1000.0, round(1000 * base * rnd.gauss(1, 0.004), 1), new=False)
        for i in range(n)
    ]


def test_a_batch_off_a_steady_products_own_spread_is_flagged_though_inside_twenty_percent():
    rows = [*_steady_history(), d.BatchRow(99, 1, 10, "N1", 1000.0, 860.0)]  # 0.86 against ~0.94: −8.5 %
    (f,) = d.mass_balance(rows)
    assert f.evidence[0]["id"] == 99 and float(f.params["lo"]) > 0.86


@settings(max_examples=40, deadline=None)
@given(off=st.floats(-0.025, 0.025))
def test_a_batch_within_the_floor_of_its_products_spread_is_left_alone(off):
    rows = [*_steady_history(), d.BatchRow(99, 1, 10, "N1", 1000.0, 1000 * 0.94 * (1 + off))]
    assert d.mass_balance(rows) == []


# ---- back-dating: outages, routine reports, old records, late release tests --------------------------


def _rec(pk: int, ago: int, ent: int = 1, kind: str = "production.ccprecord", released: int | None = None):
    return d.RecordRow(kind, pk, ent, _ago(ago), DAY, "", _ago(released) if released is not None else None)


def test_an_outage_backlog_with_its_release_tests_is_not_back_dating():
    today = [_rec(i, 0) for i in range(10)]
    backlog = [_rec(100 + i, 1 + i % 3) for i in range(20)]  # every day of a three-day outage
    tests = [_rec(200, 2, kind="production.releasetest", released=2), _rec(201, 1, kind="x", released=1)]
    reports = [_rec(300, 2, kind="weekly"), _rec(301, 1, kind="monthly"), _rec(302, 4, kind="contractor")]
    assert d.back_dating(today + backlog + tests + reports) == []


KINDS = ("production.ccprecord", "production.record", "cleanroom.reading", "selfcontrol.dailycheck")


def test_a_long_outage_of_many_kinds_a_day_is_not_back_dating_one_kind_or_two_missing_days_are():
    # a week's outage: each day's record-keeping (four kinds) arrives at once, with one day off inside it
    backlog = [_rec(i, 1 + i % 8, kind=KINDS[i // 8 % 4]) for i in range(64) if 1 + i % 8 != 5]
    assert d.back_dating(backlog) == []
    one_kind = [_rec(i, 1 + i % 8) for i in range(64)]  # a run of one record filled in day after day
    assert [f.params["late"] for f in d.back_dating(one_kind)] == [40]
    broken = [r for r in backlog if (DAY - r.stated).days not in (3, 4)]  # two days in a row missing
    assert [f.params["late"] for f in d.back_dating(broken)] == [24]  # the days before the break are judged


def test_an_outage_reaches_back_to_the_day_it_began_and_its_release_tests_with_it():
    full = [_rec(i, 1 + i % 3, kind=KINDS[i // 3 % 4]) for i in range(24)]  # three full days
    began = [_rec(100, 4)]  # the evening of the day the network went down
    tests = [_rec(200, 5, kind="production.releasetest", released=4)]  # released on site that day
    assert d.back_dating(full + began + tests) == []
    before = [_rec(201, 6, kind="production.releasetest", released=5)]  # released before the outage began
    assert [f.params["tests"] for f in d.back_dating(full + began + before)] == [1]


def test_two_records_more_than_a_week_old_are_back_dating_a_single_one_is_not():
    honest = [_rec(i, 0) for i in range(10)] + [_rec(50, 12)]
    filled = [_rec(100 + i, 0, ent=2) for i in range(10)] + [_rec(150, 9, ent=2), _rec(151, 13, ent=2)]
    (f,) = d.back_dating(honest + filled)
    assert f.enterprise_id == 2 and f.params["late"] == 2 and f.rule == "xize2017.art70"


def test_a_release_test_entered_days_after_release_or_alone_after_it_is_back_dating():
    late = [_rec(1, 6, ent=1, kind="production.releasetest", released=5)]  # five days after the release
    alone = [_rec(2, 1, ent=2, kind="production.releasetest", released=1), _rec(3, 0, ent=2)]
    found = {f.enterprise_id: f.params["tests"] for f in d.back_dating(late + alone)}
    assert found == {1: 1, 2: 1}  # a day after release with nothing else of that day is no outage


# ---- refused attempts -----------------------------------------------------------------------------


def test_the_same_refusal_three_times_over_different_batches_is_flagged_two_reasons_are_not():
    same = [d.RefusalRow(i, 1, 10 + i % 2, "shipment", "批次未放行", AT + i * MIN20) for i in range(3)]
    retry = [
        d.RefusalRow(10, 2, 7, "release", "出厂检验未完成", AT),
        d.RefusalRow(11, 2, 7, "release", "x", AT),
    ]
    assert [f.enterprise_id for f in d.refused_attempts(same + retry)] == [1]


# ---- too-regular: judged against the same measurement elsewhere --------------------------------------


def _series(ent: int, values: list[float], lo: float | None = 121.0, hi: float | None = None) -> d.Series:
    return d.Series(ent, "production.ccprecord", "杀菌 温度", list(range(len(values))), values, lo, hi)


def _peers(n: int = 12, sd: float = 0.35) -> list[d.Series]:
    rnd = random.Random(7)
    return [_series(1000 + i, [round(rnd.gauss(121.8, sd), 1) for _ in range(14)]) for i in range(n)]


def _flagged(*series: d.Series) -> dict[int, str]:
    return {f.enterprise_id: f.params["pattern"] for f in d.too_regular([*_peers(), *series])}


def test_peers_measured_honestly_are_not_too_regular():
    assert _flagged() == {}


def test_two_adjacent_values_identical_values_and_a_copied_block_are_too_regular():
    two = _series(1, [121.6, 121.7, 121.7, 121.6, 121.7, 121.7, 121.6, 121.7, 121.6, 121.7, 121.7, 121.6])
    same = _series(2, [121.7] * 8)
    block = _series(3, [121.9, 122.3, 121.4, 122.0] * 3)
    assert _flagged(two, same, block) == {1: "波动远小于同类测量的通常水平", 2: "相同数值", 3: "成段重复"}


def test_values_hugging_a_lower_or_an_upper_limit_are_too_regular():
    over_min = _series(1, [121.0, 121.1, 121.2, 121.0, 121.1, 121.3, 121.2, 121.0, 121.2, 121.1])
    under_max = _series(2, [124.8, 124.9, 125.0, 124.7, 124.9, 124.8, 125.0, 124.9], lo=None, hi=125.0)
    assert _flagged(over_min, under_max) == {1: "集中在下限之上", 2: "集中在上限之下"}


def test_a_steady_line_a_coarse_instrument_and_a_line_run_near_its_limit_are_honest():
    rnd = random.Random(3)
    steady = _series(1, [round(rnd.gauss(121.8, 0.6 * 0.35), 1) for _ in range(20)])  # automated, 0.6×
    coarse = _series(2, [121.5, 122.0, 121.5, 121.5, 122.0, 121.5, 122.0, 121.5])  # reads in 0.5 steps
    # the same instrument, six readings of one value: as likely as 1 in 50 for an ordinary line (from eight
    # on, one value from a coarse instrument is flagged: a line both coarse and steady is rarer than either)
    coarse_one = _series(3, [121.5] * 6)
    near = _series(4, [round(rnd.gauss(121.0 + 2.2 * 0.35, 0.35), 1) for _ in range(14)])
    assert _flagged(steady, coarse, coarse_one, near) == {}


@settings(max_examples=40, deadline=None)
@given(tenths=st.integers(1200, 1240).filter(lambda k: k % 2 and k % 5), n=st.integers(6, 30))
def test_one_value_throughout_read_in_fine_steps_is_flagged_however_long(tenths, n):
    assert _flagged(_series(1, [tenths / 10] * n)) == {1: "相同数值"}


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.sampled_from([121.5, 122.0]), min_size=6, max_size=12).filter(
        lambda v: len(set(v)) == 2
    )
)
def test_an_instrument_coarser_than_the_usual_spread_showing_two_values_is_never_too_regular_for_it(values):
    # (one value throughout is judged by the chance of a steady line or a coarse instrument, not both: above)
    assert _flagged(_series(1, values)).get(1) not in {"相同数值", "波动远小于同类测量的通常水平"}


# ---- silence: near-silence ---------------------------------------------------------------------------


def test_fewer_pushes_than_one_batch_while_shipping_a_lot_is_silence_a_tiny_producer_is_not():
    rows = [d.Activity(1, True, 2, 40), d.Activity(2, True, 3, 40), d.Activity(3, True, 1, 4)]
    (f,) = d.silence(rows)
    assert f.enterprise_id == 1 and f.params["pushes"] == 2 and f.rule == "xize2017.art50"


# ---- theatre: the token check, few deviations, judged by the province's noting rate -------------------


def _checks(risk: set[int] = frozenset(), days: int = 30) -> tuple:
    return tuple((i, _ago(i), i not in risk) for i in range(days))


def _devs(*ago: int) -> tuple:
    return tuple(("cleanroom.deviation", 500 + a, _ago(a)) for a in ago)


def _noting_province(n: int = 40) -> list[d.SelfControl]:
    """Enterprises whose checks note their deviations (the day of each, or the next), one in ten missed."""
    out = []
    for e in range(n):
        devs = (3 + e % 20, 10 + e % 15)
        risk = {devs[0], devs[1] - 1} if e % 5 else {devs[0]}
        out.append(d.SelfControl(100 + e, _checks(risk), _devs(*devs)))
    return out


def test_a_token_risk_day_away_from_the_deviations_does_not_hide_theatre():
    token = d.SelfControl(1, _checks({20}), _devs(2, 5, 9, 14))
    (f,) = d.theatre([token])
    assert f.enterprise_id == 1 and f.params["seen"] == 0 and f.params["zero"] == 29


def test_two_unnoted_deviations_are_theatre_where_the_province_notes_its_deviations():
    two = d.SelfControl(1, _checks(), _devs(4, 17))
    one = d.SelfControl(2, _checks(), _devs(8))
    noted = d.SelfControl(3, _checks({11}), _devs(4, 11))
    found = d.theatre([two, one, noted, *_noting_province()])
    assert [f.enterprise_id for f in found] == [1]
    assert d.theatre([two]) == []  # alone, with no province to learn from, two misses prove little


def test_with_no_peers_six_identical_values_prove_nothing_but_ten_do():
    assert d.too_regular([_series(1, [121.5] * 6)]) == []
    assert [f.params["pattern"] for f in d.too_regular([_series(1, [121.5] * 10)])] == ["相同数值"]
