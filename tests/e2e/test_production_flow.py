"""Browser end-to-end, all in pages: a QA manager receives a lot (the intake form asks what the rules
require), produces a batch from it, enters its release tests, is refused release while one required item
is missing (the refusal names it and its citation), enters it, and releases — signed in their role."""

from __future__ import annotations

from datetime import date

import factories as t
import pytest

from shouhu.core.roles import Role
from shouhu.production import rulebook
from shouhu.production.models import Batch, BatchStatus, MaterialLot
from shouhu.workflow.checklists.models import Signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "e2e-pass-123456"


def go(page, target):
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def test_qa_receives_lot_produces_tests_is_refused_then_releases(browsing):
    ent = t.make_enterprise(t.COUNTY, name="岳麓端到端辅食有限公司")
    t.make_licence(ent)
    supplier = t.make_supplier(ent, name="湘米粮油有限公司")
    rice = t.make_material(ent, name="大米", code="RM-RICE", tags=["rice"], main=True)
    product = t.make_product(ent, name="婴幼儿营养米粉", category="3001")
    t.make_person(ent, name="李配料")
    t.make_person(ent, name="王复核")
    t.make_user(Role.QA, enterprise=ent, username="e2e_qa", password=PASSWORD, display_name="周质检")

    s = browsing()
    s.login("e2e_qa", PASSWORD)
    page, base = s.page, s.base_url

    # 1. receive a lot: the form lists the rule-declared intake items, each answered
    page.goto(f"{base}/production/lots/")
    go(page, "[data-testid=receive-lot]")
    page.select_option("#material", str(rice.pk))
    page.select_option("#supplier", str(supplier.pk))
    go(page, "[data-testid=pick]")
    form = page.locator("[data-testid=lot-form]")
    form.locator("#code").fill("LOT-E2E-1")
    form.locator("#quantity").fill("200")
    form.locator("#inspector").fill("周质检")
    for select in form.locator("[data-testid=intake-row] select").all():
        select.select_option("1")
    for field in form.locator("[data-testid=intake-row] input").all():
        name = field.get_attribute("name") or ""
        field.fill("0,0,0,0,0" if name.startswith("p") else "CERT-1")
    go(page, form.locator("button[type=submit]"))
    assert "已登记进货查验" in page.content(), page.inner_text("main")[:1500]
    lot = MaterialLot.objects.get(code="LOT-E2E-1")

    # 2. produce a batch from it
    page.goto(f"{base}/production/batches/")
    go(page, "[data-testid=new-batch]")
    page.select_option("#product", str(product.pk))
    page.fill("#id_number", "B-E2E-1")
    go(page, "[data-testid=batch-form] button[type=submit]")
    assert "批次已创建" in page.content()
    consume = page.locator("[data-testid=consume-form]")
    consume.locator("select[name=lot]").select_option(str(lot.pk))
    consume.locator("input[name=quantity]").fill("20")
    go(page, consume.locator("button"))
    assert "已登记配料" in page.content(), page.inner_text("main")[:1500]
    complete = page.locator("[data-testid=complete-form]")
    complete.locator("input[name=quantity]").fill("400")
    go(page, complete.locator("button"))
    batch = Batch.objects.get(number="B-E2E-1")
    assert batch.status == BatchStatus.PENDING

    # 3. enter every required test but the first, and the retention sample
    items = [i for i in rulebook.release_items(product.profile, batch.produced_on) if not i.optional]
    for item in items[1:]:
        tests = page.locator("[data-testid=test-form]")
        tests.locator("select[name=item]").select_option(item.rule_id)
        tests.locator("input[name=result]").fill("符合")
        tests.locator("input[name=tester]").fill("周质检")
        tests.locator("input[name=report_no]").fill("R-E2E-1")
        go(page, tests.locator("button"))
    retention = page.locator("[data-testid=retention-form]")
    retention.locator("input[name=quantity]").fill("4")
    go(page, retention.locator("button"))
    assert page.locator("[data-testid=release-gate] tr[data-state=missing]").count() == 1

    # 4. refused: the message names the missing item and its citation
    release = page.locator("[data-testid=release-form]")
    release.locator("input[name=certificate_no]").fill("HG-E2E-1")
    release.locator("input[name=report_no]").fill("R-E2E-1")
    go(page, release.locator("button"))
    text = page.inner_text("main")
    assert "出厂检验项目缺少合格结果" in text and f"{items[0].name}（{items[0].cite}）" in text
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PENDING

    # 5. enter it, release, signed
    tests = page.locator("[data-testid=test-form]")
    tests.locator("select[name=item]").select_option(items[0].rule_id)
    tests.locator("input[name=result]").fill("符合")
    tests.locator("input[name=tester]").fill("周质检")
    tests.locator("input[name=report_no]").fill("R-E2E-1")
    go(page, tests.locator("button"))
    assert page.locator("[data-testid=release-gate] tr[data-state=missing]").count() == 0
    release = page.locator("[data-testid=release-form]")
    release.locator("input[name=certificate_no]").fill("HG-E2E-1")
    release.locator("input[name=report_no]").fill("R-E2E-1")
    go(page, release.locator("button"))
    assert "批次已放行" in page.content()
    assert page.locator("[data-testid=signature]").count() == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RELEASED and batch.released_on == date.today()
    assert Signature.objects.get().signer.username == "e2e_qa"
