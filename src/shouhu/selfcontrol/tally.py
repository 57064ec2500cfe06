"""The month tally of daily records (`MonthTally`): kept with each record, read by the completion view.

`bump` runs inside the daily-record transaction (a new record: +1 recorded; a correction: only the
zero-risk count may change). `counted` reads the tally for the whole months of a period and the records
themselves for its partial months at either end, so any period gives exact counts. `rebuild` recomputes
the tally from the records (the bench's bulk-inserted data, a repair); `problems` is the integrity check
that the tally reconciles with the records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from shouhu.core.integrity import Problem

from .models import DailyCheck, MonthTally
from .periods import month_of

CHECK = "selfcontrol.tally"


def bump(enterprise_id: int, day: date, recorded: int, zero_risk: int) -> None:
    """One UPDATE (the month's row exists after its first record), an INSERT the first time; a racing
    second INSERT is refused by the unique constraint and becomes the UPDATE."""
    month = day.replace(day=1)
    row = MonthTally.objects.filter(enterprise_id=enterprise_id, month=month)
    changes = {"recorded": F("recorded") + recorded, "zero_risk": F("zero_risk") + zero_risk}
    if row.update(**changes):
        return
    try:
        with transaction.atomic():  # a savepoint: a racing first record of the month inserted it already
            MonthTally.objects.create(
                enterprise_id=enterprise_id, month=month, recorded=recorded, zero_risk=zero_risk
            )
    except IntegrityError:
        row.update(**changes)


def _whole_months(first: date, last: date) -> tuple[date, date] | None:
    """The first day of the first and of the last whole month inside [first, last], or None."""
    a = first if first.day == 1 else month_of(first)[1] + timedelta(days=1)
    b = month_of(last)[0] if last == month_of(last)[1] else month_of(month_of(last)[0] - timedelta(days=1))[0]
    return (a, b) if a <= b else None


def _records(ids: list[int], lo: date, hi: date, counted_from: date, cutoff: date) -> Iterator[tuple]:
    """One range scan of the records (the index serves a single range; an OR of ranges scans them all):
    per enterprise, those on or after `counted_from` (all, zero-risk) and those after `cutoff`."""
    counted = Q(day__gte=counted_from)
    return iter(
        DailyCheck.objects.filter(enterprise_id__in=ids, current=True, day__range=(lo, hi))
        .values("enterprise_id")
        .annotate(
            n=Count("pk", filter=counted),
            zero=Count("pk", filter=counted & Q(zero_risk=True)),
            late=Count("pk", filter=Q(day__gt=cutoff)),
        )
        .values_list("enterprise_id", "n", "zero", "late")
    )


def counted(ids: list[int], first: date, last: date, cutoff: date) -> dict[int, dict[str, int]]:
    """Per enterprise: current daily records in [first, last] (`n`), zero-risk ones (`zero`) and those on
    or before `cutoff` (`before_cutoff`). One query when the period holds no whole month; else three
    whatever its length: the tally's whole months, the records of the partial month at the start, and
    one range from the partial month at the end (or the day after `cutoff`, if earlier) to `last`."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: {"n": 0, "zero": 0, "late": 0})
    whole = _whole_months(first, last)
    if whole is None:
        scans = [_records(ids, first, last, first, cutoff)]
    else:
        for eid, n, zero in (
            MonthTally.objects.filter(enterprise_id__in=ids, month__range=whole)
            .values("enterprise_id")
            .annotate(n=Sum("recorded"), zero=Sum("zero_risk"))
            .values_list("enterprise_id", "n", "zero")
        ):
            out[eid]["n"] += n or 0
            out[eid]["zero"] += zero or 0
        tail = month_of(whole[1])[1] + timedelta(days=1)
        recent = max(first, cutoff + timedelta(days=1))
        # the end's range reaches back over whole months only for days after the cutoff, never into
        # the head (whose own scan counts its late days)
        lo = max(min(tail, recent), whole[0])
        scans = [
            _records(ids, first, whole[0] - timedelta(days=1), first, cutoff),
            _records(ids, lo, last, tail, cutoff),
        ]
    for scan in scans:
        for eid, n, zero, late in scan:
            out[eid]["n"] += n
            out[eid]["zero"] += zero
            out[eid]["late"] += late
    for row in out.values():
        row["before_cutoff"] = row["n"] - row["late"]
    return out


def _from_records(enterprise_ids: Iterable[int] | None) -> dict[tuple[int, date], tuple[int, int]]:
    qs = DailyCheck.objects.filter(current=True)
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    return {
        (eid, m if isinstance(m, date) else m.date()): (n, zero)
        for eid, m, n, zero in qs.annotate(m=TruncMonth("day"))
        .values("enterprise_id", "m")
        .annotate(n=Count("pk"), zero=Count("pk", filter=Q(zero_risk=True)))
        .values_list("enterprise_id", "m", "n", "zero")
    }


def rebuild(enterprise_ids: Iterable[int] | None = None) -> int:
    """Recompute the tally from the records (all enterprises, or these); returns the rows written."""
    ids = None if enterprise_ids is None else list(enterprise_ids)
    stale = MonthTally.objects.all() if ids is None else MonthTally.objects.filter(enterprise_id__in=ids)
    stale.delete()
    rows = [
        MonthTally(enterprise_id=eid, month=m, recorded=n, zero_risk=zero)
        for (eid, m), (n, zero) in _from_records(ids).items()
    ]
    MonthTally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def problems(enterprise_id: int | None = None) -> Iterator[Problem]:
    """Every enterprise-month whose tally differs from its records (the `audit verify` check)."""
    ids = None if enterprise_id is None else [enterprise_id]
    truth = _from_records(ids)
    kept = MonthTally.objects.all() if ids is None else MonthTally.objects.filter(enterprise_id__in=ids)
    tally = {(t.enterprise_id, t.month): (t.recorded, t.zero_risk) for t in kept}
    for key in sorted(set(truth) | set(tally)):
        want, have = truth.get(key, (0, 0)), tally.get(key, (0, 0))
        if want != have:
            yield Problem(
                CHECK,
                f"selfcontrol.MonthTally enterprise={key[0]} month={key[1]:%Y-%m}",
                f"tally {have[0]} recorded / {have[1]} zero-risk, records {want[0]} / {want[1]}",
            )
