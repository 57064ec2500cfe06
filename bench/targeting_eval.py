"""Learned risk targeting (issue 33): the time-split evaluation on SIMULATED worlds, with its baselines.

No real history exists yet (the demo data is simulated too), so these figures measure the method, not a
jurisdiction: on worlds with a planted latent risk (`targeting.simulate`, signal 1.5, grade sees it at 0.3)
and on worlds with no signal at all. For each: share of the later year's serious findings caught in the first
20 % of enterprises, by the model, by grade-only ordering and at random; lift over grade-only; 95 % intervals
over 20 bootstrap seeds; and the training time. Run: PYTHONPATH=src python bench/targeting_eval.py
"""

from __future__ import annotations

import datetime as dt
import time

from shouhu.targeting import features as F
from shouhu.targeting import learn, simulate

CUT = dt.date(2026, 1, 1)


def fmt(ci: dict) -> str:
    return f"{ci['mean']:.3f} [{ci['low']:.3f}, {ci['high']:.3f}]"


def main() -> None:
    learn.fit([[0.0] * len(F.KEYS), [1.0] * len(F.KEYS)], [0, 1])  # import scikit-learn outside the timing
    print("| world | n | test rows / serious | model | grade-only | random | lift vs grade | promoted | s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for signal in (1.5, 0.0):
        for seed in range(3):
            for n in (300, 1000):
                t = time.perf_counter()
                h = simulate.world(seed=100 + seed, n=n, signal=signal)
                ev = learn.evaluate(F.training_rows(h, CUT - 2 * F.YEAR, CUT), F.next_event_rows(h, CUT))
                s = time.perf_counter() - t
                name = f"{'planted' if signal else 'no signal'} #{seed}"
                print(
                    f"| {name} | {n} | {ev['test_rows']} / {ev['test_serious']} | {fmt(ev['model'])} | "
                    f"{fmt(ev['grade'])} | {fmt(ev['random'])} | {fmt(ev['lift_grade'])} | "
                    f"{'yes' if learn.promotable(ev) else 'no'} | {s:.1f} |"
                )


if __name__ == "__main__":
    main()
