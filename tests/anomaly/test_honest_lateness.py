"""Back-dating (issue 32): what reaches the platform late for an honest reason is not flagged; filling in is."""

from __future__ import annotations

from datetime import date, timedelta

from shouhu.anomaly import detectors as d

DAY = date(2026, 11, 16)
TEST = "出厂检验记录"


def _row(i: int, ent: int, kind: str, lag: int, text: str = "", released: date | None = None) -> d.RecordRow:
    return d.RecordRow(kind, i, ent, DAY - timedelta(days=lag), DAY, text, released)


def _flagged(rows: list[d.RecordRow]) -> list[int]:
    return [f.enterprise_id for f in d.back_dating(rows)]


def test_canned_food_release_tests_awaiting_incubation_are_not_late():
    rows = [_row(i, 1, TEST, 7 + i, "合格", DAY if i % 2 else None) for i in range(5)]
    assert _flagged(rows) == []


def test_a_release_test_entered_after_its_release_and_dated_before_it_is_flagged():
    rows = [_row(1, 1, TEST, 3, "合格", DAY - timedelta(days=1))]
    assert _flagged(rows) == [1]


def test_a_marked_first_connection_import_is_not_filling_in():
    mark = "接入平台前历史记录批量导入"
    rows = [_row(i, 1, "每日食品安全检查记录", 10 + i, mark) for i in range(60)]
    assert _flagged(rows) == []


def test_routine_books_written_up_weeks_back_are_flagged():
    rows = [_row(i, 1, "每日食品安全检查记录", 14 + i, "日检查 无异常") for i in range(20)]
    assert _flagged(rows) == [1]


# ---- too-regular: a laboratory's own detection limit ---------------------------------------------------


def _plate(ent: int, values: list[float]) -> d.Series:
    return d.Series(
        ent, "production.releasetest", "菌落总数", list(range(len(values))), values, None, 10000.0
    )


def test_plate_counts_at_a_laboratorys_own_detection_limit_are_not_too_regular():
    peers = [_plate(e, [0.0] * 15 + [20.0 * e, 40.0, 0.0, 130.0 + e, 60.0] * 2) for e in range(1, 8)]
    peers += [_plate(9, [10.0] * 30), _plate(10, [5.0] * 30)]
    assert [f.enterprise_id for f in d.too_regular(peers)] == []


def test_identical_retort_temperatures_among_measured_ones_are_too_regular():
    import random

    rng = random.Random(5)
    peers = [
        d.Series(
            e,
            "production.ccprecord",
            "杀菌 温度",
            list(range(20)),
            [round(121.8 + rng.gauss(0, 0.35), 1) for _ in range(20)],
            121.0,
        )
        for e in range(1, 10)
    ]
    faked = d.Series(20, "production.ccprecord", "杀菌 温度", list(range(20)), [121.6] * 20, 121.0)
    assert [f.enterprise_id for f in d.too_regular([*peers, faked])] == [20]
