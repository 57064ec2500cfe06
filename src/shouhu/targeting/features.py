"""What the model reads: an enterprise's history before a day, as numbers (pure Python, no Django).

History is two lists, both made by `history.py` from the database or by `simulate.py`:
- events: `Event(enterprise_id, on, serious)` — a concluded inspection (serious = 不符合) or a judged sample
  (serious = 不合格); these are also the labels to learn;
- grades: `Grade(enterprise_id, on, score, level)` — the rule-based risk grades as they stood on each day.

`features_at(…, day)` reads only what was known strictly before `day` (the grade in force on `day`), so a
time split never leaks the future into the past.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

N_ = str  # msgids, translated where shown

YEAR = dt.timedelta(days=365)
LEVEL_RISK = {"A": 0, "B": 1, "C": 2, "D": 3}  # D is the riskiest grade

# (key, msgid of the feature's name): the order is the model's column order
FEATURES: tuple[tuple[str, str], ...] = (
    ("grade_score", N_("风险分级得分")),
    ("grade_level", N_("风险等级（A=0 至 D=3）")),
    ("serious_1y", N_("近一年检查或抽检发现严重问题次数")),
    ("events_1y", N_("近一年检查和抽检次数")),
    ("serious_rate", N_("以往检查和抽检发现严重问题的比例")),
    ("serious_ever", N_("以往发现严重问题总次数")),
    ("years_since_serious", N_("距上次发现严重问题年数")),
    ("years_since_event", N_("距上次检查或抽检年数")),
)
KEYS = tuple(k for k, _ in FEATURES)
NEVER = 5.0  # years since: "never" counts as five years


@dataclass(frozen=True)
class Event:
    enterprise_id: int
    on: dt.date
    serious: bool


@dataclass(frozen=True)
class Grade:
    enterprise_id: int
    on: dt.date
    score: float
    level: str


class History:
    """Events and grades indexed per enterprise and sorted by day, for fast "as of" reads."""

    def __init__(self, events: Iterable[Event], grades: Iterable[Grade]) -> None:
        ev: dict[int, list[Event]] = defaultdict(list)
        for e in events:
            ev[e.enterprise_id].append(e)
        gr: dict[int, list[Grade]] = defaultdict(list)
        for g in grades:
            gr[g.enterprise_id].append(g)
        self.events = {k: sorted(v, key=lambda e: e.on) for k, v in ev.items()}
        self.grades = {k: sorted(v, key=lambda g: g.on) for k, v in gr.items()}
        self._event_days = {k: [e.on for e in v] for k, v in self.events.items()}
        self._grade_days = {k: [g.on for g in v] for k, v in self.grades.items()}

    def enterprises(self) -> list[int]:
        return sorted(set(self.events) | set(self.grades))

    def grade_at(self, eid: int, day: dt.date) -> Grade | None:
        days = self._grade_days.get(eid, [])
        i = bisect.bisect_right(days, day)
        return self.grades[eid][i - 1] if i else None

    def before(self, eid: int, day: dt.date) -> list[Event]:
        days = self._event_days.get(eid, [])
        return self.events.get(eid, [])[: bisect.bisect_left(days, day)]

    def between(self, eid: int, start: dt.date, end: dt.date) -> list[Event]:
        days = self._event_days.get(eid, [])
        return self.events.get(eid, [])[bisect.bisect_left(days, start) : bisect.bisect_left(days, end)]


def features_at(history: History, eid: int, day: dt.date) -> list[float]:
    grade = history.grade_at(eid, day)
    past = history.before(eid, day)
    recent = [e for e in past if e.on >= day - YEAR]
    serious = [e for e in past if e.serious]
    row = {
        "grade_score": grade.score if grade else 0.0,
        "grade_level": float(LEVEL_RISK.get(grade.level, 1)) if grade else 1.0,
        "serious_1y": float(sum(e.serious for e in recent)),
        "events_1y": float(len(recent)),
        # shrunk towards zero with one pseudo-event so that one visit is not a rate of 100 %
        "serious_rate": len(serious) / (len(past) + 1),
        "serious_ever": float(len(serious)),
        "years_since_serious": min((day - serious[-1].on).days / 365, NEVER) if serious else NEVER,
        "years_since_event": min((day - past[-1].on).days / 365, NEVER) if past else NEVER,
    }
    return [row[k] for k in KEYS]


@dataclass
class Rows:
    """A table to learn from or to rank: one row per (enterprise, day), with the rule-based grade beside."""

    enterprise_ids: list[int]
    X: list[list[float]]
    y: list[int]
    level: list[str]
    score: list[float]

    def __len__(self) -> int:
        return len(self.y)


def training_rows(history: History, start: dt.date, end: dt.date) -> Rows:
    """Every event in [start, end): the history known the day before it, and whether it was serious."""
    rows = Rows([], [], [], [], [])
    for eid in history.enterprises():
        for e in history.between(eid, start, end):
            _add(rows, history, eid, e.on, int(e.serious))
    return rows


def next_event_rows(history: History, cutoff: dt.date, horizon: dt.timedelta = YEAR) -> Rows:
    """The later period of a time split: each enterprise visited in [cutoff, cutoff + horizon), ranked with
    what was known on `cutoff`, labelled by whether its first visit there found a serious problem."""
    rows = Rows([], [], [], [], [])
    for eid in history.enterprises():
        later = history.between(eid, cutoff, cutoff + horizon)
        if later:
            _add(rows, history, eid, cutoff, int(later[0].serious))
    return rows


def ranking_rows(history: History, enterprise_ids: Sequence[int], day: dt.date) -> Rows:
    """Every enterprise as of `day`, unlabelled (y = 0): what the planner's ranking is made from."""
    rows = Rows([], [], [], [], [])
    for eid in enterprise_ids:
        _add(rows, history, eid, day, 0)
    return rows


def _add(rows: Rows, history: History, eid: int, day: dt.date, label: int) -> None:
    grade = history.grade_at(eid, day)
    rows.enterprise_ids.append(eid)
    rows.X.append(features_at(history, eid, day))
    rows.y.append(label)
    rows.level.append(grade.level if grade else "")
    rows.score.append(grade.score if grade else 0.0)
