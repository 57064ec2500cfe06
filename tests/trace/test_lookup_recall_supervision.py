"""Issue 14.2: recalls are reachable and supervised — nav, home, a page with level, rule deadlines,
progress and overdue marks, and the regulator's acts (supervise, require correction, accept), each audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factories as t
import pytest
from django.test import Client
from django.utils import timezone

from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.production import services
from shouhu.production.models import Batch
from shouhu.trace import services as recall
from shouhu.trace.events import TraceAction
from shouhu.trace.models import Recall, RecallStatus

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def started(principal_a, ent_a, product, rice, supplier, staff):
    lot = t.make_lot(rice, supplier, quantity=100, code="RICE-14")
    b = t.make_batch(product, number="RC1")
    services.batch_consume(
        actor=principal_a, batch=b, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
    )
    services.batch_complete(actor=principal_a, batch=b, quantity=100)
    Batch.objects.filter(pk=b.pk).update(status="released", released_on=date.today())
    cust = services.customer_create(
        actor=principal_a, enterprise=ent_a, name="经销商丙", kind="distributor", contact="1"
    )
    services.shipment_create(actor=principal_a, batch=b, customer=cust, quantity=60, shipped_on=date.today())
    at = datetime(2026, 9, 30, 9, 0, tzinfo=TZ)
    return recall.recall_start(actor=principal_a, level=2, reason="标签错误", batch=b, started_at=at)


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_recall_page_shows_level_rule_deadlines_progress_and_overdue(started, county_inspector):
    c = client(county_inspector)
    home = c.get("/").content.decode()
    assert 'data-testid="recalls-in-progress"' in home and started.number in home
    nav = home.split('data-testid="main-nav"', 1)[1].split("</ul>", 1)[0]
    assert "/trace/recalls/" in nav
    html = c.get(f"/trace/recalls/{started.pk}/").content.decode()
    assert "二级召回" in html
    assert timezone.localtime(started.plan_due_at).strftime("%Y-%m-%d %H:%M") in html
    assert started.plan_due_at - started.started_at == timedelta(hours=48)  # level 2: 48 hours (rule data)
    assert started.finish_due_on.isoformat() in html and "recall.level-2" in html
    assert (
        'data-testid="plan-overdue"' in html and 'data-testid="finish-overdue"' in html
    )  # started in September
    assert "已召回 0" in html and "已通知购货者 0 / 1" in html


def test_regulator_acts_are_audited_with_typed_actions(started, county_inspector, principal_a):
    c = client(county_inspector)
    c.post(f"/trace/recalls/{started.pk}/do/supervise/", {"note": "已督促企业"})
    c.post(f"/trace/recalls/{started.pk}/do/correct/", {"note": "补充通知全部购货者"})
    r = Recall.objects.get(pk=started.pk)
    assert r.regulator_note == "已督促企业" and r.correction_note == "补充通知全部购货者"
    assert c.post(f"/trace/recalls/{started.pk}/do/accept/", follow=True).status_code == 200
    assert Recall.objects.get(pk=started.pk).closing_accepted_at is None  # not completed: refused
    recall.recall_complete(actor=principal_a, recall=r, disposal="销毁", place="厂内", rectification="改标签")
    c.post(f"/trace/recalls/{started.pk}/do/accept/")
    r = Recall.objects.get(pk=started.pk)
    assert r.status == RecallStatus.COMPLETED and r.closing_accepted_at is not None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        TraceAction.RECALL_SUPERVISE.value,
        TraceAction.RECALL_REQUIRE_CORRECTION.value,
        TraceAction.RECALL_ACCEPT_CLOSING.value,
    } <= actions
    assert c.post(f"/trace/recalls/{started.pk}/do/nope/").status_code == 404


def test_recall_page_is_scoped(started, officer_b):
    assert client(officer_b).get(f"/trace/recalls/{started.pk}/").status_code == 404


def test_recall_list_narrows_to_a_division_and_running_ones_as_the_command_view_links_it(started):
    city = client(t.make_user(Role.INSPECTOR, division_code=t.CITY, username="recall_city"))
    assert started.number in city.get("/trace/recalls/").content.decode()
    mine = city.get(f"/trace/recalls/?status=in_progress&division={t.COUNTY}").content.decode()
    assert started.number in mine and 'data-testid="recall-filter"' in mine
    other = city.get(f"/trace/recalls/?status=in_progress&division={t.OTHER_COUNTY}").content.decode()
    assert started.number not in other
    assert started.number not in city.get("/trace/recalls/?status=completed").content.decode()
