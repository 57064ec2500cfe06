"""Obligation services: create from a cited rule, owners of every kind, derived overdue, pauses, extensions,
recompute after a calendar is loaded, escalation, and the bad input of issue 11."""

from __future__ import annotations

import datetime as dt
import uuid

import factories as t
import pytest
from django.core.management import call_command
from django.utils import timezone

from shouhu.core import ledger, workdays
from shouhu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.workflow.obligations import selectors, services
from shouhu.workflow.obligations.events import ObligationAction as A
from shouhu.workflow.obligations.models import (
    OBLIGATION_FLOW,
    Notification,
    Obligation,
    ObligationState,
    ObligationStatus,
)

pytestmark = pytest.mark.django_db


def make(actor, subject, **kw):
    defaults = dict(
        title="提交整改报告",
        kind="test.report",
        rule_id="decision.deadline-working-days",
        owner_kind="role",
        owner_role=Role.OFFICER,
    )
    defaults.update(kw)
    return services.obligation_create(actor=actor, subject=subject, **defaults)


def entries(obj, action=None):
    qs = ledger.history(obj)
    return qs.filter(action=action) if action else qs


def test_create_takes_the_period_and_citation_from_the_rule(county_inspector, ent_a):
    start = timezone.make_aware(dt.datetime(2026, 3, 2, 9))
    o = make(county_inspector, ent_a, starts_at=start)
    assert (o.amount, o.unit) == (10, "working_days")
    assert o.citation == "《食品生产许可管理办法》" and o.rule_id == "decision.deadline-working-days"
    assert timezone.localtime(o.due_at).date() == workdays.add_working_days(dt.date(2026, 3, 2), 10)
    assert (o.enterprise_id, o.division_code) == (ent_a.pk, ent_a.division_code)
    assert [e.action for e in entries(o)] == [A.OBLIGATION_CREATE]
    assert o.state == ObligationState.OVERDUE  # 2026-03 is past: overdue is derived when read
    assert o.status == ObligationStatus.OPEN  # … and never stored


