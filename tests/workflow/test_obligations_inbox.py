"""The inbox: my to-dos (overdue first), the top bar's count, notifications (in-app and e-mail by preference),
the regulator's overdue list, recurring duties, the pages and the API — with the inbox's queries pinned."""

from __future__ import annotations

import datetime as dt
import uuid

import factories as t
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.workflow.obligations import schedules, selectors, services
from shouhu.workflow.obligations.models import Notification, Obligation, Schedule

pytestmark = pytest.mark.django_db

RULE = "decision.deadline-working-days"


def owe(actor, subject, *, hours=24, ago=0, **kw):
    defaults = dict(
        title="日管控检查", kind="test.daily", rule_id=RULE, owner_kind="role", owner_role=Role.OFFICER
    )
    defaults.update(kw)
    return services.obligation_create(
        actor=actor,
        subject=subject,
        unit="hours",
        amount=hours,
        starts_at=timezone.now() - dt.timedelta(hours=ago),
        **defaults,
    )


def test_inbox_lists_what_i_owe_overdue_first(county_inspector, ent_a, ent_b, officer_a, officer_b, qa_a):
    later = owe(county_inspector, ent_a, hours=48, title="later")
    late = owe(county_inspector, ent_a, hours=1, ago=5, title="late")
    soon = owe(county_inspector, ent_a, hours=2, title="soon")
    mine = owe(county_inspector, ent_a, owner_kind="user", owner_role="", owner_user=qa_a, title="qa")
    owe(t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY), ent_b, title="other enterprise")
    assert list(selectors.inbox(officer_a)) == [late, soon, later]
    assert list(selectors.inbox(qa_a)) == [mine]
    assert selectors.todo_count(officer_a) == 3 and selectors.todo_count(officer_b) == 1
    services.obligation_complete(actor=officer_a, obligation=soon)
    assert selectors.todo_count(officer_a) == 2


def test_office_and_outside_party_obligations_reach_the_office(county_inspector, ent_a, city_reviewer):
    lab = owe(
        county_inspector, ent_a, owner_kind="outside", owner_role="", owner_party="湖南检测中心", title="lab"
    )
    office = owe(county_inspector, ent_a, owner_kind="office", owner_role=Role.INSPECTOR, title="office")
    assert lab.owner_division == t.COUNTY  # tracked by the office where the subject is
    assert set(selectors.inbox(county_inspector)) == {lab, office}
    assert list(selectors.inbox(city_reviewer)) == []


def test_overdue_list_is_the_jurisdictions(county_inspector, city_reviewer, ent_a, ent_b, ent_c, officer_a):
    a = owe(county_inspector, ent_a, hours=1, ago=3)
    b = owe(t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY), ent_b, hours=1, ago=3)
    c = owe(t.make_user(Role.INSPECTOR, division_code=t.OTHER_CITY_COUNTY), ent_c, hours=1, ago=3)
    owe(county_inspector, ent_a, hours=10)  # not yet due
    assert list(selectors.overdue_list(county_inspector)) == [a]
    assert set(selectors.overdue_list(city_reviewer)) == {a, b}
    assert c not in selectors.overdue_list(city_reviewer)
    from shouhu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.overdue_list(officer_a)


