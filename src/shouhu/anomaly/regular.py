"""The arithmetic behind "too regular to be measured" (issue 32): pure, no database.

A measured series has the spread of its process plus the rounding of its instrument. Three things show a
series that was written rather than read, each judged against the measurement's usual spread (the median
spread of the same measurement at the other enterprises of the run, `normals`):

- too little spread: a line even as steady as the steadiest honest one (a share of the usual spread) would
  show a spread this small less often than `alpha` (the chi-square lower tail) — identical values and "only
  two adjacent values" are its extreme cases; an instrument whose reading steps are as coarse as the usual
  spread is left alone (it shows one or two values honestly);
- values hugging a limit: nearly all of them on the compliant side within a fraction of the usual spread of
  a limit, where a process centred with its natural spread would put only a few;
- a copied block: the series repeats itself with a period, which independent readings do with a chance
  (the chance two readings agree, to the power of the repeats) below `repeat_chance`.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class Normal:
    sd: float  # the usual spread of the measurement (0: a set point, the same at every enterprise)
    step: float  # the usual reading step of its instruments
    peers: int  # the series it was taken from
    floor: float | None = None  # a detection limit: the lowest value, shared by many readings


def _key(v: float) -> float:
    return round(v, 9)


_UNIT = 1e-6  # values compared in millionths: readings are never finer


def variance(values: Sequence[float], ddof: int = 1) -> float:
    """The variance in floats (`statistics.variance` computes in exact fractions: too slow for a province)."""
    n = len(values)
    if n <= ddof:
        return 0.0
    mean = sum(values) / n
    return max(0.0, sum((x - mean) ** 2 for x in values) / (n - ddof))


def step_of(values: Sequence[float]) -> float | None:
    """The instrument's reading step as the series shows it: the largest step every difference between its
    values is a whole number of (None when all values are the same)."""
    base = round(values[0] / _UNIT)
    g = 0
    for v in values:
        g = math.gcd(g, abs(round(v / _UNIT) - base))
    return g * _UNIT if g else None


def instrument_step(values: Sequence[float], usual: float) -> float:
    """The coarsest step the instrument may read in: the usual step of the measurement times 1, 2 or 5
    (instruments come in a 1-2-5 series within a decade) that every value is a whole number of, never
    coarser than the series's own step."""
    unit = round(usual / _UNIT)
    fits = [f for f in (1, 2, 5) if unit and all(round(v / _UNIT) % (unit * f) == 0 for v in values)]
    step = usual * max(fits, default=1)
    own = step_of(values)
    return min(step, own) if own else step


def normals(
    series: Iterable[Any], min_values: float, min_peers: float, floor_share: float = 1.0
) -> dict[tuple[str, str], Normal]:
    """Per (row type, key): the median spread and reading step of the series with a week of values, when
    at least `min_peers` enterprises have one; and its floor, when `floor_share` of all its readings or more
    sit on its lowest value (a result below the detection limit reported as the limit, a plate with none)."""
    spreads: dict[tuple[str, str], list[float]] = defaultdict(list)
    steps: dict[tuple[str, str], list[float]] = defaultdict(list)
    lows: dict[tuple[str, str], list[float]] = defaultdict(list)
    for s in series:
        if len(s.values) < min_values:
            continue
        k = (s.type, s.key)
        spreads[k].append(math.sqrt(variance(s.values)))
        lows[k].extend(s.values)
        step = step_of(s.values)
        if step is not None:
            steps[k].append(step)
    out = {}
    for k, sds in spreads.items():
        if len(sds) < min_peers:
            continue
        low = min(lows[k])
        floor = low if sum(1 for v in lows[k] if _key(v) == _key(low)) >= floor_share * len(lows[k]) else None
        step = statistics.median(steps[k]) if steps[k] else 0.0
        out[k] = Normal(statistics.median(sds), step, len(sds), floor)
    return out


def censored(values: Sequence[float], normal: Normal) -> list[float]:
    """The values above the measurement's floor and the reading step next to it: those say "not detected"
    or "next to nothing" (no colony, one), not how much."""
    if normal.floor is None:
        return list(values)
    return [v for v in values if _key(v) > _key(normal.floor + normal.step)]


def chi2_lower(x: float, k: int) -> float:
    """P(X ≤ x) for X chi-square with k degrees of freedom (the regularised lower incomplete gamma)."""
    if x <= 0:
        return 0.0
    if x >= k:  # at or above the mean: more than a third of the distribution lies below, never rare
        return 1.0
    a, h = k / 2, x / 2
    term = total = 1.0 / a
    n = 0
    while term > total * 1e-12 and n < 1000:
        n += 1
        term *= h / (a + n)
        total += term
    return min(1.0, math.exp(a * math.log(h) - h - math.lgamma(a)) * total)


def _in_one_step(step: float, sd: float) -> float:
    """The chance one reading of a normal spread `sd` falls in the likeliest instrument step."""
    return math.erf(step / (2 * math.sqrt(2) * sd)) if step and sd else 0.0


def too_little_spread(values: Sequence[float], normal: Normal, t: dict[str, float]) -> float | None:
    """The chance a line as steady as the steadiest honest one, read in this instrument's steps, shows a
    spread this small; None when the instrument reads as coarsely as the usual spread and it is not one
    value throughout."""
    n = len(values)
    quiet = t["regular.quiet_line"] * normal.sd
    if len({_key(v) for v in values}) == 1:
        # every reading in one step: at most the chance of the likeliest step, n times over, under the
        # likelier honest explanation — a steady line read in the usual steps, or an ordinary line read by
        # an instrument as coarse as the value allows (both at once is rarer than either)
        coarse = instrument_step(values, normal.step)
        one = max(_in_one_step(normal.step, quiet), _in_one_step(coarse, normal.sd))
        return one**n
    step = step_of(values) or normal.step
    if step > t["regular.step_share"] * normal.sd:
        return None
    ref = quiet**2 + step**2 / 12  # the steady line, read in the same steps
    return chi2_lower((n - 1) * variance(values) / ref, n - 1)


