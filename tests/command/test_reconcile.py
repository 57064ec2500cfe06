"""Every figure of a snapshot equals the count of the list behind it, as that list reads for the caller at
the snapshot's moment — for the province, a city and a county, so the per-county sums add up too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from shouhu.command import selectors
from shouhu.command.figures import LEVELS
from shouhu.complaints import selectors as complaints
from shouhu.disposal import selectors as disposal
from shouhu.registry import selectors as registry
from shouhu.risk import selectors as risk
from shouhu.sampling import selectors as sampling
from shouhu.selfcontrol import selectors as selfcontrol
from shouhu.trace import selectors as trace
from shouhu.training import selectors as training
from shouhu.workflow.findings import selectors as findings


def _lists(actor, code: str) -> dict[str, int]:
    """The lists' own counts for `actor` (filtered to `code` where a list takes a division)."""
    today = timezone.localdate()
    ents = registry.enterprise_list(actor, division=code)
    producing = registry.enterprise_list(actor, division=code, licence_status="active")
    since = timezone.now() - dt.timedelta(days=settings.SHOUHU_CONNECTION_WINDOW_DAYS)
    prefix = selectors.prefix(code)
    renewals = [
        r
        for r in registry.licences_due_for_renewal(actor)
        if r.licence.enterprise.division_code.startswith(prefix)
    ]
    rows = [
        r
        for r in sampling.coverage_matrix(actor, year=today.year)["rows"]
        if r.division_code.startswith(prefix)
    ]
    q = (today.month - 1) // 3
    done = [
        r
        for r in selfcontrol.completion(actor, today.replace(day=1), today)
        if r.division_code.startswith(prefix)
    ]
    out = {
        "enterprises": ents.count(),
        "connect.producing": producing.count(),
        "connect.connected": producing.filter(last_push_at__gte=since).count(),
        "licence.active": registry.licence_list(actor, status="active")
        .filter(enterprise__division_code__startswith=prefix)
        .count(),
        "licence.renewal_due": len(renewals),
        "licence.renewal_overdue": sum(r.overdue for r in renewals),
        "grade.moved": risk.profile_list(actor, moved=True, division=code).count(),
        "sampling.due": len(rows),
        "sampling.covered": sum(r.cells[q] in ("sampled", "no_production") for r in rows),
        "sampling.failed": sampling.sample_list(actor)
        .filter(year=today.year, quarter=q + 1, verdict="fail", enterprise__division_code__startswith=prefix)
        .count(),
        # the lists the numbers link to, with the division filter the links carry
        "disposal.open": disposal.case_list(actor, status="open", division=code).count(),
        "disposal.overdue": disposal.case_list(
            actor, status="open", overdue_only=True, division=code
        ).count(),
        "complaints.overdue": complaints.submission_list(actor, overdue=True, division=code).count(),
        "rect.overdue": findings.rectification_list(actor)
        .filter(state__in=("open", "returned"), due_on__lt=today, division_code__startswith=prefix)
        .count(),
        "rect.open": findings.rectification_list(actor)
        .exclude(state="accepted")
        .filter(division_code__startswith=prefix)
        .count(),
        "sc.days_owed": sum(r.days_owed for r in done),
        "sc.days_done": sum(r.days_done for r in done),
        "spot.checked": training.spot_checks(actor)
        .filter(passed__isnull=False, created_at__year=today.year, division_code__startswith=prefix)
        .count(),
        "recall.in_progress": trace.recall_list(actor)
        .filter(status="in_progress", enterprise__division_code__startswith=prefix)
        .count(),
    }
    for lv in LEVELS:
        out[f"grade.{lv}"] = risk.profile_list(actor, level=lv, division=code).count()
    for part in ("total", "done", "overdue"):
        out[f"plan.{part}"] = 0
    for p in risk.plan_list(actor).filter(year=today.year):
        for done_on, end in (
            risk.task_list(p).filter(division_code__startswith=prefix).values_list("done_on", "window_end")
        ):
            out["plan.total"] += 1
            out["plan.done"] += bool(done_on)
            out["plan.overdue"] += not done_on and end < today
    return out


@pytest.mark.parametrize(("who", "code"), [("province", "430000"), ("city", "430100"), ("insp", "430104")])
def test_each_figure_reconciles_with_its_list(w, who, code):
    actor = getattr(w, who)
    figures = selectors.totals(selectors.latest_snapshot(), code)
    lists = _lists(actor, code)
    assert {k: figures.get(k, 0) for k in lists} == lists
    # the world gives the check something to count in every jurisdiction
    assert lists["connect.producing"] and lists["disposal.open"] and lists["sampling.failed"]
    assert lists["plan.total"] and lists["grade.A"] + lists["grade.B"] + lists["grade.C"] + lists["grade.D"]


def test_the_snapshot_reads_as_of_its_own_time(w):
    """A later change does not alter a taken snapshot: its figures stay what its lists said then."""
    before = selectors.totals(w.snap, "430000")["connect.connected"]
    w.b.last_push_at = timezone.now()
    w.b.save(update_fields=["last_push_at"])
    assert selectors.totals(w.snap, "430000")["connect.connected"] == before == 2
    assert (
        registry.enterprise_list(w.province, licence_status="active")
        .filter(last_push_at__isnull=False)
        .count()
        == 3
    )
