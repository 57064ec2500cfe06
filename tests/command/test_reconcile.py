"""Every figure of a snapshot equals the count of the list behind it, as that list reads for the caller at
the snapshot's moment — for the province, a city and a county, so the per-county sums add up too."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from django.conf import settings
from django.utils import timezone

from shouhu.anomaly import selectors as anomaly
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
    renewals = registry.licences_due_for_renewal(actor, division=code)
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
        "sampling.samples": sampling.sample_search(
            actor, year=today.year, quarter=q + 1, division=code
        ).count(),
        "sampling.failed": sampling.sample_search(
            actor, year=today.year, quarter=q + 1, division=code, verdict="fail"
        ).count(),
        # the lists the numbers link to, with the division filter the links carry
        "disposal.open": disposal.case_list(actor, status="open", division=code).count(),
        "disposal.overdue": disposal.case_list(
            actor, status="open", overdue_only=True, division=code
        ).count(),
        "complaints.overdue": complaints.submission_list(actor, overdue=True, division=code).count(),
        "rect.overdue": findings.finding_search(actor, division=code, rect="overdue").count(),
        "rect.open": findings.finding_search(actor, division=code, rect="open").count(),
        "rect.ontime": findings.finding_search(actor, division=code, rect="ontime").count(),
        "sc.days_owed": sum(r.days_owed for r in done),
        "sc.days_done": sum(r.days_done for r in done),
        "spot.checked": training.spot_check_search(
            actor, division=code, year=today.year, result="done"
        ).count(),
        "spot.passed": training.spot_check_search(
            actor, division=code, year=today.year, result="passed"
        ).count(),
        "anomaly.open": anomaly.alert_list(actor, state="open", division=code).count(),
        "recall.in_progress": trace.recall_list(actor)
        .filter(status="in_progress", enterprise__division_code__startswith=prefix)
        .count(),
    }
    for lv in LEVELS:
        out[f"grade.{lv}"] = risk.profile_list(actor, level=lv, division=code).count()
    tasks = functools.partial(risk.task_search, actor, year=today.year, division=code, today=today)
    out["plan.total"] = tasks().count()
    out["plan.done"] = tasks(state="done").count()
    out["plan.overdue"] = tasks(state="overdue").count()
    for lv in LEVELS:
        out[f"plan.{lv}.overdue"] = tasks(state="overdue", level=lv).count()
    return out


@pytest.mark.parametrize(("who", "code"), [("province", "430000"), ("city", "430100"), ("insp", "430104")])
def test_each_figure_reconciles_with_its_list(w, who, code):
    actor = getattr(w, who)
    figures = selectors.totals(selectors.latest_snapshot(), code)
    lists = _lists(actor, code)
    assert {k: figures.get(k, 0) for k in lists} == lists
    # the world gives the check something to count in every jurisdiction
    assert lists["connect.producing"] and lists["disposal.open"] and lists["sampling.failed"]
    assert lists["anomaly.open"]
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


# The pages the figures open, each with the count it shows (data-testid) — following a county's link shows
# exactly as many rows as the figure said.
PAGE_COUNTS = {
    "licence.renewal_due": "renewal-count",
    "licence.renewal_overdue": "renewal-count",
    "plan.total": "task-count",
    "plan.done": "task-count",
    "plan.overdue": "task-count",
    "rect.open": "finding-count",
    "rect.overdue": "finding-count",
    "rect.ontime": "finding-count",
    "spot.checked": "spot-count",
    "spot.passed": "spot-count",
    "sampling.samples": "sample-count",
    "sampling.failed": "sample-count",
    "anomaly.open": "alert-count",
}


@pytest.mark.parametrize(("who", "code"), [("province", "430000"), ("insp", "430104")])
def test_following_a_figure_shows_as_many_rows(w, who, code, client):
    import re

    from shouhu.command.figures import CAPABILITIES, Ctx

    links = {n.key: n.link for cap in CAPABILITIES for n in cap.numbers if n.link}
    figures = selectors.totals(selectors.latest_snapshot(), code)
    client.force_login(getattr(w, who))
    ctx = Ctx(code=code, as_of=timezone.localdate())
    shown = {}
    for key, testid in PAGE_COUNTS.items():
        url = links[key](ctx)
        assert f"division={code}" in url, url
        html = client.get(url).content.decode()
        found = re.search(rf'data-testid="{testid}"[^>]*>\D*(\d+)', html)
        assert found, (key, url)
        shown[key] = int(found.group(1))
    assert shown == {k: figures.get(k, 0) for k in PAGE_COUNTS}
    assert shown["plan.total"]  # the world gives the pages something to show
