"""Enterprise self-control in the matrix (`shouhu.selfcontrol`): the list, daily records, reports, stops,
the regulator's completion view.

Tenant A adopts its risk-control list 30 days ago, revises it once (a marked daily point), records
yesterday's check, stops production for three days three weeks ago and files last week's report (a small
enterprise: the principal does the director's part). Who may act: `selfcontrol/permissions.py`.
"""

from __future__ import annotations

from datetime import timedelta

from matrix_core import ADMIN, ALL, INSP, JADM, KEY, OFF, PEOPLE, QA, REGULATORS, REV, D, Op, P, Page

STAFF = frozenset({P, D, OFF, QA})
NOT_STAFF = {INSP: 404, REV: 404, JADM: 404, ADMIN: 404}  # pages of one's own enterprise
SUPERVISE = REGULATORS | {ADMIN}


def build(w) -> None:
    from matrix_world import MARK, TODAY

    from shouhu.selfcontrol import services as sc
    from shouhu.selfcontrol.periods import week_of

    principal, officer = w.users["principal"], w.users["officer"]
    sc.risklist_generate(actor=principal, enterprise=w.a.ent, adopted_on=TODAY - timedelta(days=30))
    point = f"{MARK}金属异物风险点"
    sc.risklist_revise(
        actor=principal,
        enterprise=w.a.ent,
        reason="新增风险点",
        add=[{"title": point, "measures": "每班验证金属探测器", "frequency": "daily"}],
    )
    check = sc.daily_record(actor=officer, day=TODAY - timedelta(days=1))
    stop = sc.stop_record(
        actor=principal,
        starts_on=TODAY - timedelta(days=21),
        ends_on=TODAY - timedelta(days=19),
        reason=f"{MARK}设备检修",
    )
    report = sc.report_file(
        actor=principal, kind="weekly", starts_on=week_of(TODAY - timedelta(days=7))[0], body="本周排查正常"
    )
    # 自查报告: a monthly frequency chosen, this period's checklist scored (one shortfall) and submitted
    from shouhu.selfcontrol.models import SelfInspection
    from shouhu.workflow.checklists.models import TemplateItem

    sc.plan_set(actor=principal, months=1)
    si = sc.inspection_open(actor=principal)
    items = list(TemplateItem.objects.filter(template_id=si.template_id).order_by("position"))
    note = f"{MARK}原料库未分区"
    results = [{"item_id": i.item_id, "result": "na" if i.scheme == "measured" else "conform"} for i in items]
    graded = next(n for n, i in enumerate(items) if i.scheme == "graded")
    results[graded] = {"item_id": items[graded].item_id, "result": "nonconform", "note": note}
    sc.inspection_score(actor=principal, inspection=si, results=results)
    si = sc.inspection_submit(actor=principal, inspection=si, conclusion=f"{MARK}自查结论")
    assert isinstance(si, SelfInspection)
    # 三本账 PDF: a job queued by A's principal (inline in tests), its alone
    from shouhu.core import jobs
    from shouhu.selfcontrol.books import books_pdf_submit

    job = books_pdf_submit(actor=principal, enterprise=w.a.ent, first=TODAY - timedelta(days=30), last=TODAY)
    w.cached[jobs._key(job["id"])] = jobs.get(job["id"])  # the cache is cleared between tests
    w.ids.update(
        daily_id=check.pk,
        report_id=report.pk,
        stop_id=stop.pk,
        selfcontrol_si_id=si.pk,
        selfcontrol_job=job["id"],
    )
    w.markers |= {point, stop.reason, note, si.conclusion}


OPS = [
    Op("GET", "/selfcontrol/lists/{enterprise_id}", ALL),
    Op(
        "POST",
        "/selfcontrol/daily/bulk",
        frozenset({OFF, KEY}),
        201,
        body=lambda w: {
            "records": [
                {
                    "day": str(__import__("datetime").date.today() - timedelta(days=2)),
                    "checked_by_name": "张安全",
                }
            ]
        },
        targets=False,
    ),
    Op("GET", "/selfcontrol/daily", ALL, targets=False),
    Op("GET", "/selfcontrol/completion", SUPERVISE, targets=False),
    Op("GET", "/selfcontrol/selfinspections", ALL, targets=False),
    Op("GET", "/selfcontrol/selfinspections/status", SUPERVISE, targets=False),
    Op(
        "GET",
        "/selfcontrol/selfinspections/{si_id}",
        ALL,
        args={"si_id": lambda w: w.ids["selfcontrol_si_id"]},
    ),
]

