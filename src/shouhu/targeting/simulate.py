"""A planted-signal world, SIMULATED (no real enterprise, inspection or sample behind any number).

Each enterprise has a latent risk z ~ N(0, 1) that nobody observes. Every visit (1–3 a year, at random
days) finds a serious problem with probability sigmoid(base + signal·z); the rule-based grade, given each
2 January, sees z only weakly (`grade_signal`·z plus noise) — as a grade that reads mostly static facts
would. With `signal = 0` the outcomes are coin flips that nothing predicts: a model that claims skill there
is fooling itself, and the tests check that its lift's interval then includes 1.

Used by the tests, by the benchmark (bench/targeting_eval.py) and by the demo data; never by production.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from .features import Event, Grade, History

BANDS = ((75.0, "D"), (60.0, "C"), (45.0, "B"))


def level_of(score: float) -> str:
    return next((lv for bound, lv in BANDS if score >= bound), "A")


def world(
    *,
    seed: int,
    n: int = 300,
    years: tuple[int, ...] = (2023, 2024, 2025, 2026),
    signal: float = 1.5,
    grade_signal: float = 0.3,
    base: float = -1.6,
    first_id: int = 1,
) -> History:
    rng = random.Random(f"shouhu-targeting-sim:{seed}")
    events: list[Event] = []
    grades: list[Grade] = []
    for eid in range(first_id, first_id + n):
        z = rng.gauss(0, 1)
        for year in years:
            score = 50 + 12 * (grade_signal * z + math.sqrt(max(1 - grade_signal**2, 0)) * rng.gauss(0, 1))
            grades.append(Grade(eid, dt.date(year, 1, 2), round(score, 1), level_of(score)))
            for _ in range(rng.randint(1, 3)):
                day = dt.date(year, 1, 10) + dt.timedelta(days=rng.randrange(340))
                p = 1 / (1 + math.exp(-(base + signal * z)))
                events.append(Event(eid, day, rng.random() < p))
    return History(events, grades)