def test_overdue_is_derived_and_a_pause_stops_the_clock(county_inspector, ent_a):
    o = make(
        county_inspector, ent_a, unit="hours", amount=1, starts_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert o.is_overdue and o.state == ObligationState.OVERDUE
    o = services.obligation_pause(actor=county_inspector, obligation=o, kind="hearing", reason="听证")
    assert not o.is_overdue and o.state == ObligationState.OPEN
    with pytest.raises(Conflict):
        services.obligation_pause(actor=county_inspector, obligation=o, kind="testing", reason="again")
    o = services.obligation_resume(actor=county_inspector, obligation=o)
    assert o.paused_since is None and o.pauses.get().ended_at is not None
    assert [e.action for e in entries(o)] == [A.OBLIGATION_CREATE, A.OBLIGATION_PAUSE, A.OBLIGATION_RESUME]


def test_resume_moves_the_due_date_by_the_pause(county_inspector, ent_a):
    start = timezone.now() - dt.timedelta(hours=1)
    o = make(county_inspector, ent_a, unit="hours", amount=48, starts_at=start)
    paused_at = start + dt.timedelta(minutes=30)
    o = services.obligation_pause(
        actor=county_inspector, obligation=o, kind="testing", reason="送检", at=paused_at
    )
    o = services.obligation_resume(actor=county_inspector, obligation=o, at=paused_at + dt.timedelta(hours=5))
    assert o.due_at == start + dt.timedelta(hours=53)


def test_extension_needs_a_reason_and_an_approver(county_inspector, principal_a, ent_a):
    o = make(county_inspector, ent_a, unit="calendar_days", amount=5)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.obligation_extend(actor=county_inspector, obligation=o, amount=3, reason="  ")
    assert exc.value.details["fields"][0]["field"] == "reason"
    assert exc.value.details["reason"] == "obligations.reason_required"
    assert AuditEntry.objects.count() == before and not o.extensions.exists()
    with pytest.raises(PermissionDenied):  # the enterprise cannot approve its own extension
        services.obligation_extend(actor=principal_a, obligation=o, amount=3, reason="设备检修")
    old = o.due_at
    o = services.obligation_extend(actor=county_inspector, obligation=o, amount=3, reason="设备检修")
    assert o.due_at - old == dt.timedelta(days=3)
    ext = o.extensions.get()
    assert ext.approver == county_inspector and (ext.old_due_at, ext.new_due_at) == (old, o.due_at)
    assert entries(o, A.OBLIGATION_EXTEND).get().reason == "设备检修"


def test_complete_follows_the_state_table(county_inspector, ent_a, officer_a):
    o = make(county_inspector, ent_a)
    o = services.obligation_complete(actor=officer_a, obligation=o, note="已提交")
    assert o.state == ObligationState.DONE and o.done_by == officer_a
    with pytest.raises(Conflict):
        services.obligation_complete(actor=officer_a, obligation=o)
    assert OBLIGATION_FLOW.allowed(ObligationStatus.DONE) == []


def test_subject_of_another_tenant_is_not_found(county_inspector, officer_b, ent_a, ent_c):
    with pytest.raises(NotFound):
        make(county_inspector, ent_c)  # 株洲 is outside 岳麓区
    with pytest.raises(NotFound):
        make(officer_b, ent_a)  # another enterprise's staff
    assert not Obligation.objects.exists()


def test_owner_outside_the_subjects_tenancy_is_refused(county_inspector, ent_a, officer_b):
    with pytest.raises(ValidationFailed) as exc:
        make(county_inspector, ent_a, owner_kind="user", owner_role="", owner_user=officer_b)
    assert exc.value.details["reason"] == "obligations.owner_invalid"


def test_replayed_create_returns_the_first_row_and_writes_nothing_twice(county_inspector, ent_a, ent_b):
    key = uuid.uuid4()
    first = make(county_inspector, ent_a, client_id=str(key))
    count = AuditEntry.objects.count()
    again = make(county_inspector, ent_a, client_id=key)
    assert again.pk == first.pk
    assert Obligation.objects.count() == 1 and AuditEntry.objects.count() == count
    other = t.make_user(Role.OFFICER, enterprise=ent_b)
    with pytest.raises(Conflict):  # another tenant cannot learn of, or reuse, the id
        make(other, ent_b, client_id=key)


def test_bad_periods_and_rules_are_refused(county_inspector, ent_a):
    for kw, field in [
        ({"unit": "hours", "amount": 0}, "amount"),
        ({"unit": "hours", "amount": "2.5"}, "amount"),
        ({"unit": "weeks", "amount": 2}, "unit"),
        ({"rule_id": ""}, "rule_id"),
        ({"rule_id": "no.such-rule"}, "rule_id"),
    ]:
        with pytest.raises(ValidationFailed) as exc:
            make(county_inspector, ent_a, **kw)
        assert exc.value.details["fields"][0]["field"] == field, kw
    assert not Obligation.objects.exists()


def test_role_owner_needs_an_enterprise_subject(province_admin):
    with pytest.raises(ValidationFailed) as exc:  # a jurisdiction's own record has no enterprise role
        make(province_admin, office_subject(), owner_kind="role")
    assert exc.value.details["fields"][0]["field"] == "owner_role"


def office_subject():
    """A jurisdiction-owned subject without importing a domain app: a regulator user row carries a division."""
    return t.make_user(Role.INSPECTOR, division_code=t.COUNTY)


@pytest.fixture
def without_next_year(monkeypatch):
    """Pretend the last loaded year's successor is missing (it is), then 'load' it."""
    last = max(workdays.loaded_years())
    real = workdays._calendars()

    def load():
        fake = workdays.YearCalendar(last + 1, "check", "test", {}, {})
        monkeypatch.setattr(workdays, "_calendars", lambda: {**real, last + 1: fake})

    return last, load


def test_provisional_due_date_is_shown_and_recomputed_when_the_calendar_loads(
    county_inspector, ent_a, without_next_year
):
    last, load = without_next_year
    start = timezone.make_aware(dt.datetime(last, 12, 28, 9))
    o = make(county_inspector, ent_a, unit="working_days", amount=10, starts_at=start)
    assert o.provisional
    assert timezone.localtime(o.due_at).date() == dt.date(last + 1, 1, 7)  # calendar days, flagged
    call_command("obligations", "recompute")  # nothing loaded yet: it stays provisional
    o.refresh_from_db()
    assert o.provisional
    load()
    call_command("obligations", "recompute")
    o.refresh_from_db()
    assert not o.provisional
    assert timezone.localtime(o.due_at).date() == workdays.add_working_days(dt.date(last, 12, 28), 10)
    assert entries(o, A.OBLIGATION_RECOMPUTE).count() == 1


def test_escalation_goes_to_the_superior_role_then_the_regulator(county_inspector, ent_a, officer_a):
    director = t.make_user(Role.DIRECTOR, enterprise=ent_a)
    county_admin = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY)
    past = timezone.now() - dt.timedelta(days=3)
    o = make(county_inspector, ent_a, unit="hours", amount=1, starts_at=past)
    assert services.escalate_overdue() == 1
    o.refresh_from_db()
    assert (o.status, o.escalation_level, o.escalated_role, o.escalated_division) == (
        "escalated",
        1,
        Role.DIRECTOR,
        "",
    )
    assert o in selectors.inbox(director) and o in selectors.inbox(officer_a)
    assert services.escalate_overdue() == 0  # a level is given a day before the next
    later = timezone.now() + services.ESCALATE_EVERY + dt.timedelta(minutes=1)
    assert services.escalate_overdue(now=later) == 1
    o.refresh_from_db()
    assert (o.escalation_level, o.escalated_role, o.escalated_division) == (
        2,
        Role.JURISDICTION_ADMIN,
        t.COUNTY,
    )
    assert o in selectors.inbox(county_admin)
    assert services.escalate_overdue(now=later + dt.timedelta(days=5)) == 0  # the regulator is the top
    assert Notification.objects.filter(user=county_admin, kind="obligation_escalated").count() == 1
    assert entries(o, A.OBLIGATION_ESCALATE).count() == 2