def hugging(values: Sequence[float], lo: float | None, hi: float | None, sd: float, t: dict[str, float]):
    """("max"|"min", share) when nearly all values sit on the compliant side within a fraction of the usual
    spread of a limit, read by an instrument fine enough to tell; else None."""
    band = t["regular.hug_sd"] * sd
    step = step_of(values) or 0.0
    if step > band / 2:  # an instrument that cannot resolve "just inside the limit" in two steps
        return None
    for side, limit in (("max", hi), ("min", lo)):
        if limit is None:
            continue
        if side == "max":
            near = sum(1 for x in values if limit - band <= x <= limit)
        else:
            near = sum(1 for x in values if limit <= x <= limit + band)
        if near / len(values) >= t["regular.hug_share"]:
            return side, near / len(values)
    return None


def repeated_block(
    values: Sequence[float], t: dict[str, float], usual: float = 0.0
) -> tuple[int, float] | None:
    """(period, chance) when the series is one block of readings repeated at least twice over, a repetition
    independent readings make with a chance below `repeat_chance`; else None."""
    v = [_key(x) for x in values]
    n = len(v)
    periods = [p for p in range(2, n // 2 + 1) if v[p] == v[0] and v[p + 1] == v[1]]
    if not periods:
        return None
    sd = math.sqrt(variance(v, 0))
    step = step_of(v)
    if not sd or step is None:
        return None
    if usual:
        step = instrument_step(v, usual)
    agree = min(1.0, step / (2 * math.sqrt(math.pi) * sd))  # two readings of a normal spread read the same
    for p in periods:
        if len(set(v[:p])) < 2 or any(v[i] != v[i + p] for i in range(n - p)):
            continue
        chance = agree ** (n - p)
        if chance < t["regular.repeat_chance"]:
            return p, chance
    return None


def copied_run(values: Sequence[float], normal: Normal, t: dict[str, float]) -> tuple[int, float] | None:
    """(length, chance) of the longest run of one value when readings would repeat it that long with a
    chance below `repeat_chance`: a value copied forward. The honest line assumed is the steadier of the
    steadiest honest one and what the rest of the series shows, read in this instrument's steps."""
    v = [_key(x) for x in values]
    n, best, start, i = len(v), 1, 0, 0
    while i < n:
        j = i
        while j + 1 < n and v[j + 1] == v[i]:
            j += 1
        if j - i + 1 > best:
            best, start = j - i + 1, i
        i = j + 1
    rest = v[:start] + v[start + best :]
    if best < 3 or len(rest) < 2:
        return None
    sd = min(t["regular.quiet_line"] * normal.sd, math.sqrt(variance(rest)))
    if not sd:
        return None
    one = _in_one_step(instrument_step(v, normal.step), sd)
    chance = (n - best + 1) * one ** (best - 1)
    return (best, chance) if chance < t["regular.repeat_chance"] else None


def pattern(s: Any, normal: Normal | None, t: dict[str, float]) -> tuple[str, float] | None:
    """Which pattern the series shows (a msgid), with its strength, or None. With the measurement's usual
    spread (`normal`, from the peers) the series is judged against it; without (a run over one enterprise, a
    measurement nobody else records) by the cruder rules that need no comparison. A measurement the same at
    every enterprise is a set point (a programmed time, a fixed parameter): nothing to judge; values on its
    detection limit are left out (censored: they say "not detected")."""
    if normal is not None and normal.sd == 0:
        return None
    v = censored(s.values, normal) if normal is not None else list(s.values)
    if s.limit_min is None and s.limit_max and normal is not None:
        # a count far below its upper limit says "not detected" or "next to nothing", whatever the laboratory's
        # own detection limit (<10, <5, 0 colonies): the values that measure are those above it
        v = [x for x in v if abs(x) > t["regular.floor_limit"] * abs(s.limit_max)]
    if len(v) < t["regular.min_values"]:
        return None
    _value, count = Counter(v).most_common(1)[0]
    if normal is not None:
        chance = too_little_spread(v, normal, t)
        if chance is not None and chance < t["regular.alpha"]:
            if count == len(v):
                return N_("相同数值"), 1.0
            return N_("波动远小于同类测量的通常水平"), 0.9
        hug = hugging(v, s.limit_min, s.limit_max, normal.sd, t)
        if hug:
            return (N_("集中在上限之下") if hug[0] == "max" else N_("集中在下限之上")), hug[1]
        if copied_run(v, normal, t):
            return N_("同一数值连续照抄"), 0.85
    elif len(v) < t["regular.min_values_alone"]:
        return None
    else:
        lo, hi = s.limit_min, s.limit_max
        if lo is None and hi and count == len(v) and abs(v[0]) <= t["regular.floor_limit"] * abs(hi):
            return None  # one value far below an upper limit: a detection limit, or none found
        if count / len(v) >= t["regular.identical_share"]:
            return N_("相同数值"), count / len(v)
        mean = statistics.fmean(v)
        if mean and statistics.pstdev(v) / abs(mean) < t["regular.cv"]:
            return N_("离散程度过小"), 0.9
        if lo is not None and hi is not None and hi > lo:
            band = (hi - lo) * t["regular.near_limit"]
            near = sum(1 for x in v if hi - band <= x <= hi) / len(v)
            if near >= t["regular.near_share"]:
                return N_("集中在上限之下"), near
    if repeated_block(v, t, normal.step if normal else 0.0):
        return N_("成段重复"), 0.9
    return None
