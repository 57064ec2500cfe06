"""Issue 15 point 5, in pages: on a recall's page the enterprise notifies customers, records recovered
quantities, reports to the regulator and completes with the closing report — the services the API calls."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factories as t
import pytest
from django.urls import reverse

from shouhu.production import services
from shouhu.production.models import Batch
from shouhu.trace import services as recall
from shouhu.trace.models import RecallStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def rc(principal_a, ent_a, product, rice, supplier, staff):
    lot = t.make_lot(rice, supplier, quantity=100, code="RICE-P")
    b = t.make_batch(product, number="RP-1")
    services.batch_consume(
        actor=principal_a, batch=b, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
    )
    services.batch_complete(actor=principal_a, batch=b, quantity=100)
    Batch.objects.filter(pk=b.pk).update(status="released", released_on=date.today())
    cust = services.customer_create(
        actor=principal_a, enterprise=ent_a, name="经销商丙", kind="distributor", contact="1"
    )
    services.shipment_create(actor=principal_a, batch=b, customer=cust, quantity=60, shipped_on=date.today())
    return recall.recall_start(actor=principal_a, level=2, reason="标签错误", batch=b)


def act(client, rc, action, **data):
    return client.post(reverse("trace:recall-action", args=[rc.pk, action]), data, follow=True)


def test_the_enterprise_runs_its_recall_from_the_page(client, principal_a, county_inspector, rc):
    item = rc.items.get(shipment__isnull=False)
    client.force_login(principal_a)
    page = client.get(reverse("trace:recall", args=[rc.pk])).content.decode()
    assert f'data-testid="notify-{item.pk}"' in page and 'data-testid="recall-report"' in page

    assert "已通知购货者" in act(client, rc, "notify", item=item.pk).content.decode()
    assert "已登记召回数量" in act(client, rc, "recover", item=item.pk, quantity="50").content.decode()
    over = act(client, rc, "recover", item=item.pk, quantity="11").content.decode()  # 10 outstanding
    assert "召回数量超过涉及数量" in over
    assert "召回数量须为数字" in act(client, rc, "recover", item=item.pk, quantity="abc").content.decode()
    item.refresh_from_db()
    assert item.notified_at is not None and item.recovered == Decimal(50)
    assert "已向监管部门报告召回" in act(client, rc, "report").content.decode()
    missing = act(client, rc, "complete", disposal="销毁", place="", rectification="换标签").content.decode()
    rc.refresh_from_db()
    assert "处理地点" in missing and rc.status == RecallStatus.IN_PROGRESS
    done = act(client, rc, "complete", disposal="销毁", place="无害化处理间", rectification="更换标签供应商")
    rc.refresh_from_db()
    assert "已完成召回并提交总结报告" in done.content.decode() and rc.reported_at is not None
    assert (rc.status, rc.disposal_place) == (RecallStatus.COMPLETED, "无害化处理间")
    assert 'data-testid="enterprise-actions"' not in done.content.decode()  # closed: no more writes offered

    client.force_login(county_inspector)  # the regulator sees the closing report, not the enterprise's forms
    page = client.get(reverse("trace:recall", args=[rc.pk])).content.decode()
    assert (
        "无害化处理间" in page and 'data-testid="recall-accept"' in page and "enterprise-actions" not in page
    )


def test_an_item_of_another_recall_and_a_regulator_write_nothing(client, principal_a, county_inspector, rc):
    item = rc.items.get(shipment__isnull=False)
    other = recall.recall_start(actor=principal_a, level=3, reason="其他", batch=item.batch)
    client.force_login(principal_a)
    assert "未找到" in act(client, other, "recover", item=item.pk, quantity="1").content.decode()
    client.force_login(county_inspector)
    act(client, rc, "recover", item=item.pk, quantity="1")
    act(client, rc, "notify", item=item.pk)
    act(client, rc, "report")
    item.refresh_from_db()
    rc.refresh_from_db()
    assert (item.recovered, item.notified_at, rc.reported_at) == (Decimal(0), None, None)