def test_assignment_notifies_in_app_and_by_email_as_chosen(
    county_inspector, ent_a, officer_a, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer_a.email = "officer@example.com"
    officer_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        owe(county_inspector, ent_a, title="提交自查报告")
    assert Notification.objects.get(user=officer_a).kind == "obligation_assigned"
    assert len(mail.outbox) == 1 and "提交自查报告" in mail.outbox[0].subject
    # the user turns e-mail off for this kind: in-app only
    from shouhu.workflow.obligations import notify

    notify.preferences_set(user=officer_a, choices={"obligation_assigned": (True, False)})
    with django_capture_on_commit_callbacks(execute=True):
        owe(county_inspector, ent_a, title="第二项")
    assert Notification.objects.filter(user=officer_a).count() == 2 and len(mail.outbox) == 1


def test_no_email_without_a_configured_backend(
    county_inspector, ent_a, officer_a, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "localhost"
    officer_a.email = "officer@example.com"
    officer_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        owe(county_inspector, ent_a)
    assert len(mail.outbox) == 0 and Notification.objects.filter(user=officer_a).exists()


def test_recurring_duties_skip_stops_and_generating_twice_makes_nothing_twice(officer_a, ent_a):
    director = t.make_user(Role.DIRECTOR, enterprise=ent_a)
    s = schedules.schedule_create(
        actor=director,
        subject=ent_a,
        title="日管控",
        kind="selfcontrol.daily",
        frequency=Schedule.Frequency.PRODUCTION_DAY,
        rule_id=RULE,
        citation="《企业落实食品安全主体责任监督管理规定》第十条",
        owner_kind="role",
        owner_role=Role.OFFICER,
        active_from=dt.date(2026, 3, 1),
    )
    schedules.schedule_pause(
        actor=director,
        schedule=s,
        starts_on=dt.date(2026, 3, 4),
        ends_on=dt.date(2026, 3, 5),
        reason="停产检修",
    )
    made = schedules.schedule_generate(
        actor=director, schedule=s, first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 7)
    )
    assert [o.period_key for o in made] == [
        "2026-03-01",
        "2026-03-02",
        "2026-03-03",
        "2026-03-06",
        "2026-03-07",
    ]
    assert all(o.due_at - o.starts_at == dt.timedelta(hours=24) for o in made)
    entries = AuditEntry.objects.count()
    again = schedules.schedule_generate(
        actor=director, schedule=s, first=dt.date(2026, 2, 1), last=dt.date(2026, 3, 8)
    )
    assert [o.period_key for o in again] == ["2026-03-08"]  # before active_from: nothing; made ones: skipped
    assert Obligation.objects.filter(schedule=s).count() == 6
    assert AuditEntry.objects.count() == entries + 1


def test_weekly_and_shift_schedules(ent_a):
    director = t.make_user(Role.DIRECTOR, enterprise=ent_a)
    common = dict(
        actor=director, subject=ent_a, title="检查", kind="k", rule_id=RULE, citation="c", owner_kind="role"
    )
    shift = schedules.schedule_create(
        frequency="shift", shifts_per_day=2, owner_role=Role.QA, active_from=dt.date(2026, 3, 2), **common
    )
    made = schedules.schedule_generate(
        actor=director, schedule=shift, first=dt.date(2026, 3, 2), last=dt.date(2026, 3, 2)
    )
    assert [o.period_key for o in made] == ["2026-03-02#1", "2026-03-02#2"]
    weekly = schedules.schedule_create(
        frequency="weekly", owner_role=Role.DIRECTOR, active_from=dt.date(2026, 3, 2), **common
    )
    made = schedules.schedule_generate(
        actor=director, schedule=weekly, first=dt.date(2026, 3, 2), last=dt.date(2026, 3, 31)
    )
    assert len(made) == 5 and made[0].period_key == "2026-W10"


# ---- pages -------------------------------------------------------------------------------------------


def test_top_bar_shows_my_count(client, county_inspector, ent_a, officer_a, django_assert_num_queries):
    owe(county_inspector, ent_a)
    owe(county_inspector, ent_a)
    client.force_login(officer_a)
    html = client.get(reverse("home")).content.decode()  # every page: a link, the count fetched after load
    assert 'data-testid="todo-count"' in html and f'hx-get="{reverse("obligations:count")}"' in html
    with django_assert_num_queries(2 + 1):  # session + user, then one COUNT
        badge = client.get(reverse("obligations:count")).content.decode()
    assert 'data-testid="todo-badge"' in badge and ">2</span>" in badge
    client.logout()
    assert client.get(reverse("obligations:count")).status_code == 204


def test_inbox_page_overdue_first_with_provisional_marked(client, county_inspector, ent_a, officer_a):
    owe(county_inspector, ent_a, hours=30, title="不急")
    owe(county_inspector, ent_a, hours=1, ago=4, title="逾期的")
    last = max(__import__("shouhu.core.workdays", fromlist=["x"]).loaded_years())
    services.obligation_create(
        actor=county_inspector,
        subject=ent_a,
        title="跨年",
        kind="k",
        rule_id=RULE,
        owner_kind="role",
        owner_role=Role.OFFICER,
        unit="working_days",
        amount=10,
        starts_at=timezone.make_aware(dt.datetime(last, 12, 29, 9)),
    )
    client.force_login(officer_a)
    response = client.get(reverse("obligations:inbox"))
    html = response.content.decode()
    assert html.index("逾期的") < html.index("不急")
    assert 'data-testid="provisional"' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("obligations:inbox")).content.decode()
    assert "My to-dos" in html and "Overdue" in html and "Provisional" in html


def test_detail_page_extension_without_reason_is_refused(client, county_inspector, ent_a):
    o = owe(county_inspector, ent_a)
    client.force_login(county_inspector)
    url = reverse("obligations:detail", args=[o.pk])
    response = client.post(url, {"action": "extend", "amount": "2", "reason": ""})
    assert response.status_code == 422 and "延长期限须说明原因" in response.content.decode()
    response = client.post(url, {"action": "extend", "amount": "2", "reason": "企业申请"})
    assert response.status_code == 302
    o.refresh_from_db()
    assert o.extensions.count() == 1


def test_detail_of_another_tenant_is_not_found(client, county_inspector, ent_a, officer_b):
    o = owe(county_inspector, ent_a)
    client.force_login(officer_b)
    assert client.get(reverse("obligations:detail", args=[o.pk])).status_code == 404


