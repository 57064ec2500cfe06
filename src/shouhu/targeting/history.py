"""The history in the database as `features.History`: the labels and every signal the model reads.

Labels: a concluded inspection (serious = 不符合, `inspection.Outcome.NONCONFORM`) on its local conclusion
day, and a judged supervision sample (serious = 不合格, `sampling.Verdict.FAIL`) on its sampling day. Grades:
every rule-based grading of risk (`risk.RiskGrade`: score and computed level on its day). Three queries for
a whole jurisdiction, whatever its size.
"""

from __future__ import annotations

from django.utils import timezone

from shouhu.core.access import division_prefix
from shouhu.inspection.models import Inspection, Outcome
from shouhu.registry.models import Enterprise
from shouhu.risk.models import RiskGrade
from shouhu.sampling.models import Sample, Verdict

from .features import Event, Grade, History


def load(division_code: str) -> History:
    prefix = division_prefix(division_code)
    events = [
        Event(eid, timezone.localdate(at), outcome == Outcome.NONCONFORM)
        for eid, at, outcome in Inspection.objects.filter(
            division_code__startswith=prefix, concluded_at__isnull=False
        )
        .exclude(outcome="")
        .values_list("enterprise_id", "concluded_at", "outcome")
        .iterator(chunk_size=2000)
    ]
    events += [
        Event(eid, on, verdict == Verdict.FAIL)
        for eid, on, verdict in Sample.objects.filter(enterprise__division_code__startswith=prefix)
        .exclude(verdict="")
        .values_list("enterprise_id", "sampled_on", "verdict")
        .iterator(chunk_size=2000)
    ]
    grades = [
        Grade(eid, on, float(score), level)
        for eid, on, score, level in RiskGrade.objects.filter(division_code__startswith=prefix)
        .values_list("enterprise_id", "graded_on", "score", "level")
        .iterator(chunk_size=2000)
    ]
    return History(events, grades)


def enterprise_ids(division_code: str) -> list[int]:
    prefix = division_prefix(division_code)
    return list(
        Enterprise.objects.filter(division_code__startswith=prefix)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
