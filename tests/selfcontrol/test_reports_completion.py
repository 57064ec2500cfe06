"""周排查 / 月调度 signed by the role that owes them; the regulator's completion view, export, pages, API."""

from __future__ import annotations

from datetime import timedelta

import factories as t
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shouhu.core.errors import Conflict, PermissionDenied, ValidationFailed
from shouhu.core.roles import Role
from shouhu.selfcontrol import selectors
from shouhu.selfcontrol.models import Report
from shouhu.selfcontrol.periods import month_of, week_of
from shouhu.selfcontrol.services import daily_record, designate, report_file, stop_record
from shouhu.workflow.checklists.models import Signature

TODAY = timezone.localdate


def _last_week():
    return week_of(TODAY() - timedelta(days=7))[0]


def test_weekly_report_prefilled_and_signed_by_director(adopted, ent, people):
    monday = _last_week()
    daily_record(actor=people[Role.OFFICER], day=monday)
    report = report_file(
        actor=people[Role.DIRECTOR], kind="weekly", starts_on=monday, body="本周排查无重大问题"
    )
    assert report.summary["days_owed"] == 7 and report.summary["days_recorded"] == 1
    assert len(report.summary["days_missing"]) == 6
    assert (
        report.signature.role == "selfcontrol.director"
        and report.signature.signer_id == people[Role.DIRECTOR].pk
    )


def test_report_refusals_write_nothing(adopted, ent, people):
    this_monday = week_of(TODAY())[0]
    cases = [
        (people[Role.DIRECTOR], "weekly", this_monday, ValidationFailed),  # the week has not ended
        (people[Role.DIRECTOR], "weekly", _last_week() + timedelta(days=1), ValidationFailed),  # not a Monday
        (
            people[Role.PRINCIPAL],
            "weekly",
            _last_week(),
            PermissionDenied,
        ),  # a medium enterprise: the director signs
        (people[Role.OFFICER], "weekly", _last_week(), PermissionDenied),
        (
            people[Role.DIRECTOR],
            "monthly",
            month_of(month_of(TODAY())[0] - timedelta(days=1))[0],
            PermissionDenied,
        ),
    ]
    for actor, kind, start, error in cases:
        with pytest.raises(error):
            report_file(actor=actor, kind=kind, starts_on=start, body="内容", priorities="重点")
    assert not Report.objects.exists() and not Signature.objects.exists()
    report_file(actor=people[Role.DIRECTOR], kind="weekly", starts_on=_last_week(), body="内容")
    with pytest.raises(Conflict):
        report_file(actor=people[Role.DIRECTOR], kind="weekly", starts_on=_last_week(), body="内容")


def test_monthly_minutes_by_principal_need_priorities(adopted, people):
    first = month_of(month_of(TODAY())[0] - timedelta(days=1))[0]
    with pytest.raises(ValidationFailed):
        report_file(actor=people[Role.PRINCIPAL], kind="monthly", starts_on=first, body="总结")
    report = report_file(
        actor=people[Role.PRINCIPAL],
        kind="monthly",
        starts_on=first,
        body="总结",
        priorities="下月重点：异物",
    )
    assert report.signature.role == "principal" and "weekly_reports" in report.summary


def test_small_enterprise_principal_or_designated_officer_does_directors_part(db):
    from shouhu.selfcontrol.services import risklist_generate

    small = t.make_enterprise(t.COUNTY, scale="small")
    t.make_licence(small)
    principal = t.make_user(Role.PRINCIPAL, enterprise=small, username="small_p")
    officer = t.make_user(Role.OFFICER, enterprise=small, username="small_o")
    risklist_generate(actor=principal, enterprise=small, adopted_on=TODAY() - timedelta(days=30))
    with pytest.raises(PermissionDenied):
        report_file(actor=officer, kind="weekly", starts_on=_last_week(), body="内容")
    designate(actor=principal, user=officer)
    assert (
        report_file(actor=officer, kind="weekly", starts_on=_last_week(), body="内容").signature.signer_id
        == officer.pk
    )