def test_overdue_and_preferences_pages(client, county_inspector, ent_a, officer_a):
    owe(county_inspector, ent_a, hours=1, ago=2, title="过期事项")
    client.force_login(county_inspector)
    html = client.get(reverse("obligations:overdue")).content.decode()
    assert "过期事项" in html
    client.force_login(officer_a)
    assert client.get(reverse("obligations:overdue")).status_code == 403
    response = client.post(reverse("obligations:preferences"), {"obligation_assigned:in_app": "on"})
    assert response.status_code == 302
    from shouhu.workflow.obligations import notify

    prefs = notify.preferences(officer_a)
    assert prefs["obligation_assigned"].in_app and not prefs["obligation_assigned"].email
    assert not prefs["clue_raised"].in_app  # unticked boxes are a choice too
    assert client.get(reverse("obligations:preferences")).status_code == 200


# Pinned: session + user, the top bar's user label (the user's enterprise), then the inbox's own reads:
# to-do count, to-do page, unread notifications. An HTMX page of to-dos: session, user, to-do count and page.
# (The top bar's to-do count is its own request: see test_top_bar_shows_my_count.)
INBOX = 2 + 1 + 3
INBOX_PARTIAL = 2 + 2


@pytest.mark.parametrize("n", [5, 50])
def test_inbox_query_count_is_pinned(
    client, county_inspector, ent_a, officer_a, n, django_assert_num_queries
):
    for i in range(n):
        owe(county_inspector, ent_a, hours=1 + i, ago=(i % 3) * 2, title=f"事项{i}")
    assert Notification.objects.filter(user=officer_a).count() == n
    client.force_login(officer_a)
    with django_assert_num_queries(INBOX):
        response = client.get(reverse("obligations:inbox"))
    assert response.context["page"].paginator.count == n
    with django_assert_num_queries(INBOX_PARTIAL):
        client.get(reverse("obligations:inbox"), {"page": 2}, headers={"HX-Request": "true"})


# ---- API -----------------------------------------------------------------------------------------------


def body(ent, **kw):
    data = {
        "subject_type": "registry.enterprise",
        "subject_id": ent.pk,
        "title": "提交延续申请",
        "kind": "licensing.renewal",
        "rule_id": "licence.renewal-before-working-days",
        "owner_kind": "role",
        "owner_role": "principal",
    }
    data.update(kw)
    return data


def test_api_create_is_idempotent_and_scoped(client, county_inspector, ent_a, ent_c, principal_a):
    client.force_login(county_inspector)
    key = str(uuid.uuid4())
    first = client.post(
        "/api/v1/obligations/obligations", body(ent_a, client_id=key), content_type="application/json"
    )
    assert first.status_code == 201, first.content
    data = first.json()
    assert (data["unit"], data["amount"], data["state"]) == ("working_days", 30, "open")
    entries = AuditEntry.objects.count()
    again = client.post(
        "/api/v1/obligations/obligations", body(ent_a, client_id=key), content_type="application/json"
    )
    assert again.status_code == 201 and again.json()["id"] == data["id"]
    assert Obligation.objects.count() == 1 and AuditEntry.objects.count() == entries
    other = client.post("/api/v1/obligations/obligations", body(ent_c), content_type="application/json")
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    client.force_login(principal_a)
    inbox = client.get("/api/v1/obligations/inbox").json()
    assert [o["id"] for o in inbox["items"]] == [data["id"]]
    assert client.get("/api/v1/obligations/inbox/count").json() == {"count": 1}


def test_api_extension_without_reason_names_the_field(client, county_inspector, ent_a):
    o = owe(county_inspector, ent_a)
    client.force_login(county_inspector)
    r = client.post(
        f"/api/v1/obligations/obligations/{o.pk}/extend",
        {"amount": 2, "reason": " "},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["details"]["fields"][0]["field"] == "reason"
    assert r.json()["details"]["reason"] == "obligations.reason_required"
    r = client.post(
        f"/api/v1/obligations/obligations/{o.pk}/complete", {"note": "done"}, content_type="application/json"
    )
    assert r.json()["state"] == "done"
    r = client.post(
        f"/api/v1/obligations/obligations/{o.pk}/complete", {"note": "again"}, content_type="application/json"
    )
    assert r.status_code == 409


def test_api_notifications_and_preferences(client, county_inspector, ent_a, officer_a):
    owe(county_inspector, ent_a, title="任务甲")
    client.force_login(officer_a)
    items = client.get("/api/v1/obligations/notifications?unread=true").json()["items"]
    assert len(items) == 1 and "任务甲" in items[0]["text"]
    assert client.post(
        "/api/v1/obligations/notifications/read", {}, content_type="application/json"
    ).json() == {"count": 1}
    r = client.put(
        "/api/v1/obligations/preferences",
        [{"kind": "clue_raised", "in_app": False, "email": False}],
        content_type="application/json",
    )
    assert {"kind": "clue_raised", "in_app": False, "email": False} in r.json()


def test_role_owner_is_named_by_its_label(client, county_inspector, ent_a):
    o = owe(county_inspector, ent_a)
    client.force_login(county_inspector)
    assert "食品安全员" in client.get(reverse("obligations:detail", args=[o.pk])).content.decode()
