"""Sales supervision (issue 34): a sweep tied to shops, findings on the seller, a platform request with its
deadline and answer, escalation of a repeater, evasion signals, seller inspection on the kernel, and the
bad inputs (unknown columns, a shop claimed twice, a request without findings) refused with nothing written."""

from __future__ import annotations

import factories as t
import pytest

from shouhu.core.errors import Conflict, NotFound, ValidationFailed
from shouhu.core.roles import Role
from shouhu.labelstore.services import label_sweep_create
from shouhu.sales import services
from shouhu.sales.models import (
    EvasionSignal,
    ListingMatch,
    PlatformRequest,
    RequestStatus,
    Shop,
    SignalKind,
    SweepLink,
)
from shouhu.workflow.obligations.models import Obligation
from shouhu.workflow.publication.models import Clue

HEADER = "id,title,店铺ID,平台,经营主体,发货地\n"
ROWS = [
    "L1,婴儿米粉 增强免疫力 预防感冒,S100,优选商城,长沙好宝贝母婴商行,湖南省长沙市岳麓区",
    "L2,婴儿米粉 原味,S100,优选商城,长沙好宝贝母婴商行,浙江省杭州市余杭区",
    "L3,婴幼儿面条 治疗腹泻,S200,优选商城,无名贸易,湖南省长沙市岳麓区",
    "L4,辅食果泥,S300,快购,长沙好宝贝母婴商行,湖南省长沙市岳麓区",
]


@pytest.fixture
def world(db):
    insp = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_sales")
    other = t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="insp_sales_b")
    owner = t.make_user(Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="p_sales")
    p1 = services.platform_create(actor=insp, name="优选商城", operator="优选网络科技有限公司",
                                  registration_no="ICP-001", division_code="330110", contact="张三",
                                  contact_channel="takedown@youxuan.example")  # fmt: skip
    p2 = services.platform_create(actor=insp, name="快购", operator="快购科技有限公司", registration_no="ICP-002",
                                  division_code="440305", contact="李四", contact_channel="0755-1234")  # fmt: skip
    seller = services.seller_create(actor=insp, name="长沙好宝贝母婴商行", permit_kind="licence",
                                    permit_no="JY14301040000001", address="长沙市岳麓区麓山南路8号",
                                    division_code=t.COUNTY)  # fmt: skip
    shop = services.shop_create(actor=insp, platform=p1, shop_id="S100", name="好宝贝旗舰店",
                                division_code=t.COUNTY, operator_name="长沙好宝贝母婴商行",
                                registered_address="湖南省长沙市岳麓区麓山南路8号", seller=seller)  # fmt: skip
    return locals()


def _sweep(actor, capture, text):
    with capture(execute=True):
        return label_sweep_create(actor=actor, filename="listings.csv", data=text.encode())


def _linked(w, capture, rows=ROWS):
    sweep = _sweep(w["insp"], capture, HEADER + "\n".join(rows) + "\n")
    sweep.refresh_from_db()
    with capture(execute=True):
        link = services.sweep_link_start(actor=w["insp"], sweep=sweep)
    link.refresh_from_db()
    return sweep, link


def test_a_sweep_is_tied_to_shops_and_findings_accumulate_on_the_seller(
    world, django_capture_on_commit_callbacks
):
    _sweep_obj, link = _linked(world, django_capture_on_commit_callbacks)
    assert link.status == "done" and link.matched == 4 and link.shops_created == 2
    on_shop = ListingMatch.objects.filter(shop=world["shop"])
    assert on_shop.count() == 2 and on_shop.filter(finding_count__gt=0).exists()
    from shouhu.sales import selectors

    row = selectors.seller_list(world["insp"]).get(pk=world["seller"].pk)
    assert row.flagged >= 1 and row.sweeps_flagged == 1
    # tenancy: another county's inspector sees none of it
    assert not selectors.seller_list(world["other"]).exists()
    with pytest.raises(NotFound):
        selectors.shop_get(world["other"], world["shop"].pk)
    assert not selectors.seller_list(world["owner"]).exists()


def test_evasion_signals_are_flagged_with_evidence(world, django_capture_on_commit_callbacks):
    _linked(world, django_capture_on_commit_callbacks)
    kinds = set(EvasionSignal.objects.values_list("shop__shop_id", "kind"))
    assert ("S200", SignalKind.OPERATOR_UNKNOWN) in kinds  # 无名贸易 is no registered seller
    assert ("S100", SignalKind.DIVISION_MISMATCH) in kinds  # ships from 余杭区
    assert ("S300", SignalKind.SHARED_OPERATOR) in kinds  # the same entity on two platforms
    sig = EvasionSignal.objects.get(shop__shop_id="S100", kind=SignalKind.DIVISION_MISMATCH)
    assert sig.evidence["places"][0]["division"] == "330110"
    with pytest.raises(ValidationFailed):
        services.signal_review(actor=world["insp"], signal=sig, confirmed=True, note=" ")
    done = services.signal_review(actor=world["insp"], signal=sig, confirmed=False, note="仓库在杭州，已备案")
    assert done.status == "dismissed"


