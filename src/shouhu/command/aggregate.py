"""The snapshot's reads: every capability's figures per county, read through that capability's selectors.

Each reader takes the snapshot's moment and returns {(county code, figure key): value}. They read as the
system actor (platform-wide, `core.system`), with the same filters the capability's own list pages use,
so a figure reconciles with its list as of the snapshot (tests/command/test_reconcile.py). A reader that
fails is recorded in `Snapshot.failed` and its capability shows as absent in that snapshot, not as zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings

from shouhu.anomaly import selectors as anomaly
from shouhu.complaints import selectors as complaints
from shouhu.core.system import SystemActor
from shouhu.disposal import selectors as disposal
from shouhu.registry import selectors as registry
from shouhu.risk import selectors as risk
from shouhu.sampling import selectors as sampling
from shouhu.selfcontrol import selectors as selfcontrol
from shouhu.trace import selectors as trace
from shouhu.training import selectors as training
from shouhu.workflow.findings import selectors as findings

from .figures import KEYS

ACTOR = SystemActor("指挥视图统计")
Figures = Counter  # (county code, key) -> value

COMPLAINTS_OPEN = ("received", "accepted", "verified", "decided")  # complaints.models.OPEN


@dataclass(frozen=True)
class Moment:
    now: datetime
    day: date

    @property
    def quarter(self) -> int:
        return (self.day.month - 1) // 3 + 1


def _zero(cap: str, codes: set[str]) -> Figures:
    """Every key of a capability at 0 for every county with enterprises: a built capability's zero is real."""
    return Counter({(code, key): 0 for code in codes for key in KEYS[cap]})


def connect(m: Moment, out: Figures) -> None:
    since = m.now - timedelta(days=settings.SHOUHU_CONNECTION_WINDOW_DAYS)
    for code in registry.enterprise_list(ACTOR).order_by().values_list("division_code", flat=True):
        out[(code, "enterprises")] += 1
    producing = registry.enterprise_list(ACTOR, licence_status="active").order_by()
    for code, pushed in producing.values_list("division_code", "last_push_at"):
        out[(code, "connect.producing")] += 1
        if pushed is not None and pushed >= since:
            out[(code, "connect.connected")] += 1


def licence(m: Moment, out: Figures) -> None:
    active = registry.licence_list(ACTOR, status="active").order_by()
    for code in active.values_list("enterprise__division_code", flat=True):
        out[(code, "licence.active")] += 1
    for due in registry.licences_due_for_renewal(ACTOR, on=m.day):
        code = due.licence.enterprise.division_code
        out[(code, "licence.renewal_due")] += 1
        if due.overdue:
            out[(code, "licence.renewal_overdue")] += 1


def grade(m: Moment, out: Figures) -> None:
    for code, level, previous in (
        risk.profile_list(ACTOR).order_by().values_list("division_code", "level", "previous_level")
    ):
        out[(code, f"grade.{level}")] += 1
        if previous:
            out[(code, "grade.moved")] += 1


def plan(m: Moment, out: Figures) -> None:
    """This year's plans, task by task, as `risk.selectors.progress` counts them (done / overdue / due)."""
    for p in risk.plan_list(ACTOR).filter(year=m.day.year):
        for code, level, done_on, end in risk.task_list(p).values_list(
            "division_code", "level", "done_on", "window_end"
        ):
            state = "done" if done_on else ("overdue" if end < m.day else "due")
            out[(code, "plan.total")] += 1
            out[(code, f"plan.{level}.total")] += 1
            if state != "due":
                out[(code, f"plan.{state}")] += 1
                out[(code, f"plan.{level}.{state}")] += 1


def sampling_(m: Moment, out: Figures) -> None:
    matrix = sampling.coverage_matrix(ACTOR, year=m.day.year, today=m.day)
    for row in matrix["rows"]:
        out[(row.division_code, "sampling.due")] += 1
        if row.cells[m.quarter - 1] in ("sampled", "no_production"):
            out[(row.division_code, "sampling.covered")] += 1
    samples = sampling.sample_list(ACTOR).filter(year=m.day.year, quarter=m.quarter).order_by()
    for code, verdict in samples.values_list("enterprise__division_code", "verdict"):
        out[(code, "sampling.samples")] += 1
        if verdict == "fail":
            out[(code, "sampling.failed")] += 1


