"""The on-site page works with the network off (issue 26 point 4): opened online it is kept by the service
worker; offline the inspector scores items (kept in the outbox, shown as waiting), reloads the page offline,
goes online, and every result is on the server exactly once — also when the first answers never reached
the phone and the outbox sends everything again."""

from __future__ import annotations

import factories as t
import pytest

from shouhu.core.roles import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _world():
    from shouhu.inspection import services
    from shouhu.workflow.checklists.models import TemplateItem

    a = t.make_enterprise(t.COUNTY, name="岳麓禾苗食品有限公司")
    t.make_licence(a)
    t.make_product(a, category="3001", name="婴幼儿营养米粉")
    one = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="off_one", password="off-pass-12345")
    two = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="off_two")
    inspection = services.inspection_create(actor=one, enterprise_id=a.pk, inspector_ids=[one.pk, two.pk])
    items = list(TemplateItem.objects.filter(template_id=inspection.template_id).order_by("position")[:3])
    return inspection, items


def _results(inspection):
    from shouhu.workflow.checklists.models import ItemResult

    return list(ItemResult.objects.filter(run=inspection.run).values_list("item__item_id", "result", "note"))


def _score_offline(s, inspection, items):
    page = s.page
    page.goto(f"{s.base_url}/inspection/{inspection.pk}/")
    page.wait_for_selector("[data-sh-offline-page][data-sh-offline-ready=true]")
    s.context.set_offline(True)
    for n, item in enumerate(items):
        form = page.locator(f"form[data-sh-offline-key='item-{item.pk}']")
        form.locator("input[value=fail]" if n == 0 else "input[value=pass]").check()
        form.locator("input[name=note]").fill(f"离线记录{n}")
        form.locator("button").click()
        page.wait_for_selector(f"form[data-sh-offline-key='item-{item.pk}'][hidden]", state="attached")
    assert page.locator("[data-testid=outbox-entry][data-state=waiting]").count() == len(items)
    page.reload()  # no network: the kept page, with the waiting entries marked
    page.wait_for_selector("[data-testid=offline-status][data-state=offline]")
    assert page.locator("[data-testid=queued]").count() == len(items)
    assert _results(inspection) == []


def test_scored_offline_syncs_exactly_once(browsing):
    inspection, items = _world()
    s = browsing()
    s.context.set_default_timeout(60_000)  # a shared, loaded CI machine
    s.login("off_one", "off-pass-12345")
    _score_offline(s, inspection, items)
    with s.page.expect_navigation():  # everything stored: the page reloads from the server
        s.context.set_offline(False)
    s.page.wait_for_selector("[data-testid=offline-status][data-state=synced]")
    got = sorted(_results(inspection))
    assert len(got) == len(items) and {r[0] for r in got} == {i.item_id for i in items}
    assert {r[2] for r in got} == {f"离线记录{n}" for n in range(len(items))}


def test_lost_answers_are_sent_again_without_duplicates(browsing):
    inspection, items = _world()
    s = browsing()
    s.context.set_default_timeout(60_000)  # a shared, loaded CI machine
    s.login("off_one", "off-pass-12345")
    _score_offline(s, inspection, items)
    lost = []

    def deaf(route):  # the server stores the entry, the phone never hears the answer
        if route.request.method == "POST" and route.request.headers.get("x-shouhu-offline") == "1":
            route.fetch()
            lost.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    s.context.route("**/inspection/*/", deaf)
    s.context.set_offline(False)
    s.page.wait_for_function(
        "Number(document.querySelector('[data-sh-offline-page]').dataset.shOfflineSynced) >= 1"
    )
    assert lost and len(_results(inspection)) >= 1
    assert s.page.locator("[data-testid=outbox-entry]").count() >= 1  # still waiting: nothing was confirmed
    s.context.unroute("**/inspection/*/", deaf)
    with s.page.expect_navigation():
        s.page.click("[data-sh-offline-now]")  # sync again: every entry once more
    got = _results(inspection)
    assert len(got) == len(items) and len({r[0] for r in got}) == len(items)
