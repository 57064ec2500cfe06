"""Sales supervision (issue 34): a sweep tied to shops, findings on the seller, a platform request with its
deadline and answer, escalation of a repeater, evasion signals, seller inspection on the kernel, and the
bad inputs (unknown columns, a shop claimed twice, a request without findings) refused with nothing written."""

from __future__ import annotations

import factories as t
import pytest

from shouhu.core.errors import Conflict, NotFound, ValidationFailed
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

from .conftest import _linked, _sweep


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
