"""Inspection results as a risk signal source (discovered by `risk.signals.autodiscover`).

`inspection_nonconform`: inspections concluded 不符合 in the year before the grading day (the schemes'
factor `risk.factor.inspections` reads it). Stated in words with the inspections' numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from shouhu.risk.scoring import Fact

N_ = str  # msgids, translated where shown
WINDOW = dt.timedelta(days=365)


def nonconform(ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    from .models import Inspection, Outcome

    start = dt.datetime.combine(on - WINDOW, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(on, dt.time.max, tzinfo=dt.UTC)
    rows: dict[int, list[str]] = defaultdict(list)
    for i in (
        Inspection.objects.filter(
            enterprise_id__in=ids, outcome=Outcome.NONCONFORM, concluded_at__range=(start, end)
        )
        .only("pk", "enterprise_id", "planned_on")
        .order_by("concluded_at")
    ):
        rows[i.enterprise_id].append(i.number)
    return {
        eid: [
            Fact(
                "inspection_nonconform",
                len(rows[eid]),
                N_("近一年监督检查结论为不符合 %(n)s 次 %(numbers)s"),
                {"n": len(rows[eid]), "numbers": "、".join(rows[eid][:5])},
            )
        ]
        for eid in ids
    }


SOURCES = [("inspection.results", ("inspection_nonconform",), nonconform)]
