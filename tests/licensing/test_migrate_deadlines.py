"""Issue 11.3: the deadlines already running when licensing moved onto kernel obligations (migration 0004).

The rows are made in the old shape (written with their own ledger entries, no obligation), then the
forward function runs on them, as django-test-migrations is not installed.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps as live_apps
from django.utils import timezone

from shouhu.core import ledger, workdays
from shouhu.core.models import AuditEntry
from shouhu.core.services import create_record
from shouhu.licensing import migrate_deadlines
from shouhu.licensing.events import LicensingAction as A
from shouhu.licensing.models import Application, ChecklistItem, Rectification, Verification
from shouhu.workflow.obligations.models import Obligation

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_rows(principal_a, city_reviewer, ent_a):
    accepted = date(2026, 11, 2)
    app = create_record(
        actor=principal_a,
        enterprise_id=ent_a.pk,
        action=A.APPLICATION_CREATE,
        instance=Application(
            enterprise=ent_a,
            kind="new",
            status="accepted",
            site_address="长沙市岳麓区某路1号",
            site_division_code=ent_a.division_code,
            submitted_on=accepted,
            accepted_on=accepted,
            decision_due_on=workdays.add_working_days(accepted, 15),  # 10 + an extension of 5
        ),
    )
    decided = create_record(  # decided already: nothing is owed
        actor=principal_a,
        enterprise_id=ent_a.pk,
        action=A.APPLICATION_CREATE,
        instance=Application(
            enterprise=ent_a,
            kind="new",
            status="approved",
            site_address="长沙市岳麓区某路2号",
            site_division_code=ent_a.division_code,
            accepted_on=accepted,
            decision_due_on=workdays.add_working_days(accepted, 10),
        ),
    )
    ver = create_record(
        actor=city_reviewer,
        enterprise_id=ent_a.pk,
        action=A.VERIFICATION_CREATE,
        instance=Verification(
            enterprise=ent_a,
            application=app,
            purpose="licensing",
            rules_as_of=accepted,
            task_received_on=date(2026, 11, 20),
            due_on=workdays.add_working_days(date(2026, 11, 20), 10),
            profiles=[{"category": "3001", "variety": "婴幼儿谷物辅助食品"}],
        ),
    )
    item = create_record(
        actor=city_reviewer,
        enterprise_id=ent_a.pk,
        action=A.CHECKLIST_GENERATE,
        instance=ChecklistItem(
            verification=ver,
            position=1,
            rule_id="xize.art1",
            part="一",
            title="项目",
            text="要求",
            citation="《细则》",
            products=["3001:婴幼儿谷物辅助食品"],
        ),
    )
    rects = [
        create_record(
            actor=city_reviewer,
            enterprise_id=ent_a.pk,
            action=A.RECTIFICATION_CREATE,
            instance=Rectification(
                enterprise=ent_a,
                verification=ver,
                item=item,
                finding="问题",
                citation="《细则》第一条",
                due_on=date(2026, 12, 31),
                state=state,
            ),
        )
        for state in ("open", "closed")
    ]
    return app, decided, ver, rects


def test_running_deadlines_become_obligations_due_the_same_day_with_a_ledger_entry(old_rows, ent_a):
    app, decided, ver, (rec, closed) = old_rows
    counts = migrate_deadlines.forward(live_apps)
    assert counts == {"decision": 1, "verification": 1, "rectification": 1}
    dec = Obligation.objects.get(kind="licensing.decision")
    assert dec.subject_id == str(app.pk) and dec.subject_type.model == "application"
    assert (dec.unit, dec.amount, dec.provisional) == ("working_days", 15, False)
    assert timezone.localtime(dec.due_at).date() == app.decision_due_on
    assert dec.owner_kind == "office" and dec.owner_division == ent_a.division_code and dec.status == "open"
    assert dec.rule_id == "decision.deadline-working-days" and dec.citation.startswith("《")
    v = Obligation.objects.get(kind="licensing.verification")
    assert v.subject_id == str(ver.pk) and timezone.localtime(v.due_at).date() == ver.due_on
    assert (v.unit, v.amount) == ("working_days", 10)
    r = Obligation.objects.get(kind="licensing.rectification")
    assert r.subject_id == str(rec.pk) and timezone.localtime(r.due_at).date() == rec.due_on
    assert r.owner_kind == "role" and r.owner_role == "principal" and r.rule_id == "xize.art1"
    assert not Obligation.objects.filter(kind="licensing.decision", subject_id=str(decided.pk)).exists()
    assert not Obligation.objects.filter(kind="licensing.rectification", subject_id=str(closed.pk)).exists()
    for ob, row in ((dec, app), (v, ver), (r, rec)):
        entry = AuditEntry.objects.get(object_type="obligations.Obligation", object_id=str(ob.pk))
        assert entry.action == "obligations.obligation.create"
        assert entry.reason == f"迁移自 {row._meta.label}:{row.pk}"
        assert entry.chain.enterprise_id == ent_a.pk
    # the licensing rows are untouched, the chains verify, every row matches its entries
    assert Application.objects.get(pk=app.pk).decision_due_on == app.decision_due_on
    _n, problems = ledger.verify()
    assert problems == []
    entries = AuditEntry.objects.count()
    assert migrate_deadlines.forward(live_apps) == {"decision": 0, "verification": 0, "rectification": 0}
    assert AuditEntry.objects.count() == entries
    migrate_deadlines.backward(live_apps)
    assert Obligation.objects.filter(kind__startswith="licensing.").count() == 3
