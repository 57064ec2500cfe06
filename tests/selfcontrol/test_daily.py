"""日管控: zero-risk days are records, problems escalate by severity, a hazard stops production and
reaches the county's inbox; bad input is refused and nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from shouhu.core.errors import Conflict, PermissionDenied, ValidationFailed
from shouhu.core.roles import Role
from shouhu.production.models import Record
from shouhu.selfcontrol.models import DailyCheck, ProductionStop
from shouhu.selfcontrol.services import daily_record, daily_record_many, stop_record, stop_resume
from shouhu.workflow.findings.models import Finding
from shouhu.workflow.obligations.models import Obligation
from shouhu.workflow.obligations.selectors import inbox

TODAY = timezone.localdate


def test_zero_risk_day_is_a_record(adopted, ent, people, daily_points):
    check = daily_record(actor=people[Role.OFFICER], day=TODAY())
    assert check.zero_risk and check.checked == len(daily_points) and check.problems == []
    assert check.checked_by_name == "officer人"
    assert not Finding.objects.exists()


def test_major_problem_is_a_finding_and_reported_upward(adopted, ent, people, daily_points):
    p = daily_points[0]
    check = daily_record(
        actor=people[Role.OFFICER],
        day=TODAY(),
        problems=[{"point_id": p["point_id"], "note": "地面积水", "measure": "已清扫", "severity": "major"}],
    )
    assert not check.zero_risk and not check.hazard
    finding = Finding.objects.get()
    assert finding.subject_id == str(check.pk) and finding.severity == "major" and finding.origin == "self"
    duty = Obligation.objects.get(kind="selfcontrol.rectify")
    assert duty.owner_role == Role.DIRECTOR  # a medium enterprise has a director
    assert not ProductionStop.objects.exists()


def test_minor_problem_is_corrected_on_the_spot(adopted, people, daily_points):
    p = daily_points[0]
    daily_record(
        actor=people[Role.OFFICER],
        day=TODAY(),
        problems=[{"point_id": p["point_id"], "note": "洗手液用完", "measure": "已补充"}],
    )
    assert not Finding.objects.exists() and not Obligation.objects.exists()


def test_hazard_stops_production_and_reaches_county_inbox(adopted, ent, people, county, daily_points):
    p = daily_points[0]
    check = daily_record(
        actor=people[Role.OFFICER],
        day=TODAY(),
        problems=[
            {
                "point_id": p["point_id"],
                "note": "杀菌温度失控",
                "measure": "隔离本班产品",
                "severity": "critical",
            }
        ],
    )
    assert check.hazard
    stop = ProductionStop.objects.get()
    assert stop.hazard and stop.starts_on == TODAY() and stop.ends_on is None
    assert Record.objects.get(pk=stop.record_id).number == 16  # 附件1 #16 停复产记录
    report = Obligation.objects.get(kind="selfcontrol.hazard")
    assert report.owner_kind == "office" and report.owner_division == ent.division_code
    assert "第四十七条" in report.citation
    assert report in list(inbox(county))
    # stopped: tomorrow owes nothing, and a record for a stopped day is refused
    with pytest.raises(ValidationFailed) as exc:
        daily_record(actor=people[Role.OFFICER], day=TODAY(), corrects=check, reason="补充")
    assert exc.value.details["reason"] == "daily.day_stopped"


def test_second_record_same_day_refused_correction_is_new_version(adopted, people):
    first = daily_record(actor=people[Role.OFFICER], day=TODAY())
    with pytest.raises(Conflict):
        daily_record(actor=people[Role.OFFICER], day=TODAY())
    with pytest.raises(ValidationFailed):
        daily_record(actor=people[Role.OFFICER], day=TODAY(), corrects=first, reason="")
    second = daily_record(actor=people[Role.OFFICER], day=TODAY(), corrects=first, reason="漏记一项")
    first.refresh_from_db()
    assert second.revision == 2 and second.corrects_id == first.pk and not first.current and second.current
    assert DailyCheck.objects.count() == 2


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"day_offset": 1}, "daily.day_future"),
        ({"day_offset": -365}, "daily.day_before_list"),
        ({"problems": [{"point_id": "unknown", "note": "x", "measure": "y"}]}, "risklist.point_unknown"),
        ({"problems": [{"point_id": "FIRST", "note": "", "measure": "y"}]}, "daily.problem_invalid"),
        (
            {"problems": [{"point_id": "FIRST", "note": "x", "measure": "y", "severity": "bad"}]},
            "daily.severity_invalid",
        ),
    ],
)
def test_bad_daily_input_writes_nothing(adopted, people, daily_points, kwargs, code):
    day = TODAY() + timedelta(days=kwargs.pop("day_offset", 0))
    for p in kwargs.get("problems", []):
        if p["point_id"] == "FIRST":
            p["point_id"] = daily_points[0]["point_id"]
    with pytest.raises(ValidationFailed) as exc:
        daily_record(actor=people[Role.OFFICER], day=day, **kwargs)
    assert exc.value.details["reason"] == code
    assert not DailyCheck.objects.exists() and not Finding.objects.exists()


def test_only_the_officer_records(adopted, people):
    for role in (Role.PRINCIPAL, Role.QA):
        with pytest.raises(PermissionDenied):
            daily_record(actor=people[role], day=TODAY())
    assert not DailyCheck.objects.exists()


def test_bulk_push_all_or_nothing(adopted, ent, people):
    import factories as t

    key = t.make_api_key(ent)
    from shouhu.accounts.models import ApiKeyActor

    actor = ApiKeyActor(key[0])
    days = [TODAY() - timedelta(days=n) for n in (3, 2, 1)]
    with pytest.raises(Conflict) as exc:
        daily_record_many(
            actor=actor,
            records=[{"day": d, "checked_by_name": "张安全"} for d in [*days, days[0]]],
        )
    assert exc.value.details["index"] == 3 and not DailyCheck.objects.exists()
    made = daily_record_many(actor=actor, records=[{"day": d, "checked_by_name": "张安全"} for d in days])
    assert [c.day for c in made] == days and all(c.checked_by_name == "张安全" for c in made)
    with pytest.raises(ValidationFailed):  # a pushed record names who checked
        daily_record_many(actor=actor, records=[{"day": TODAY()}])


def test_stop_suspends_then_resume(adopted, ent, people):
    officer = people[Role.OFFICER]
    start = TODAY() - timedelta(days=10)
    stop = stop_record(actor=people[Role.DIRECTOR], starts_on=start, reason="设备改造")
    with pytest.raises(ValidationFailed):
        daily_record(actor=officer, day=start + timedelta(days=2))
    with pytest.raises(Conflict):
        stop_record(actor=people[Role.DIRECTOR], starts_on=start + timedelta(days=1), reason="重复")
    with pytest.raises(ValidationFailed):
        stop_resume(actor=people[Role.DIRECTOR], stop=stop, resumes_on=TODAY(), note="")
    stop = stop_resume(
        actor=people[Role.DIRECTOR],
        stop=stop,
        resumes_on=TODAY() - timedelta(days=3),
        note="设备清洗验证合格",
    )
    assert stop.ends_on == TODAY() - timedelta(days=4)
    assert Record.objects.filter(number=16).count() == 2
    assert daily_record(actor=officer, day=TODAY() - timedelta(days=3)).zero_risk


def test_overdue_past_grace_raises_county_todo_once(adopted, ent, people, county):
    from shouhu.core.system import SystemActor
    from shouhu.selfcontrol.services.overdue import overdue_raise

    system = SystemActor("测试任务")
    for n in range(0, 3):  # the last three days are recorded: within grace nothing would be owed
        daily_record(actor=people[Role.OFFICER], day=TODAY() - timedelta(days=n))
    assert overdue_raise(actor=system) == 2  # the missing days; the weekly reports never filed
    assert overdue_raise(actor=system) == 2  # replayed: the same week's to-dos, not second ones
    todo = Obligation.objects.get(kind="selfcontrol.overdue")
    assert todo.owner_division == ent.division_code and todo in list(inbox(county))
    reports = Obligation.objects.get(kind="selfcontrol.reports_overdue")
    assert "周排查报告缺" in reports.title and reports in list(inbox(county))
