"""Refused attempts that probe the gate (issue 32): pure, no database.

The release gate is where a batch asks to be released: asking for each batch once, and being told its
results are not in yet, is how a busy plant works while its laboratory finishes (the batch passes once they
arrive, and that writes no refusal); asking again hours later, told the same, is checking whether they came.
Machines repeat themselves honestly: an ERP interface retries a refused call within seconds and a scanner
reads a code twice, so the same refusal of the same goods again within `refused.retry_s` is one attempt; a
pallet list scanned at the gate, or a reconnected gateway flushing its queue, refuses many batches once each
within a minute or two, and that too is one attempt per batch. What probes the gate is asking again and
again, minutes to hours apart: the same batch tried three times, goods refused at release taken to the
shipment gate (under their batch or an unlinked trace code) again and again, or batch after batch refused
as failed (not as pending) in separate attempts through the day — the same failed lot under new numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

# the gate as the platform stores it, or as an enterprise's own system labels it when it pushes
RELEASE = frozenset({"release", "出厂放行"})
# a result that failed, not one still pending: "不合格", a test item missing, an open CCP deviation
FAILED = ("不合格", "不全", "缺少检验项目", "偏差", "failed", "missing", "deviation")


def failed(reason: str) -> bool:
    return any(word in reason for word in FAILED)


def collapse(rows: Sequence[Any], t: dict[str, float]) -> list[Any]:
    """The refusals as attempts, in time order: a refusal identical (goods, gate, reason) to one within
    `refused.retry_s` before it is the same attempt resent (an interface retry, a double scan)."""
    last: dict[tuple[Any, str, str], Any] = {}
    out = []
    for r in sorted(rows, key=lambda r: (r.at, r.id)):
        key = (r.batch_id, r.gate, r.reason)
        before = last.get(key)
        last[key] = r
        if before is not None and (r.at - before.at).total_seconds() <= t["refused.retry_s"]:
            continue
        out.append(r)
    return out


def attempts(rows: Sequence[Any], t: dict[str, float]) -> list[tuple[Any, Any, bool]]:
    """(attempt, the goods it concerns, whether it probes), in time order. Goods refused at release and then
    brought to the shipment gate under an unlinked trace code are taken as those goods. An attempt probes when
    its goods were refused before (at either gate) — unless it asks the release gate again, refused the same
    way (as pending, not failed), `refused.wait_s` or more after the last time (waiting for a result); and a shipment attempt probes
    when it is not part of the last one's scan (`refused.burst_s`): unreleased goods taken to the shipment
    gate again and again through the day."""
    last: dict[Any, Any] = {}
    held = None  # the latest batch the release gate refused as failed
    shipped = None  # when the shipment gate last refused anything
    out = []
    for r in collapse(rows, t):
        release = r.gate in RELEASE
        goods = r.batch_id if r.batch_id is not None or release else held
        before = last.get(goods) if goods is not None else None
        if not release:  # one scan of a pallet list is one attempt; goods brought again and again are not
            fresh = shipped is None or (r.at - shipped).total_seconds() >= t["refused.burst_s"]
            shipped = r.at
        if before is None:
            probe = not release and fresh
        elif release and before.gate in RELEASE and before.reason == r.reason and not failed(r.reason):
            probe = (r.at - before.at).total_seconds() < t["refused.wait_s"]
        else:
            probe = True
        if goods is not None:
            last[goods] = r
        if release and r.batch_id is not None and failed(r.reason):
            held = r.batch_id
        out.append((r, goods, probe))
    return out


def failed_runs(tried: Sequence[tuple[Any, Any, bool]], t: dict[str, float]) -> int:
    """How many separate attempts (`refused.burst_s` or more apart: not one pallet scan) refused distinct
    batches at release as failed."""
    n, prev, seen = 0, None, set()
    for r, goods, _ in tried:
        if r.gate not in RELEASE or goods is None or goods in seen or not failed(r.reason):
            continue
        if prev is None or (r.at - prev).total_seconds() >= t["refused.burst_s"]:
            n += 1
            seen.add(goods)
        prev = r.at
    return n


def probing(rows: Sequence[Any], t: dict[str, float]) -> tuple[int, int] | None:
    """(the most attempts at one batch, the probes) when one enterprise's refusals of the day probe the gate:
    one batch tried `refused.per_batch` times with a probe among them, `refused.probes` probes, or `refused.failed_batches` batches
    refused as failed in separate attempts; else None."""
    tried = attempts(rows, t)
    per_goods = Counter(goods for _, goods, _ in tried if goods is not None)
    probed = {goods for _, goods, probe in tried if probe}
    probes = sum(probe for _, _, probe in tried)
    most = max(per_goods.values(), default=0)
    if (
        max((n for goods, n in per_goods.items() if goods in probed), default=0) >= t["refused.per_batch"]
        or probes >= t["refused.probes"]
        or failed_runs(tried, t) >= t["refused.failed_batches"]
    ):
        return most, probes
    return None
