"""A run turns the day's rows into alerts (one per detector, enterprise and day); an inspector triages them
(confirm → kernel clue or rectification, dismiss with a reason), audited; the pages show them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shouhu.anomaly import selectors, services
from shouhu.anomaly.models import Alert, Outcome, State
from shouhu.core import ledger
from shouhu.core.errors import Conflict, PermissionDenied, ValidationFailed
from shouhu.core.roles import Role
from shouhu.production.models import Gate, GateRefusal
from shouhu.workflow.publication.models import Clue
from tests import factories as t

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(db):
    return t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="admin_yuelu")


@pytest.fixture
def alert(ent_a, product, county_admin):
    batch = t.make_batch(product)
    first = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    for n in range(3):  # 20 minutes apart: refusals seconds apart are one attempt resent
        r = GateRefusal.objects.create(
            enterprise=ent_a, batch=batch, gate=Gate.RELEASE, reason="release.tests", message="x"
        )
        GateRefusal.objects.filter(pk=r.pk).update(at=first + dt.timedelta(minutes=20 * n))
    run = services.alerts_run(actor=county_admin, day=timezone.localdate())
    assert run.counts == {"refused_attempts": 1} and run.enterprises >= 1
    again = services.alerts_run(actor=county_admin, day=timezone.localdate())  # a re-run adds nothing
    assert again.counts == {"refused_attempts": 1} and Alert.objects.count() == 1
    return Alert.objects.get()


def test_an_alert_carries_its_evidence_explanation_and_ledger_entry(alert, ent_a):
    assert (
        alert.detector == "refused_attempts" and alert.enterprise_id == ent_a.pk and len(alert.evidence) == 3
    )
    assert "3" in alert.explanation_zh and alert.explanation_en and 0 < alert.score <= 1
    assert ledger.history(alert).first().action == "anomaly.alert.raise"


def test_confirm_as_clue_raises_a_kernel_clue_and_keeps_the_outcome(alert, county_inspector, officer_b):
    with pytest.raises(PermissionDenied):
        services.alert_dismiss(actor=officer_b, alert=alert, reason="x")
    done = services.alert_confirm(actor=county_inspector, alert=alert, outcome=Outcome.CLUE, note="先查放行")
    clue = Clue.objects.get(pk=done.clue_id)
    assert clue.source == "anomaly.alert" and clue.enterprise_id == alert.enterprise_id
    assert (done.state, done.outcome, done.triaged_by) == (State.CONFIRMED, Outcome.CLUE, county_inspector)
    assert ledger.history(done).last().action == "anomaly.alert.confirm"
    with pytest.raises(Conflict):
        services.alert_dismiss(actor=county_inspector, alert=alert, reason="晚了")
    assert selectors.triage_outcomes()[0]["outcome"] == "clue"


def test_dismiss_needs_a_reason_and_rectification_a_deadline(alert, county_inspector):
    with pytest.raises(ValidationFailed):
        services.alert_dismiss(actor=county_inspector, alert=alert, reason=" ")
    with pytest.raises(ValidationFailed):
        services.alert_confirm(actor=county_inspector, alert=alert, outcome=Outcome.RECTIFICATION)
    due = timezone.localdate() + dt.timedelta(days=10)
    done = services.alert_confirm(
        actor=county_inspector, alert=alert, outcome=Outcome.RECTIFICATION, due_on=due
    )
    assert done.finding_id and done.rectification_id


def test_pages_list_show_and_triage(client, alert, county_inspector, officer_b):
    client.force_login(county_inspector)
    listing = client.get("/anomaly/")
    assert listing.status_code == 200 and alert.enterprise.name in listing.content.decode()
    page = client.get(f"/anomaly/{alert.pk}/").content.decode()
    assert "放行/出库拒绝记录" in page and "release.tests" in page  # evidence rows, their type in words
    assert client.post(f"/anomaly/{alert.pk}/dismiss/", {"reason": "已知的检验延误"}).status_code == 302
    alert.refresh_from_db()
    assert alert.state == State.DISMISSED and alert.note == "已知的检验延误"
    client.force_login(officer_b)
    assert client.get("/anomaly/").status_code == 403


def test_a_push_schedules_one_run_over_that_enterprise_only(ent_a, ent_b, product, monkeypatch):
    """Issue 32.4: incrementally on push — with Celery, an enterprise's writes schedule one debounced run
    over its own rows of the day; it raises that enterprise's alerts and no other's, and the nightly run of
    the same day does not raise them again. The embedded default schedules nothing (runs are on demand)."""
    from django.core.cache import cache

    from shouhu.anomaly import receivers, tasks
    from shouhu.core.hooks import enterprise_pushed

    other = t.make_batch(t.make_product(ent_b, category="3001", name="另一米粉"))
    batch = t.make_batch(product)
    for ent, b in ((ent_a, batch), (ent_b, other)):
        first = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
        for n in range(3):  # 20 minutes apart: refusals seconds apart are one attempt resent
            r = GateRefusal.objects.create(
                enterprise=ent, batch=b, gate=Gate.RELEASE, reason="release.tests", message="x"
            )
            GateRefusal.objects.filter(pk=r.pk).update(at=first + dt.timedelta(minutes=20 * n))
    assert receivers.on_push(None, enterprise_id=ent_a.pk) is False  # embedded default: on demand only

    scheduled: list[tuple[list[int], int]] = []
    monkeypatch.setattr(
        tasks.after_push, "apply_async", lambda args, countdown: scheduled.append((args, countdown))
    )
    monkeypatch.setattr(receivers.jobs, "mode", lambda: "celery")  # production: a broker
    cache.delete(f"anomaly:push:{ent_a.pk}")
    for _ in range(5):  # a burst of writes by one enterprise system
        enterprise_pushed.send(sender=None, enterprise_id=ent_a.pk, at=timezone.now())
    assert scheduled == [([ent_a.pk], receivers.debounce_seconds())]

    result = tasks.after_push(ent_a.pk)
    assert result["counts"] == {"refused_attempts": 1}
    assert list(Alert.objects.values_list("enterprise_id", flat=True)) == [ent_a.pk]
    assert Alert.objects.get().run.trigger == "push"
    admin = t.make_user(Role.PLATFORM_ADMIN, username="anomaly_pa")
    services.alerts_run(actor=admin, day=timezone.localdate())
    assert sorted(Alert.objects.values_list("enterprise_id", flat=True)) == sorted([ent_a.pk, ent_b.pk])
