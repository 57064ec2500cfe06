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

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from shouhu.core.integrity import Problem

from .models import DailyCheck, MonthTally
from .periods import month_of

CHECK = "selfcontrol.tally"


def bump(enterprise_id: int, day: date, recorded: int, zero_risk: int) -> None:
    month = day.replace(day=1)
    MonthTally.objects.get_or_create(enterprise_id=enterprise_id, month=month)
    MonthTally.objects.filter(enterprise_id=enterprise_id, month=month).update(
        recorded=F("recorded") + recorded, zero_risk=F("zero_risk") + zero_risk
    )


def _whole_months(first: date, last: date) -> tuple[date, date] | None:
    """The first day of the first and of the last whole month inside [first, last], or None."""
    a = first if first.day == 1 else month_of(first)[1] + timedelta(days=1)
    b = month_of(last)[0] if last == month_of(last)[1] else month_of(month_of(last)[0] - timedelta(days=1))[0]
    return (a, b) if a <= b else None


def counted(ids: list[int], first: date, last: date, cutoff: date) -> dict[int, dict[str, int]]:
    """Per enterprise: current daily records in [first, last] (`n`), zero-risk ones (`zero`) and those on
    or before `cutoff` (`before_cutoff`) — two queries whatever the period."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: {"n": 0, "zero": 0, "late": 0})
    whole = _whole_months(first, last)
    if whole is None:
        edges = Q(day__range=(first, last))
    else:
        for eid, n, zero in (
            MonthTally.objects.filter(enterprise_id__in=ids, month__range=whole)
            .values("enterprise_id")
            .annotate(n=Sum("recorded"), zero=Sum("zero_risk"))
            .values_list("enterprise_id", "n", "zero")
        ):
            out[eid]["n"] += n or 0
            out[eid]["zero"] += zero or 0
        edges = Q(day__gte=first, day__lt=whole[0]) | Q(day__gt=month_of(whole[1])[1], day__lte=last)
    recent = Q(day__gt=cutoff, day__range=(first, last))
    for eid, n, zero, late in (
        DailyCheck.objects.filter(enterprise_id__in=ids, current=True)
        .filter(edges | recent)
        .values("enterprise_id")
        .annotate(
            n=Count("pk", filter=edges),
            zero=Count("pk", filter=edges & Q(zero_risk=True)),
            late=Count("pk", filter=recent),
        )
        .values_list("enterprise_id", "n", "zero", "late")
    ):
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