def disposal_(m: Moment, out: Figures) -> None:
    open_cases = disposal.case_list(ACTOR, status="open").order_by()
    for code in open_cases.values_list("enterprise__division_code", flat=True):
        out[(code, "disposal.open")] += 1
        out[(code, "disposal.ontime")] += 1
    overdue = disposal.case_list(ACTOR, status="open", overdue_only=True).order_by()
    for code in overdue.values_list("enterprise__division_code", flat=True):
        out[(code, "disposal.overdue")] += 1
        out[(code, "disposal.ontime")] -= 1


RECT_DONE = "accepted"  # workflow.findings RectificationState.ACCEPTED
RECT_ON_ENTERPRISE = ("open", "returned")  # the enterprise's turn: late once past due_on


def rectify(m: Moment, out: Figures) -> None:
    pending = findings.rectification_list(ACTOR).exclude(state=RECT_DONE).order_by()
    for code, state, due in pending.values_list("division_code", "state", "due_on"):
        late = state in RECT_ON_ENTERPRISE and due < m.day
        out[(code, "rect.open")] += 1
        out[(code, "rect.overdue" if late else "rect.ontime")] += 1


def complaints_(m: Moment, out: Figures) -> None:
    open_ = complaints.submission_list(ACTOR).filter(status__in=COMPLAINTS_OPEN).order_by()
    for code in open_.values_list("division_code", flat=True):
        out[(code, "complaints.open")] += 1
        out[(code, "complaints.ontime")] += 1
    overdue = complaints.submission_list(ACTOR, overdue=True).filter(status__in=COMPLAINTS_OPEN).order_by()
    for code in overdue.values_list("division_code", flat=True):
        out[(code, "complaints.overdue")] += 1
        out[(code, "complaints.ontime")] -= 1


def selfcontrol_(m: Moment, out: Figures) -> None:
    for row in selfcontrol.completion(ACTOR, m.day.replace(day=1), m.day, today=m.day):
        for period in ("days", "weeks", "months"):
            out[(row.division_code, f"sc.{period}_owed")] += getattr(row, f"{period}_owed")
            out[(row.division_code, f"sc.{period}_done")] += getattr(row, f"{period}_done")


def training_(m: Moment, out: Figures) -> None:
    checks = training.spot_checks(ACTOR).filter(passed__isnull=False, created_at__year=m.day.year)
    for code, passed in checks.order_by().values_list("division_code", "passed"):
        out[(code, "spot.checked")] += 1
        if passed:
            out[(code, "spot.passed")] += 1


def recalls(m: Moment, out: Figures) -> None:
    running = trace.recall_list(ACTOR).filter(status="in_progress").order_by()
    for code in running.values_list("enterprise__division_code", flat=True):
        out[(code, "recall.in_progress")] += 1


def anomalies(m: Moment, out: Figures) -> None:
    """Alerts not yet triaged, per county (`anomaly.selectors.open_counts_by_division`)."""
    for code, n in anomaly.open_counts_by_division().items():
        out[(code, "anomaly.open")] += n


READERS: dict[str, Callable[[Moment, Figures], None]] = {
    "connect": connect,
    "licence": licence,
    "grade": grade,
    "plan": plan,
    "sampling": sampling_,
    "disposal": disposal_,
    "rectify": rectify,
    "complaints": complaints_,
    "selfcontrol": selfcontrol_,
    "training": training_,
    "recalls": recalls,
    "anomalies": anomalies,
}


def counties() -> set[str]:
    """The counties that hold enterprises: every built capability reports there, zero included."""
    return set(registry.enterprise_list(ACTOR).order_by().values_list("division_code", flat=True).distinct())