def test_unknown_columns_are_refused_with_the_expected_ones_or_mapped(
    world, django_capture_on_commit_callbacks
):
    sweep = _sweep(world["insp"], django_capture_on_commit_callbacks, "id,title,店号\nL1,婴儿米粉,S100\n")
    sweep.refresh_from_db()
    with pytest.raises(ValidationFailed) as exc:
        services.sweep_link_start(actor=world["insp"], sweep=sweep)
    assert "店铺ID" in exc.value.message_zh and "店号" in exc.value.message_zh
    assert "shop_id" in exc.value.details["expected"]
    with pytest.raises(ValidationFailed):
        services.sweep_link_start(actor=world["insp"], sweep=sweep, columns={"shop_id": "不存在的列"})
    assert not SweepLink.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        link = services.sweep_link_start(actor=world["insp"], sweep=sweep, columns={"shop_id": "店号"})
    link.refresh_from_db()
    assert link.matched == 1  # S100 is unique across platforms


def test_a_shop_claimed_by_two_sellers_is_refused(world):
    w = world
    rival = services.seller_create(actor=w["insp"], name="另一家母婴店", permit_kind="filing",
                                   permit_no="YB14301040000002", address="岳麓区", division_code=t.COUNTY)  # fmt: skip
    with pytest.raises(Conflict):
        services.shop_claim(actor=w["insp"], shop=w["shop"], seller=rival, reason="平台资料")
    assert Shop.objects.get(pk=w["shop"].pk).seller_id == w["seller"].pk


def test_a_request_without_findings_is_refused_and_one_with_findings_has_a_deadline(
    world, django_capture_on_commit_callbacks
):
    w = world
    with pytest.raises(ValidationFailed):
        services.request_send(actor=w["insp"], shop=w["shop"])
    assert not PlatformRequest.objects.exists() and not Obligation.objects.exists()
    _linked(w, django_capture_on_commit_callbacks)
    req = services.request_send(actor=w["insp"], shop=w["shop"])
    assert req.findings and req.findings[0]["findings"][0]["cite"]
    ob = Obligation.objects.get(pk=req.obligation_id)
    assert ob.owner_party == "优选商城" and ob.due_at == req.due_at and "第六十二条" in ob.citation
    with pytest.raises(NotFound):
        services.request_send(actor=w["other"], shop=w["shop"])
    # escalation needs a repeat (threshold 2): one request, one sweep → refused
    with pytest.raises(ValidationFailed):
        services.seller_escalate(actor=w["insp"], seller=w["seller"], request=req)
    done = services.request_answer(actor=w["insp"], request=req, answer_kind="removed", answer="已下架 L1")
    assert done.status == RequestStatus.ANSWERED
    with pytest.raises(Conflict):
        services.request_answer(actor=w["insp"], request=done, answer_kind="removed", answer="again")
    services.request_send(actor=w["insp"], shop=w["shop"], kind="correction")
    clue_id = services.seller_escalate(actor=w["insp"], seller=w["seller"])
    assert Clue.objects.get(pk=clue_id).source == "sales.repeat"


def test_seller_inspection_runs_on_the_kernel(world):
    from shouhu.workflow.checklists.models import TemplateItem
    from shouhu.workflow.checklists.services import result_record
    from shouhu.workflow.findings.models import Finding, Rectification

    w = world
    insp = services.inspection_open(actor=w["insp"], seller=w["seller"])
    items = list(TemplateItem.objects.filter(template=insp.run.template))
    ids = {i.item_id for i in items}
    assert "sales.seller.incoming.certificate" in ids and "sales.seller.online.publicity" in ids
    assert all(i.citation for i in items)
    for i in items:
        failed = i.item_id == "sales.seller.incoming.ledger"
        result_record(actor=w["insp"], run=insp.run, item_id=i.item_id, result="fail" if failed else "pass")
    done = services.inspection_conclude(actor=w["insp"], inspection=insp)
    assert done.findings == 1 and done.result
    f = Finding.objects.get(rule_id="sales.seller.incoming.ledger")
    assert "第五十三条" in f.citation and Rectification.objects.filter(finding=f).exists()