PAGES = [
    Page(
        "selfcontrol/",
        lambda w: "/selfcontrol/",
        STAFF,
        targets=False,
        denied_by={INSP: 302, REV: 302, JADM: 302, ADMIN: 302},  # a regulator is sent to the completion view
        shows=frozenset(),
    ),
    Page("selfcontrol/lists/<int:enterprise_id>/", lambda w: f"/selfcontrol/lists/{w.a.ent.pk}/", PEOPLE),
    Page(
        "selfcontrol/lists/<int:enterprise_id>/diff/",
        lambda w: f"/selfcontrol/lists/{w.a.ent.pk}/diff/?a=1&b=2",
        PEOPLE,
    ),
    Page("selfcontrol/daily/", lambda w: "/selfcontrol/daily/", STAFF, targets=False, denied_by=NOT_STAFF),
    Page("selfcontrol/daily/<int:pk>/", lambda w: f"/selfcontrol/daily/{w.ids['daily_id']}/", PEOPLE),
    Page(
        "selfcontrol/reports/<slug:kind>/new/",
        lambda w: "/selfcontrol/reports/weekly/new/",
        STAFF,
        targets=False,
        denied_by=NOT_STAFF,
        shows=frozenset(),
    ),
    Page("selfcontrol/reports/<int:pk>/", lambda w: f"/selfcontrol/reports/{w.ids['report_id']}/", PEOPLE),
    Page("selfcontrol/stops/", lambda w: "/selfcontrol/stops/", STAFF, targets=False, denied_by=NOT_STAFF),
    Page("selfcontrol/completion/", lambda w: "/selfcontrol/completion/", SUPERVISE, targets=False),
    Page(
        "selfcontrol/self-inspections/",
        lambda w: "/selfcontrol/self-inspections/",
        PEOPLE,
        targets=False,
        shows=SUPERVISE,  # the county sees A by name; A's staff see their periods
    ),
    Page(
        "selfcontrol/self-inspections/<int:pk>/",
        lambda w: f"/selfcontrol/self-inspections/{w.ids['selfcontrol_si_id']}/",
        PEOPLE,
    ),
    Page(
        "selfcontrol/self-inspections/<int:pk>/print/",
        lambda w: f"/selfcontrol/self-inspections/{w.ids['selfcontrol_si_id']}/print/?format=json",
        PEOPLE,
    ),
    Page(
        "selfcontrol/enterprises/<int:enterprise_id>/books.pdf",
        lambda w: f"/selfcontrol/enterprises/{w.a.ent.pk}/books.pdf",
        PEOPLE,
        method="POST",
        ok=302,
        denied=302,
        body=lambda w: {"first": "2026-01-01", "last": "2026-01-31"},
        audited=False,  # a job is queued; no regulated record is written
        outsider=404,
    ),
    # a queued PDF of the books is its queuer's alone (A's principal): anyone else finds no such job
    Page(
        "selfcontrol/books/jobs/<slug:job_id>/",
        lambda w: f"/selfcontrol/books/jobs/{w.ids['selfcontrol_job']}/",
        frozenset({P}),
        denied=404,
        shows=frozenset(),
    ),
    Page(
        "selfcontrol/books/jobs/<slug:job_id>/file",
        lambda w: f"/selfcontrol/books/jobs/{w.ids['selfcontrol_job']}/file",
        frozenset({P}),
        denied=404,
        shows=frozenset(),
    ),
    Page(
        "selfcontrol/enterprises/<int:enterprise_id>/",
        lambda w: f"/selfcontrol/enterprises/{w.a.ent.pk}/",
        PEOPLE,
    ),
]
