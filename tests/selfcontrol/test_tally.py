"""The month tally the completion view reads reconciles with the daily records, corrections included."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shouhu.core import integrity
from shouhu.core.roles import Role
from shouhu.selfcontrol import selectors, tally
from shouhu.selfcontrol.models import DailyCheck, MonthTally
from shouhu.selfcontrol.services import daily_record


def test_tally_reconciles_with_records_and_partial_months(adopted, ent, people, daily_points, county):
    officer, today = people[Role.OFFICER], timezone.localdate()
    pid = daily_points[0]["point_id"]
    problem = [{"point_id": pid, "note": "地面积水", "measure": "已清扫"}]
    days = [today - timedelta(days=n) for n in range(1, 58, 3)]  # spread over three months
    for n, day in enumerate(days):
        daily_record(actor=officer, day=day, problems=problem if n % 4 == 0 else [])
    first = DailyCheck.objects.get(day=days[0], current=True)
    daily_record(actor=officer, day=days[0], corrects=first, reason="复核后确认无问题")  # problem → zero
    assert list(tally.problems(ent.pk)) == []
    assert sum(MonthTally.objects.filter(enterprise=ent).values_list("recorded", flat=True)) == len(days)

    # any period, whole months or not, counts exactly what the records hold
    for a, b in [
        (today - timedelta(days=57), today),
        (today - timedelta(days=40), today - timedelta(days=9)),
    ]:
        rows = {r.enterprise_id: r for r in selectors.completion(county, a, b)}
        current = DailyCheck.objects.filter(enterprise=ent, current=True, day__range=(a, b))
        assert rows[ent.pk].days_done == current.count()
        assert rows[ent.pk].zero_risk_days == current.filter(zero_risk=True).count()

    # the counts straight from the records, for periods and cutoffs at and across month edges
    for a_back, b_back, c_back in [(57, 0, 4), (57, 0, 50), (40, 9, 20), (10, 2, 1), (31, 31, 0)]:
        a, b, cutoff = (today - timedelta(days=n) for n in (a_back, b_back, c_back))
        got = tally.counted([ent.pk], a, b, cutoff).get(ent.pk, {"n": 0, "zero": 0, "before_cutoff": 0})
        current = DailyCheck.objects.filter(enterprise=ent, current=True, day__range=(a, b))
        assert (got["n"], got["zero"], got["before_cutoff"]) == (
            current.count(),
            current.filter(zero_risk=True).count(),
            current.filter(day__lte=cutoff).count(),
        ), (a, b, cutoff)

    # a tally that drifts from the records is reported by `audit verify`, and a rebuild repairs it
    MonthTally.objects.filter(enterprise=ent).update(recorded=0)
    found = integrity.run(ent.pk, only=[tally.CHECK]).problems
    assert found and "records" in found[0].problem
    tally.rebuild([ent.pk])
    assert list(tally.problems(ent.pk)) == []


def test_completion_page_ranks_in_pages_of_fifty(adopted, ent, county, client, monkeypatch):
    import factories as t

    from shouhu.selfcontrol import views
    from shouhu.selfcontrol.services import risklist_generate

    other = t.make_enterprise(t.COUNTY, name="岳麓第二婴幼儿食品有限公司", scale="small")
    t.make_licence(other)
    risklist_generate(
        actor=t.make_user(Role.PRINCIPAL, enterprise=other, username="tally_p2"),
        enterprise=other,
        adopted_on=timezone.localdate() - timedelta(days=10),
    )
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(county)
    first, second = (client.get(f"/selfcontrol/completion/?page={n}").content.decode() for n in (1, 2))
    assert "2 家企业" in first and "2 家企业" in second  # the totals are the whole county's
    names = {ent.name, other.name}
    assert len({n for n in names if n in first}) == 1 and len({n for n in names if n in second}) == 1
    assert 'aria-current="page"' in first
