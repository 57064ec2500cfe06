"""What each party sees (issue 20: tenants never see each other's data except what the contract shares).

* 委托方 A: its agreement with qualification, audit findings, runs (the 受托方's batch numbers and release
  records of the contract batches only), labels and its reports to the regulator;
* 受托方 M: the same agreement, findings to answer and runs — but not A's reports to its regulator, and no
  batch of A's other business (nor A its other batches);
* A's regulator (Yuelu) and M's regulator (Zhuzhou): the agreement in their supervision table and page;
* stranger B and an inspector of another county: nothing (an empty table, 404 on the page).
"""

from __future__ import annotations

import factories as t
import pytest

from shouhu.contract import selectors, services

from .conftest import approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    w = world
    ag = approved(w)
    run = services.run_record(
        actor=w["mqa"], agreement=ag, batch_id=t.make_batch(w["product"], number="WT-001").pk
    )
    t.make_batch(w["product"], number="M-OWN-9")  # M's batch not declared under the contract
    return w, ag, run


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_each_party_and_regulator_sees_exactly_its_share(client, shared):
    w, ag, _run = shared
    url = f"/contract/{ag.pk}/"
    principal = _page(client, w["ap"], url).content.decode()
    assert "WT-001" in principal and "M-OWN-9" not in principal
    assert "向监管部门报告委托生产" in principal  # its report duty
    manufacturer = _page(client, w["mqa"], url).content.decode()
    assert "WT-001" in manufacturer and "更衣室洗手设施不足" in manufacturer  # the finding it must put right
    assert "向监管部门报告委托生产" not in manufacturer  # A's reports are not M's business
    assert selectors.detail(w["mqa"], ag.pk)["side"] == "manufacturer"
    assert {o.kind for o in selectors.detail(w["mqa"], ag.pk)["duties"]}.isdisjoint(selectors.REPORT_KINDS)
    for insp in ("insp_a", "insp_m"):
        page = _page(client, w[insp], url)
        assert page.status_code == 200 and "WT-001" in page.content.decode()
        table = _page(client, w[insp], "/contract/supervise/").content.decode()
        assert w["a"].name in table and w["m"].name in table
    for outsider in ("bp", "insp_x"):
        assert _page(client, w[outsider], url).status_code == 404
        assert not selectors.agreement_list(w[outsider]).exists()
    assert w["a"].name not in _page(client, w["insp_x"], "/contract/supervise/").content.decode()
    assert w["m"].name not in _page(client, w["bp"], "/contract/").content.decode()


def test_pages_write_through_the_services_and_refuse_with_nothing_written(client, shared):
    w, ag, run = shared
    client.force_login(w["ap"])
    resp = client.post(f"/contract/{ag.pk}/release", {"run": run.pk, "release": "1"}, follow=True)
    assert "受托方尚未出厂放行该批次" in resp.content.decode()
    run.refresh_from_db()
    assert run.decision == "pending"
    client.force_login(w["bp"])
    assert (
        client.post(f"/contract/{ag.pk}/release", {"run": run.pk, "release": "0", "note": "x"}).status_code
        == 404
    )
    client.force_login(w["aoff"])  # an officer reads but does not decide
    assert (
        client.post(f"/contract/{ag.pk}/release", {"run": run.pk, "release": "0", "note": "x"}).status_code
        == 403
    )
    client.force_login(w["mqa"])  # the 受托方 may not decide for the 委托方
    client.post(f"/contract/{ag.pk}/release", {"run": run.pk, "release": "0", "note": "x"})
    run.refresh_from_db()
    assert run.decision == "pending"
    client.force_login(w["ap"])
    client.post(f"/contract/{ag.pk}/release", {"run": run.pk, "release": "0", "note": "感官检验不合格"})
    run.refresh_from_db()
    assert run.decision == "rejected"


def test_home_lists_both_sides_and_regulators_are_sent_to_supervision(client, shared):
    w, _ag, _run = shared
    assert w["m"].name in _page(client, w["ap"], "/contract/").content.decode()
    assert w["a"].name in _page(client, w["mp"], "/contract/").content.decode()
    assert _page(client, w["insp_a"], "/contract/").status_code == 302
