"""Refused attempts that probe the gate (issue 32): pure, no database.

The release gate is where a batch asks to be released: asking for each batch once, and being told its
results are not in yet, is how a busy plant works while its laboratory finishes (the batch passes once they
arrive, and that writes no refusal); asking again hours later, told the same, is checking whether they came.
What probes the gate is asking again and again: the same batch tried within the hour and refused the same
way (hammering), tried with a new reason each time (one workaround after another), and goods taken to the
shipment gate that the release gate has not let out — once is a mistake, again and again is moving goods
that are held.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any


def attempts(rows: Sequence[Any], t: dict[str, float]) -> list[tuple[Any, bool]]:
    """The refusals as attempts, in time order, each with whether it probes: a shipment attempt, or a
    release attempt at a batch already refused — unless refused the same way an hour or more after the last
    time (waiting for a result)."""
    last: dict[tuple[Any, str], Any] = {}
    refused: set[Any] = set()
    out = []
    for r in sorted(rows, key=lambda r: (r.at, r.id)):
        key = (r.batch_id, r.gate)
        before = last.get(key)
        last[key] = r
        gap = (r.at - before.at).total_seconds() if before is not None else None
        same = before is not None and before.reason == r.reason and r.batch_id is not None
        if r.gate != "release":
            probe = True
        else:
            probe = r.batch_id in refused and not (same and gap >= t["refused.wait_s"])
        out.append((r, probe))
        if r.batch_id is not None:
            refused.add(r.batch_id)
    return out


def probing(rows: Sequence[Any], t: dict[str, float]) -> tuple[int, int] | None:
    """(the most attempts at one batch, the probes) when one enterprise's refusals of the day probe the gate:
    one batch tried `refused.per_batch` times with a probe among them, or `refused.probes` probes; else None."""
    tried = attempts(rows, t)
    per_batch = Counter(r.batch_id for r, _ in tried if r.batch_id is not None)
    probed = Counter(r.batch_id for r, probe in tried if probe and r.batch_id is not None)
    probes = sum(probe for _, probe in tried)
    most = max((n for b, n in per_batch.items() if probed[b]), default=0)
    if most >= t["refused.per_batch"] or probes >= t["refused.probes"]:
        return max(per_batch.values(), default=0), probes
    return None