def test_escalation_of_an_office_goes_to_its_administrator(county_inspector, ent_a):
    past = timezone.now() - dt.timedelta(days=3)
    o = make(
        county_inspector,
        ent_a,
        owner_kind="office",
        owner_role=Role.INSPECTOR,
        unit="hours",
        amount=1,
        starts_at=past,
    )
    assert o.owner_division == t.COUNTY
    services.escalate_overdue()
    o.refresh_from_db()
    assert (o.escalated_role, o.escalated_division) == (Role.JURISDICTION_ADMIN, t.COUNTY)


def test_beat_task_escalates(county_inspector, ent_a, settings):
    from shouhu.workflow.obligations.tasks import escalate_overdue_obligations

    make(county_inspector, ent_a, unit="hours", amount=1, starts_at=timezone.now() - dt.timedelta(hours=5))
    assert escalate_overdue_obligations.delay().get() == 1
    assert "escalate-overdue-obligations" in settings.CELERY_BEAT_SCHEDULE


def test_outside_party_escalates_to_the_tracking_office_then_the_office_above(county_inspector, ent_a):
    past = timezone.now() - dt.timedelta(days=3)
    o = make(
        county_inspector,
        ent_a,
        owner_kind="outside",
        owner_role="",
        owner_party="湖南省食品检测中心",
        unit="hours",
        amount=1,
        starts_at=past,
    )
    services.escalate_overdue()
    o.refresh_from_db()
    assert (o.escalation_level, o.escalated_role, o.escalated_division) == (
        1,
        Role.JURISDICTION_ADMIN,
        t.COUNTY,
    )
    services.escalate_overdue(now=timezone.now() + dt.timedelta(days=2))
    o.refresh_from_db()
    assert (o.escalation_level, o.escalated_division) == (2, t.CITY)


def test_escalation_skips_a_row_completed_meanwhile(county_inspector, ent_a, officer_a):
    o = make(
        county_inspector, ent_a, unit="hours", amount=1, starts_at=timezone.now() - dt.timedelta(hours=3)
    )
    stale = Obligation.objects.get(pk=o.pk)
    services.obligation_complete(actor=officer_a, obligation=o)
    with pytest.raises(Conflict):  # the state is checked on the stored row, not on the stale copy
        services.obligation_escalate(actor=county_inspector, obligation=stale)
    assert services.escalate_overdue() == 0


def test_out_of_range_periods_are_refused_not_crashed(county_inspector, ent_a):
    for kw, field in [
        ({"unit": "years", "amount": 100_000}, "amount"),
        (
            {"unit": "hours", "amount": 1, "starts_at": timezone.make_aware(dt.datetime(9999, 1, 1))},
            "starts_at",
        ),
    ]:
        with pytest.raises(ValidationFailed) as exc:
            make(county_inspector, ent_a, **kw)
        assert exc.value.details["fields"][0]["field"] == field
    o = make(county_inspector, ent_a, unit="years", amount=1)
    with pytest.raises(ValidationFailed):
        services.obligation_extend(actor=county_inspector, obligation=o, amount=100_000, reason="过长")
    assert not o.extensions.exists()
