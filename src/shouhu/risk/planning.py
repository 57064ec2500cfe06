"""The yearly inspection plan as a pure function (双随机): enterprises and inspectors drawn from a seed.

Same inputs and seed → the same plan, task for task (random.Random seeded with a string is stable across
processes and Python versions ≥ 3.2). What it guarantees:
- every enterprise gets its grade's minimum number of inspections this year; a grade inspected once per
  N years is drawn at random up to its quota (ceil(n / N)): first those the full-coverage rule (every
  producer within `full_coverage_years`) forces in, then the focus groups, then those never inspected
  (so the rest of a cycle's never-inspected come first next year), then the others;
- focus groups come first: their first window opens at the start of the year and is half as long;
- no window opens within `no_repeat_months` of a higher-level inspection of the same enterprise;
- each task's team is `min_team` distinct inspectors drawn at random from those without a recorded
  conflict of interest with the enterprise; an enterprise with too few left is refused (PlanError);
- a `ranking` (enterprise id → rank, 1 first; issue 33: the learned targeting's, asked through
  `core.hooks.plan_ranking`) only orders the tasks inside each grade (and inside the focus groups): who is
  inspected and how often — every minimum frequency, the full-coverage rule and the draw by lot — is
  exactly what it is without one. Each task's `priority` is its place within its grade (1 first).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

LEVEL_ORDER = {"D": 0, "C": 1, "B": 2, "A": 3}


class PlanError(ValueError):
    def __init__(self, code: str, enterprise_id: int, eligible: int) -> None:
        self.code, self.enterprise_id, self.eligible = code, enterprise_id, eligible
        super().__init__(f"{code}: enterprise {enterprise_id} has {eligible} eligible inspectors")


@dataclass(frozen=True)
class Candidate:
    id: int
    level: str
    focus: tuple[str, ...] = ()
    last_inspected: dt.date | None = None
    higher_level_inspected: dt.date | None = None


@dataclass(frozen=True)
class TaskDraft:
    enterprise_id: int
    level: str
    round: int
    window_start: dt.date
    window_end: dt.date
    team: tuple[int, ...]
    focus: tuple[str, ...]
    drawn: bool = False  # chosen by lot (a grade inspected less than once a year)
    priority: int = 0  # place within its grade in the plan's order (1 first)


@dataclass
class Plan:
    tasks: list[TaskDraft] = field(default_factory=list)
    selected: dict[str, int] = field(default_factory=dict)
    eligible: dict[str, int] = field(default_factory=dict)


def _add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(day.day, 28))


def _windows(year: int, times: int, focus: bool, not_before: dt.date | None) -> list[tuple[dt.date, dt.date]]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not_before and not_before > start:
        start = min(not_before, end)
    span = (end - start).days + 1
    out = []
    for r in range(times):
        a = start + dt.timedelta(days=span * r // times)
        b = start + dt.timedelta(days=span * (r + 1) // times - 1)
        if focus and r == 0:
            b = a + dt.timedelta(days=max((b - a).days // 2, 0))
        out.append((a, b))
    return out


def build(
    candidates: Iterable[Candidate],
    inspectors: Sequence[int],
    conflicts: set[tuple[int, int]],
    *,
    seed: str,
    year: int,
    frequencies: dict[str, dict[str, int]],
    full_coverage_years: int = 2,
    min_team: int = 2,
    no_repeat_months: int = 3,
    ranking: dict[int, int] | None = None,
) -> Plan:
    rng = random.Random(f"shouhu-risk-plan:{seed}")
    pool = sorted(set(inspectors))
    by_level: dict[str, list[Candidate]] = {}
    for c in sorted(candidates, key=lambda c: c.id):
        by_level.setdefault(c.level, []).append(c)
    coverage_since = dt.date(year - full_coverage_years + 1, 1, 1)
    plan = Plan()
    chosen: list[tuple[Candidate, int, bool]] = []
    for level in sorted(by_level, key=lambda lv: LEVEL_ORDER.get(lv, 9)):
        group = by_level[level]
        freq = frequencies.get(level, {"times": 1, "per_years": 1})
        times, per_years = int(freq.get("times", 1)), max(int(freq.get("per_years", 1)), 1)
        plan.eligible[level] = len(group)
        if per_years == 1:
            picked = [(c, times, False) for c in group]
        else:
            quota = math.ceil(len(group) / per_years)
            # the full-coverage rule forces in those whose last inspection leaves this year as the last
            # chance; then the focus groups, then those never inspected, then the rest — each drawn by lot
            forced = [c for c in group if c.last_inspected is not None and c.last_inspected < coverage_since]
            forced_ids = {c.id for c in forced}
            rest = [c for c in group if c.id not in forced_ids]
            focus = [c for c in rest if c.focus]
            never = [c for c in rest if not c.focus and c.last_inspected is None]
            others = [c for c in rest if not c.focus and c.last_inspected is not None]
            for part in (focus, never, others):
                rng.shuffle(part)
            fill = max(quota - len(forced), 0)
            drawn = (focus + never + others)[:fill]
            picked = [(c, times, False) for c in forced] + [(c, times, True) for c in drawn]
        plan.selected[level] = len(picked)
        chosen += picked
    # focus groups first, then the riskier grades; inside a grade by the ranking when one is given
    rank = ranking or {}
    last = len(rank) + 1
    chosen.sort(
        key=lambda x: (not x[0].focus, LEVEL_ORDER.get(x[0].level, 9), rank.get(x[0].id, last), x[0].id)
    )
    place: dict[str, int] = {}
    for cand, times, drawn in chosen:
        place[cand.level] = priority = place.get(cand.level, 0) + 1
        eligible = [i for i in pool if (i, cand.id) not in conflicts]
        if len(eligible) < min_team:
            raise PlanError("team.too_few", cand.id, len(eligible))
        not_before = None
        if cand.higher_level_inspected is not None:
            not_before = _add_months(cand.higher_level_inspected, no_repeat_months)
        for r, (a, b) in enumerate(_windows(year, times, bool(cand.focus), not_before), start=1):
            team = tuple(sorted(rng.sample(eligible, min_team)))
            plan.tasks.append(TaskDraft(cand.id, cand.level, r, a, b, team, cand.focus, drawn, priority))
    return plan
