"""Refused attempts (issue 32): what a real plant's gate honestly refuses is not flagged; probing is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shouhu.anomaly import detectors as d

AT = datetime(2026, 11, 16, 0, tzinfo=UTC)
S, M = timedelta(seconds=1), timedelta(minutes=1)


def _flagged(rows: list[d.RefusalRow]) -> list[int]:
    return [f.enterprise_id for f in d.refused_attempts(rows)]


def test_an_erp_retry_storm_within_seconds_is_one_attempt():
    storm = [d.RefusalRow(i, 1, 7, "出厂放行", "出厂检验结果未录入", AT + i * 4 * S) for i in range(7)]
    assert _flagged(storm) == []


def test_a_pallet_list_scan_and_an_outage_flush_are_one_attempt_per_batch():
    scan = [d.RefusalRow(i, 1, 100 + i, "shipment", "批次未放行", AT + i * 5 * S) for i in range(15)]
    flush = [d.RefusalRow(50 + i, 2, 200 + i, "release", "检验记录未同步", AT + i * 3 * S) for i in range(8)]
    assert _flagged(scan + flush) == []


def test_waiting_for_a_pending_result_twice_is_not_probing():
    rows = [
        d.RefusalRow(1, 1, 7, "release", "批次待检（商业无菌保温未完成）", AT),
        d.RefusalRow(2, 1, 7, "release", "批次待检（商业无菌保温未完成）", AT + 2 * S),
        d.RefusalRow(3, 1, 7, "release", "批次待检（商业无菌保温未完成）", AT + 150 * M),
        d.RefusalRow(4, 1, None, "发货出库", "追溯码未关联批次", AT + 300 * M),
    ]
    assert _flagged(rows) == []


def test_one_batch_tried_three_times_minutes_apart_is_flagged_even_when_each_double_fires():
    rows = []
    for n in range(3):
        at = AT + n * 90 * M
        rows += [d.RefusalRow(2 * n, 1, 7, "出厂放行", "出厂检验不合格", at + k * S) for k in range(2)]
    found = d.refused_attempts(rows)
    assert [f.enterprise_id for f in found] == [1] and found[0].params["most"] == 3


def test_a_failed_batch_taken_to_the_shipment_gate_under_an_unlinked_code_is_flagged():
    rows = [
        d.RefusalRow(1, 1, 7, "release", "出厂检验不合格", AT),
        d.RefusalRow(2, 1, 7, "shipment", "批次未放行", AT + 40 * M),
        d.RefusalRow(3, 1, None, "shipment", "追溯码未关联批次", AT + 100 * M),
    ]
    assert _flagged(rows) == [1]


def test_new_batch_numbers_refused_as_failed_through_the_day_are_flagged_one_accepted_failure_is_not():
    lot = [d.RefusalRow(i, 1, 10 + i, "release", "出厂检验不合格", AT + i * 40 * M) for i in range(4)]
    one = [d.RefusalRow(9, 2, 30, "release", "出厂检验不合格", AT)]
    assert _flagged(lot + one) == [1]
