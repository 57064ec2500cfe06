"""Issue 28: the lab reports a failure within `disposal.lab-report-working-days` (2 working days, [check]) of
finding it. The lab states the report's 检验结论日期 (page, import, API); the case shows a late report with
its working days and the rule's citation, and the labs page counts it. Working days by the calendar."""

from __future__ import annotations

import datetime as dt
import json

import factories as t
import pytest
from django.test import Client

from shouhu.core import workdays
from shouhu.core.errors import ServiceError
from shouhu.core.roles import Role
from shouhu.disposal.models import Case
from shouhu.sampling import selectors
from shouhu.sampling.models import LabResult, Sample
from shouhu.sampling.services import ResultRow, results_record
from shouhu.sampling.services.labs import lab_create
from shouhu.sampling.services.results import results_import_rows

from .conftest import LAB

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_working_days_around_national_day_are_counted_by_the_calendar():
    # found Wed 30 Sep 2026, reported Fri 9 Oct: 1—7 Oct are holidays, so 8 and 9 Oct: 2 working days, on time
    on_time = selectors.report_delay(dt.date(2026, 9, 30), dt.date(2026, 10, 9))
    assert on_time.working_days == 2 and not on_time.late and on_time.limit == 2
    assert "抽样检验管理办法" in on_time.cite
    # found Mon 28 Sep: 29, 30 Sep, 8, 9 Oct — the 4th working day after the finding: late
    late = selectors.report_delay(dt.date(2026, 9, 28), dt.date(2026, 10, 9))
    assert late.working_days == 4 and late.late
    # a make-up working day (Sat 10 Oct 2026) counts
    assert selectors.report_delay(dt.date(2026, 10, 9), dt.date(2026, 10, 10)).working_days == 1
    assert selectors.report_delay(None, dt.date(2026, 10, 9)) is None  # no date stated: nothing to judge


def _received_earlier(w, days=30):
    Sample.objects.filter(pk=w.sample.pk).update(received_on=w.today - dt.timedelta(days=days))


def test_a_lab_pushing_a_failure_4_working_days_after_finding_it_is_flagged_on_the_case_and_lab_page(world):
    _received_earlier(world)
    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code="430100", username="lab_admin_report")
    _lab, key = lab_create(actor=admin, name=LAB, division_code="430104")
    found = workdays.add_working_days(world.today, -4)
    body = {"results": [{"item": "铅", "measured": "0.35", "unit": "mg/kg"}], "found_on": found.isoformat()}
    resp = Client().post(
        f"/api/v1/sampling/lab/samples/{world.sample.number}/results",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_LAB_KEY=key,
    )
    assert resp.status_code == 201, resp.content
    world.sample.refresh_from_db()
    assert world.sample.found_on == found and world.sample.reported_on == world.today
    case = Case.objects.get(sample=world.sample)
    page = client(world.insp).get(f"/disposal/{case.pk}/").content.decode()
    assert 'data-testid="reported-late"' in page
    assert "报告逾期：发现不合格后 4 个工作日才报告（期限 2 个工作日）" in page
    assert "《食品安全抽样检验管理办法》" in page
    en = client(world.insp)
    en.cookies["django_language"] = "en"
    en_page = en.get(f"/disposal/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reported late: 4 working days after the finding (limit 2 working days)" in en_page
    labs = client(admin).get("/sampling/labs/").content.decode()
    assert 'data-testid="lab-late"><span class="badge text-bg-danger">1<' in labs
    assert 'data-testid="lab-failed">1<' in labs


def test_a_failure_reported_within_2_working_days_is_not_flagged(world):
    _received_earlier(world)
    found = workdays.add_working_days(world.today, -2)
    results_record(
        actor=world.insp, sample_id=world.sample.pk, rows=[ResultRow("铅", "0.35", "mg/kg")], found_on=found
    )
    case = Case.objects.get(sample=world.sample)
    page = client(world.insp).get(f"/disposal/{case.pk}/").content.decode()
    assert 'data-testid="reported-late"' not in page and "发现不合格后 2 个工作日报告" in page


def test_no_date_stated_says_so_and_the_page_form_takes_the_date(world):
    _received_earlier(world)
    c = client(world.insp)
    found = workdays.add_working_days(world.today, -5)
    r = c.post(
        f"/sampling/samples/{world.sample.pk}/",
        {"action": "results", "rows": "铅 | 0.35 | mg/kg", "found_on": found.isoformat()},
    )
    assert r.status_code == 302
    world.sample.refresh_from_db()
    assert world.sample.found_on == found
    sample_page = c.get(f"/sampling/samples/{world.sample.pk}/").content.decode()
    assert "报告逾期：发现不合格后 5 个工作日才报告" in sample_page


def test_a_case_without_a_stated_date_says_it_cannot_be_checked(world):
    results_record(actor=world.insp, sample_id=world.sample.pk, rows=[ResultRow("铅", "0.35", "mg/kg")])
    case = Case.objects.get(sample=world.sample)
    page = client(world.insp).get(f"/disposal/{case.pk}/").content.decode()
    assert "检验机构未注明检验结论日期，无法核对报告时限" in page


def test_a_finding_before_receipt_or_in_the_future_is_refused_and_nothing_written(world):
    for bad in (world.today - dt.timedelta(days=3), world.today + dt.timedelta(days=1)):
        with pytest.raises(ServiceError) as exc:
            results_record(
                actor=world.insp,
                sample_id=world.sample.pk,
                rows=[ResultRow("铅", "0.35", "mg/kg")],
                found_on=bad,
            )
        assert exc.value.details["fields"][0]["field"] == "found_on"
    # received today (the fixture): a finding 3 days ago is before receipt
    assert not LabResult.objects.exists() and not Case.objects.exists()


def test_the_import_takes_the_date_column_and_refuses_two_dates_for_one_report(world):
    from shouhu.sampling.services.imports import rows_from
    from shouhu.sampling.tasks import parse

    _received_earlier(world)
    found = workdays.add_working_days(world.today, -3)
    n = world.sample.number
    csv = f"抽样单编号,检验项目,检测值,单位,检验结论日期\n{n},铅,0.35,mg/kg,{found:%Y/%m/%d}\n".encode()
    bad = csv + f'{n},菌落总数,"100,200,300,400,500",CFU/g,{world.today:%Y-%m-%d}\n'.encode()
    with pytest.raises(ServiceError) as exc:
        results_import_rows(actor=world.insp, rows=rows_from(parse(bad, "r.csv")))
    assert exc.value.details["row"] == 2 and "检验结论日期不一致" in exc.value.message_zh
    assert not LabResult.objects.exists()
    assert results_import_rows(actor=world.insp, rows=rows_from(parse(csv, "r.csv"))) == 1
    world.sample.refresh_from_db()
    assert world.sample.found_on == found
    assert selectors.sample_report_delay(world.sample).working_days == 3
