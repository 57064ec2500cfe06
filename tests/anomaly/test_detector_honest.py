"""Honest noise of a real plant next to the cheating it resembles (issue 32, after the second blind
measurement): an outage's backlog and a fill-in, a laboratory's or a contractor's late report and a late
monitoring record, a release asked for while results are pending and a gate probed, set points, detection
limits and a steady line's quantised readings next to hand-typed values."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from shouhu.anomaly import detectors as d

DAY = date(2026, 12, 1)
KINDS = ("production.ccprecord", "cleanroom.reading", "production.feeding", "selfcontrol.dailycheck")


def _ago(n: int) -> date:
    return DAY - timedelta(days=n)


def _rec(pk: int, ago: int, ent: int = 1, kind: str = "production.ccprecord", released: int | None = None):
    return d.RecordRow(kind, pk, ent, _ago(ago), DAY, "", _ago(released) if released is not None else None)


def _today(ent: int, start: int) -> list[d.RecordRow]:
    return [_rec(start + i, 0, ent, KINDS[i % 4]) for i in range(8)]


# ---- back-dating ---------------------------------------------------------------------------------------


def test_an_outage_of_six_days_with_its_release_tests_is_not_back_dating():
    backlog = [_rec(i, 1 + i % 6, kind=KINDS[i // 6 % 4]) for i in range(48)]
    held = [_rec(100 + i, 1 + i, kind="production.releasetest", released=1 + i) for i in range(5)]
    assert d.back_dating(_today(1, 500) + backlog + held) == []


def test_daily_checks_written_up_before_an_inspection_are_back_dating_beside_an_outage():
    checks = [_rec(i, 8 + i, kind="selfcontrol.dailycheck") for i in range(15)]  # one kind, long past
    (f,) = d.back_dating(_today(1, 500) + checks)
    assert f.params["late"] == 15
    outage = [_rec(200 + i, 1 + i % 3, kind=KINDS[i // 3 % 4]) for i in range(12)]  # three full days
    (f,) = d.back_dating(_today(1, 500) + outage + checks)  # the outage does not reach them
    assert f.params["late"] == 15


def test_release_tests_entered_after_release_with_no_outage_those_days_are_back_dating():
    outage = [_rec(200 + i, 1 + i % 2, kind=KINDS[i // 2 % 4]) for i in range(8)]  # two full days
    tests = [_rec(300, 6, kind="production.releasetest", released=5)]  # released before it began
    (f,) = d.back_dating(_today(1, 500) + outage + tests)
    assert f.params["tests"] == 1


def _province(n: int = 12) -> list[d.RecordRow]:
    """Enterprises that push their day on the day, and whose hospital results come 5–20 days after the
    examination."""
    rows = []
    for e in range(n):
        rows += _today(100 + e, 1000 * (e + 1))
        rows += [
            _rec(1000 * (e + 1) + 50 + i, 5 + (e + 3 * i) % 16, 100 + e, "registry.health") for i in range(3)
        ]
    return rows


def test_a_kind_that_comes_late_everywhere_is_not_back_dating_a_monitoring_record_weeks_late_is():
    health = [_rec(i, 12 + i, kind="registry.health") for i in range(4)]  # like every other enterprise's
    assert d.back_dating(_province() + _today(1, 1) + health) == []
    one = [_rec(9, 15, ent=2)]  # one CCP record, a kind the province records as it happens, 15 days late
    (f,) = d.back_dating(_province() + _today(2, 20) + one)
    assert f.enterprise_id == 2 and f.params["late"] == 1
    assert d.back_dating(_today(2, 20) + one) == []  # alone, with no province to learn from: a stray push


# ---- refused attempts ------------------------------------------------------------------------------------

AT = datetime(2026, 12, 1, 8)


def _ref(pk: int, batch: int | None, minutes: int, gate: str = "release", reason: str = "release.tests"):
    return d.RefusalRow(pk, 1, batch, gate, reason, AT + timedelta(minutes=minutes))


def test_releases_asked_for_while_results_are_pending_are_not_probing():
    batches = [_ref(i, 10 + i, 60 * i) for i in range(6)]  # six batches, once each, through the day
    assert d.refused_attempts(batches) == []
    waiting = [_ref(1, 10, 0), _ref(2, 10, 150), _ref(3, 10, 400)]  # asked again hours later, told the same
    assert d.refused_attempts(waiting) == []


def test_a_batch_hammered_new_reasons_and_the_shipment_gate_again_and_again_are_probing():
    hammered = [_ref(i, 10, 5 * i, reason="release.failed") for i in range(4)]
    workaround = [_ref(i, 10, 90 * i, reason=r) for i, r in enumerate(("a", "b", "c"))]
    shipped = [_ref(i, 20 + i % 2, 30 * i, gate="shipment", reason="shipment.unreleased") for i in range(3)]
    failed = [
        _ref(1, 10, 0, reason="release.failed"),
        _ref(2, 10, 120, "shipment"),
        _ref(3, 10, 300, "shipment"),
    ]
    for rows in (hammered, workaround, shipped, failed):
        assert [f.enterprise_id for f in d.refused_attempts(rows)] == [1], rows


# ---- too regular -------------------------------------------------------------------------------------------


def _s(ent: int, key: str, values: list[float], lo: float | None = None, hi: float | None = None):
    return d.Series(ent, "production.ccprecord", key, list(range(len(values))), values, lo, hi)


def _found(series: list[d.Series]) -> dict[int, str]:
    return {f.enterprise_id: f.params["pattern"] for f in d.too_regular(series)}


def test_a_programmed_set_point_is_not_too_regular():
    province = [
        _s(100 + e, "杀菌 时间", [float(30 + 5 * (e % 3))] * 12, lo=25.0 + 5 * (e % 3)) for e in range(8)
    ]
    assert _found(province) == {}


def test_results_at_the_detection_limit_are_not_too_regular():
    rnd = random.Random(5)
    province = [
        _s(
            100 + e,
            "菌落总数",
            [10.0 if rnd.random() < 0.7 else float(rnd.randint(11, 200)) for _ in range(15)],
            hi=1000.0,
        )
        for e in range(10)
    ]
    lod = [
        _s(1, "菌落总数", [10.0] * 20, hi=1000.0),
        _s(2, "沉降菌", [0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0], hi=100.0),
    ]
    assert _found(province + lod) == {}
    assert _found([_s(3, "菌落总数", [10.0] * 12, hi=1000.0)]) == {}  # alone: far below its limit


def _temperature(rnd: random.Random, n: int = 12) -> list[d.Series]:
    return [
        _s(100 + e, "杀菌 温度", [round(rnd.gauss(121.8, 0.4), 1) for _ in range(20)], lo=121.0)
        for e in range(n)
    ]


def test_a_steady_automated_line_read_in_its_steps_is_not_too_regular_typed_values_are():
    rnd = random.Random(11)
    province = _temperature(rnd)
    steady = _s(1, "杀菌 温度", [round(rnd.gauss(121.8, 0.4 * 0.5), 1) for _ in range(20)], lo=121.0)
    typed = _s(2, "杀菌 温度", [121.8] * 12, lo=121.0)
    assert _found([*province, steady, typed]) == {2: "相同数值"}


def test_one_value_copied_forward_after_real_readings_is_too_regular():
    rnd = random.Random(12)
    real = [round(rnd.gauss(121.8, 0.4), 1) for _ in range(6)]
    copied = _s(1, "杀菌 温度", real + [real[-1]] * 10, lo=121.0)
    assert _found([*_temperature(rnd), copied]) == {1: "同一数值连续照抄"}
