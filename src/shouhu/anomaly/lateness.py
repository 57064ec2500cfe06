"""What "late" means for a record (issue 32, back-dating): pure, no database.

Two honest reasons make records reach the platform long after the day they state, and both are told apart
from filling in by what the day's pushes show, not by a fixed number of days:

- an outage (the network or the enterprise's system down): everything made while it lasted is queued and
  arrives together when it ends. The outage is the run of days, back from the day before the pushes arrived,
  each of whose records arrived together as a day's record-keeping does — several kinds of record at once
  (`late.outage_kinds`; a release test entered after its release is what is judged, not evidence) — with no
  more than `late.outage_gap` days in a row that show fewer (a day off) inside it, and the day before its
  first such day if some of its records came with them (the outage began during that day). Records stated in
  it (or that would have arrived in it, their kind's usual lag after their day), and release tests of batches released in it (released on site while the platform could not be reached),
  are the backlog, whatever its length. A fill-in of chosen records (a run of daily checks, tests entered
  after release) is one kind at a time, on days the outage does not reach;
- a kind of record whose document exists only days after its event: a laboratory's result dated by its
  sample, a hospital's health check, a contractor's or a third party's report, a period's minutes. Such a kind
  arrives late at most enterprises that keep it. Its usual lag is taken from the run's enterprises that keep
  it (`usual_lags`), each once, by its latest record of the kind outside its outage: their median plus twice
  the spread between them (robust, so the few that fill in move neither), when at least `late.min_peers`
  keep it; a record is late only beyond that, as beyond the fixed days for a kind recorded as it happens. A
  kind whose usual lag is a day at most is recorded as it happens: one of its records more than a week old
  was written after the fact. A run over one enterprise has no peers and judges every kind by the fixed days.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

ONE = timedelta(days=1)


def outage_start(records: Sequence[Any], recorded: date, t: dict[str, float]) -> date | None:
    """The first day of the outage whose backlog arrived on `recorded`, or None when there was none."""
    kinds: dict[date, set[str]] = defaultdict(set)
    for r in records:  # a release test entered after its release is what is judged, not evidence
        if (
            r.recorded == recorded
            and r.stated <= recorded
            and (r.released_on is None or r.released_on >= recorded)
        ):
            kinds[r.stated].add(r.type)
    if len(kinds) < 2:
        return None
    need = t["late.outage_kinds"]
    oldest = min(kinds)
    first, gap, day = None, 0, recorded - ONE
    while day >= oldest:
        if len(kinds.get(day, ())) >= need:
            first, gap = day, 0
        else:
            gap += 1
            if gap > t["late.outage_gap"]:
                break
        day -= ONE
    if first is not None and kinds.get(first - ONE):
        first -= ONE  # the outage began during that day: its later records came with the backlog
    return first


def usual_lags(by_ent: dict[int, list[Any]], starts: dict[int, date | None], t: dict[str, float]) -> dict:
    """Per kind of record: its usual lag at the run's enterprises keeping it (each by its latest record of the
    kind outside its outage): their median plus `late.usual_k` robust spreads (the median absolute deviation
    scaled to a normal's), when at least `late.min_peers` keep it."""
    latest: dict[str, list[int]] = defaultdict(list)
    for ent, records in by_ent.items():
        start = starts.get(ent)
        worst: dict[str, int] = {}
        for r in records:
            if start is not None and start <= r.stated < r.recorded:
                continue
            lag = (r.recorded - r.stated).days
            if lag > worst.get(r.type, -1):
                worst[r.type] = lag
        for kind, lag in worst.items():
            latest[kind].append(lag)
    out = {}
    for kind, lags in latest.items():
        if len(lags) >= t["late.min_peers"]:
            mid = statistics.median(lags)
            spread = statistics.median(abs(x - mid) for x in lags) * 1.4826
            out[kind] = mid + t["late.usual_k"] * spread
    return out


def in_outage(r: Any, start: date | None, allowed: float = 0) -> bool:
    """The record is part of the outage's backlog: a test of a batch released in it, or a record that would
    have arrived in it (its day, plus its kind's usual lag, in it)."""
    if start is None:
        return False
    if r.released_on is not None:
        return start <= r.released_on < r.recorded
    return r.stated < r.recorded and (r.recorded - r.stated).days <= (r.recorded - start).days + allowed


# a record's text saying it is part of a declared bulk load: the first connection's import of the books kept
# before the platform (2026 plan item 16 asks for them), or a gateway's queue re-sent after an outage
MARKED = ("接入平台前", "历史记录批量导入", "中断恢复后补传")


def release_kinds(rows: Sequence[Any]) -> set[str]:
    """The kinds of record that carry the release day of their batch: release tests."""
    return {r.type for r in rows if r.released_on is not None}


def awaited(r: Any, tests: set[str], t: dict[str, float]) -> bool:
    """A release test the gate waited for: its batch not released before the result was entered (released
    the day it came, or not yet), its sample taken at most `late.lab_days` before — the laboratory's culture
    or a canned food's commercial-sterility incubation takes days, and the result is dated by its sample."""
    return (
        r.type in tests
        and (r.released_on is None or r.released_on >= r.recorded)
        and (r.recorded - r.stated).days <= t["late.lab_days"]
    )


def judge(
    records: Sequence[Any],
    start: date | None,
    usual: dict,
    t: dict[str, float],
    tests_kinds: set[str] = frozenset(),
) -> tuple[list, list]:
    """(late records, release tests entered after their release) of one enterprise's pushes, its outage's
    backlog left out; the late ones only when they make a pattern: three late, two more than a week old, or
    one more than a week old of a kind the province records as it happens (usual lag `late.realtime` days at
    most: a monitoring record written a week after the fact)."""
    kept = [
        r
        for r in records
        if not in_outage(r, start, usual.get(r.type, 0))
        and not awaited(r, tests_kinds, t)
        and not any(mark in r.text for mark in MARKED)
    ]
    tests = [r for r in kept if r.released_on is not None and r.stated <= r.released_on < r.recorded]
    seen = {id(r) for r in tests}
    items, old, realtime = [], 0, 0
    for r in kept:
        lag, allowed = (r.recorded - r.stated).days, usual.get(r.type)
        if id(r) in seen or lag <= max(t["late.days"], allowed or 0):
            continue
        items.append(r)
        if lag > max(t["late.old_days"], allowed or 0):
            old += 1
            realtime += allowed is not None and allowed <= t["late.realtime"]
    if len(items) < t["late.min_records"] and old < t["late.min_old"] and not realtime:
        items = []
    return items, tests