def test_completion_counts_ranks_and_pins_queries(
    adopted, ent, people, county, django_assert_max_num_queries
):
    from shouhu.selfcontrol.services import risklist_generate

    other = t.make_enterprise(t.COUNTY, name="岳麓二厂", scale="medium")
    t.make_licence(other)
    risklist_generate(
        actor=t.make_user(Role.PRINCIPAL, enterprise=other, username="o_p"),
        enterprise=other,
        adopted_on=TODAY() - timedelta(days=60),
    )
    officer = people[Role.OFFICER]
    for n in range(1, 11):
        daily_record(actor=officer, day=TODAY() - timedelta(days=n))
    stop_record(
        actor=people[Role.DIRECTOR],
        starts_on=TODAY() - timedelta(days=20),
        ends_on=TODAY() - timedelta(days=15),
        reason="检修",
    )
    first, last = TODAY() - timedelta(days=30), TODAY()
    from shouhu.selfcontrol import tally

    # pinned: lists, stops, reports, hazards + the records' counts (one scan when the period holds no
    # whole month; the tally and the two partial months' scans when it does) — never one per enterprise
    for a in (TODAY() - timedelta(days=95), first):
        with CaptureQueriesContext(connection) as q:
            rows = selectors.completion(county, a, last)
        assert len(q.captured_queries) == (7 if tally._whole_months(a, last) else 5)
    by_id = {r.enterprise_id: r for r in rows}
    mine = by_id[ent.pk]
    assert mine.days_owed == 31 - 6  # 31 days minus 6 stopped days
    assert mine.days_done == 10 and mine.overdue_days > 0 and not mine.complies
    assert rows[0].enterprise_id == other.pk  # no records at all: ranked first (worst)
    other_county = t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="sc_fr2")
    assert selectors.completion(other_county, first, last) == []


def test_pages_phone_daily_and_regulator_export(adopted, ent, people, county, client, daily_points):
    client.force_login(people[Role.OFFICER])
    page = client.get("/selfcontrol/daily/")
    assert page.status_code == 200 and daily_points[0]["title"] in page.content.decode()
    done = client.post("/selfcontrol/daily/", {"day": TODAY().isoformat()})
    assert done.status_code == 302
    again = client.post("/selfcontrol/daily/", {"day": TODAY().isoformat()})
    assert again.status_code == 422 and "更正" in again.content.decode()
    client.force_login(county)
    view = client.get("/selfcontrol/completion/")
    assert view.status_code == 200 and ent.name in view.content.decode()
    xlsx = client.get("/selfcontrol/completion/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    drill = client.get(f"/selfcontrol/enterprises/{ent.pk}/")
    assert drill.status_code == 200 and "零风险" in drill.content.decode()
    books = client.get(f"/selfcontrol/enterprises/{ent.pk}/?format=xlsx")
    assert books.status_code == 200


def test_api_read_list_and_push(adopted, ent, client, county):
    _key, raw = t.make_api_key(ent)
    headers = {"HTTP_X_API_KEY": raw}
    got = client.get(f"/api/v1/selfcontrol/lists/{ent.pk}?history=true", **headers)
    assert got.status_code == 200 and got.json()["versions"][0]["points"][0]["citation"]
    day = (TODAY() - timedelta(days=1)).isoformat()
    body = {"records": [{"day": day, "checked_by_name": "张安全"}]}
    pushed = client.post("/api/v1/selfcontrol/daily/bulk", body, content_type="application/json", **headers)
    assert pushed.status_code == 201 and pushed.json()[0]["zero_risk"] is True
    future = {"records": [{"day": (TODAY() + timedelta(days=2)).isoformat(), "checked_by_name": "张"}]}
    bad = client.post("/api/v1/selfcontrol/daily/bulk", future, content_type="application/json", **headers)
    assert bad.status_code == 422
    client.force_login(county)
    assert client.get("/api/v1/selfcontrol/completion").json()[0]["enterprise_id"] == ent.pk


def test_completion_narrows_to_a_division_as_the_command_view_links_it(adopted, ent, county, client):
    first, last = TODAY() - timedelta(days=30), TODAY()
    assert [r.enterprise_id for r in selectors.completion(county, first, last, division=t.COUNTY)] == [ent.pk]
    assert selectors.completion(county, first, last, division=t.OTHER_COUNTY) == []
    client.force_login(county)
    narrowed = client.get(f"/selfcontrol/completion/?division={t.OTHER_COUNTY}").content.decode()
    assert 'data-testid="division-filter"' in narrowed and ent.name not in narrowed
    assert f"division={t.OTHER_COUNTY}&format=xlsx" in narrowed  # the export keeps the narrowing
    whole = client.get("/selfcontrol/completion/?division=bogus").content.decode()
    assert ent.name in whole and 'data-testid="division-filter"' not in whole
