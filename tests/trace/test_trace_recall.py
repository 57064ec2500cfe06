"""Recall (召回, 第六十三条): scope from the trace, deadlines in working days from rule parameters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factories as t
import pytest

from shouhu.core import workdays
from shouhu.core.errors import NotFound, PermissionDenied, ValidationFailed
from shouhu.production import services
from shouhu.production.models import Batch
from shouhu.rules import engine
from shouhu.trace import selectors
from shouhu.trace import services as recall
from shouhu.trace.models import RecallStatus

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def shipped(principal_a, ent_a, product, rice, supplier, staff):
    lot = t.make_lot(rice, supplier, quantity=100, code="RICE-9")
    batches = []
    for i in range(3):
        b = t.make_batch(product, number=f"R{i}")
        services.batch_consume(
            actor=principal_a, batch=b, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
        )
        services.batch_complete(actor=principal_a, batch=b, quantity=100)
        batches.append(b)
    Batch.objects.filter(pk__in=[b.pk for b in batches]).update(status="released", released_on=date.today())
    cust = services.customer_create(
        actor=principal_a, enterprise=ent_a, name="经销商乙", kind="distributor", contact="1"
    )
    ships = [
        services.shipment_create(
            actor=principal_a, batch=b, customer=cust, quantity=60, shipped_on=date.today()
        )
        for b in batches[:2]
    ]
    services.return_create(
        actor=principal_a, shipment=ships[0], quantity=5, returned_on=date.today(), reason="x"
    )
    return lot, batches, ships


def test_scope_from_a_material_lot(principal_a, shipped):
    lot, _, _ = shipped
    started = datetime(2026, 9, 30, 9, 0, tzinfo=TZ)  # before the National Day holiday
    rc = recall.recall_start(actor=principal_a, level=1, reason="大米镉超标", lot=lot, started_at=started)
    assert [b["number"] for b in rc.scope["batches"]] == ["R0", "R1", "R2"]
    assert Decimal(rc.scope["shipped"]) == 120 and Decimal(rc.scope["outstanding"]) == 115
    assert Decimal(rc.scope["in_stock"]) == 40 + 40 + 100
    items = list(rc.items.all())
    assert sum(i.quantity for i in items) == 115 + 180
    value = engine(started.date()).parameter("recall.level-1").value
    assert rc.plan_due_at == started + timedelta(hours=value["start_hours"])
    assert rc.finish_due_on == workdays.add_working_days(started.date(), value["finish_working_days"])
    assert rc.finish_due_on > started.date() + timedelta(
        days=value["finish_working_days"]
    )  # holidays skipped
    assert "召回" in rc.deadline_source and "recall.level-1" in rc.deadline_source


def test_levels_have_their_own_deadlines(principal_a, shipped):
    _, batches, _ = shipped
    started = datetime(2026, 11, 2, 9, tzinfo=TZ)
    r1 = recall.recall_start(actor=principal_a, level=1, reason="a", batch=batches[0], started_at=started)
    r3 = recall.recall_start(actor=principal_a, level=3, reason="标签", batch=batches[0], started_at=started)
    assert r3.plan_due_at - r1.plan_due_at == timedelta(hours=48)
    assert r3.finish_due_on > r1.finish_due_on
    assert r1.number != r3.number


def test_progress_report_and_regulator_side(principal_a, county_inspector, officer_b, shipped):
    _, batches, _ = shipped
    rc = recall.recall_start(actor=principal_a, level=2, reason="标签错误", batch=batches[0])
    item = rc.items.filter(shipment__isnull=False).get()
    recall.recall_notify(actor=principal_a, item=item)
    recall.recall_recover(actor=principal_a, item=item, quantity=50)
    with pytest.raises(ValidationFailed):
        recall.recall_recover(actor=principal_a, item=item, quantity=6)  # 55 outstanding
    recall.recall_report(actor=principal_a, recall=rc)
    assert selectors.recall_get(county_inspector, rc.pk).reported_at is not None
    with pytest.raises(NotFound):
        selectors.recall_get(officer_b, rc.pk)
    with pytest.raises(PermissionDenied):
        recall.recall_supervise(actor=principal_a, recall=rc, note="x")
    recall.recall_supervise(actor=county_inspector, recall=rc, note="已现场核查召回产品处置")
    done = recall.recall_complete(
        actor=principal_a,
        recall=rc,
        disposal="销毁",
        place="厂区无害化处理间",
        rectification="更换标签供应商",
    )
    assert done.status == RecallStatus.COMPLETED and done.regulator_note.startswith("已现场")


def test_recall_needs_the_right_role_and_an_origin(officer_a, principal_a, shipped, rice, supplier):
    _, batches, _ = shipped
    with pytest.raises(PermissionDenied):
        recall.recall_start(actor=officer_a, level=1, reason="x", batch=batches[0])
    with pytest.raises(ValidationFailed):
        recall.recall_start(actor=principal_a, level=1, reason="x")
    with pytest.raises(ValidationFailed):
        recall.recall_start(actor=principal_a, level=4, reason="x", batch=batches[0])
    unused = t.make_lot(rice, supplier, quantity=1)
    with pytest.raises(ValidationFailed) as exc:
        recall.recall_start(actor=principal_a, level=1, reason="x", lot=unused)
    assert "第六十三条" in exc.value.details["cite"]


def test_recall_page_for_enterprise_and_regulator(principal_a, county_inspector, officer_b, shipped):
    from django.test import Client

    _, batches, _ = shipped
    rc = recall.recall_start(actor=principal_a, level=1, reason="菌落总数超标", batch=batches[0])
    recall.recall_report(actor=principal_a, recall=rc)
    c = Client()
    c.force_login(county_inspector)
    html = c.get("/trace/recalls/").content.decode()
    assert rc.number in html and "菌落总数超标" in html
    c.force_login(officer_b)
    assert rc.number not in c.get("/trace/recalls/").content.decode()
