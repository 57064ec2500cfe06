"""Issue 25 closing points: a drawn signature is a PNG evidence file printed on the 结果记录表; a system
inspection's item owners (only the owner or the lead scores an item); a manager spot-check exam started
from the visit page and linked both ways; the visit panel's release refusals, HACCP and clean-room lines."""

from __future__ import annotations

import base64

import factories as t
import pytest

from shouhu.core.errors import PermissionDenied, ServiceError
from shouhu.inspection import services
from shouhu.inspection.models import ExamLink, Member
from shouhu.workflow.checklists.models import Signature

from .conftest import items_of, nothing_written, png, score_all

pytestmark = pytest.mark.django_db


def _concluded(world, inspection):
    score_all(world, inspection)
    return services.inspection_conclude(actor=world.insp, inspection=inspection.pk)


def test_drawn_signature_is_png_evidence_on_the_record(world, inspection, client):
    _concluded(world, inspection)
    with nothing_written():
        for bad in (b"GIF89a-not-a-png", "data:image/jpeg;base64,AAAA", "***"):
            with pytest.raises(ServiceError) as exc:
                services.inspection_sign(actor=world.insp, inspection=inspection.pk, image=bad)
            assert exc.value.details["reason"] == "signature.image_invalid"
    url = "data:image/png;base64," + base64.b64encode(png()).decode()
    services.inspection_sign(actor=world.insp, inspection=inspection.pk, image=url, drawing="M1 1L5 5")
    sig = Signature.objects.select_related("image").get(signer=world.insp)
    assert sig.image.content_type == "image/png" and sig.image.enterprise_id == world.a.pk
    services.inspection_refusal(  # a refusal with a witness still stands in for the enterprise
        actor=world.insp2, inspection=inspection.pk, person_name="王厂长", note="拒签", witness_name="赵见证"
    )
    services.inspection_sign(actor=world.insp2, inspection=inspection.pk)  # no drawing: confirmed
    client.force_login(world.insp)
    html = client.get(f"/inspection/{inspection.pk}/record.pdf?format=html").content.decode()
    assert html.count('data-testid="signature-image"') == 1 and "data:image/png;base64," in html
    assert "赵见证" in html and "已签字" in html
    pdf = client.get(f"/inspection/{inspection.pk}/record.pdf", follow=True)
    if pdf.status_code == 200:  # WeasyPrint present: the drawn PNG is an image in the PDF
        assert pdf["Content-Type"] == "application/pdf" and b"/Image" in pdf.content


def test_sign_page_has_the_pad_and_a_png_field(world, inspection, client):
    _concluded(world, inspection)
    client.force_login(world.insp)
    page = client.get(f"/inspection/{inspection.pk}/").content.decode()
    assert 'name="drawing_png"' in page and "data-sh-signature-pad" in page
    assert "shouhu/signature.js" in page and "<script>" not in page


def _system(world):
    return services.inspection_create(
        actor=world.insp,
        enterprise_id=world.a.pk,
        inspector_ids=[world.insp.pk, world.insp2.pk],
        kind="system",
    )


def test_item_owners_score_their_items_and_only_the_lead_assigns(world, client):
    system = _system(world)
    items = items_of(system)
    haccp = [i for i in items if i.group == "haccp"]
    other = next(i for i in items if i.group != "haccp")
    with nothing_written():
        with pytest.raises(PermissionDenied) as exc:  # unassigned in a system inspection: the lead's
            services.result_record(
                actor=world.insp2, inspection=system.pk, item_id=other.item_id, result="pass"
            )
        assert exc.value.details["reason"] == "not_item_owner"
        with pytest.raises(PermissionDenied):  # only the lead assigns
            services.owners_assign(actor=world.insp2, inspection=system.pk, owners={"haccp": world.insp2.pk})
        with pytest.raises(ServiceError):  # not in the checklist
            services.owners_assign(actor=world.insp, inspection=system.pk, owners={"nowhere": world.insp2.pk})
        with pytest.raises(ServiceError):  # not on the team
            services.owners_assign(actor=world.insp, inspection=system.pk, owners={"haccp": world.insp3.pk})
    services.owners_assign(actor=world.insp, inspection=system.pk, owners={"haccp": world.insp2.pk})
    assert Member.objects.get(inspection=system, user=world.insp2).items == ["haccp"]
    services.result_record(actor=world.insp2, inspection=system.pk, item_id=haccp[0].item_id, result="pass")
    services.result_record(actor=world.insp, inspection=system.pk, item_id=haccp[1].item_id, result="pass")
    with nothing_written(), pytest.raises(PermissionDenied) as exc:
        services.result_record(
            actor=world.insp2, inspection=system.pk, item_id=other.item_id, result="fail", photo=png()
        )
    assert "张检查" in str(exc.value.message)  # the lead, who holds the unassigned item
    client.force_login(world.insp2)
    mine = client.get(f"/inspection/{system.pk}/?mine=1").content.decode()
    assert mine.count('data-testid="item"') == len(haccp)
    assert client.get(f"/inspection/{system.pk}/team/").status_code == 200
    client.force_login(world.insp)
    res = client.post(
        f"/inspection/{system.pk}/team/", {"owner:haccp": "", f"owner:{other.group}": world.insp2.pk}
    )
    assert res.status_code == 302
    assert Member.objects.get(inspection=system, user=world.insp2).items == [other.group]


def test_spot_check_exam_from_the_visit_page_is_linked_both_ways(world, inspection, client):
    from shouhu.core.system import SYSTEM
    from shouhu.training.services import bank_sync

    bank_sync(actor=SYSTEM)
    officer = t.make_person(world.a, role="officer", name="陈安全")
    elsewhere = t.make_person(t.make_enterprise(t.COUNTY, name="另一家食品公司"), role="officer")
    client.force_login(world.insp)
    with nothing_written():
        for who, pid in ((world.insp, elsewhere.pk), (world.insp3, officer.pk)):
            with pytest.raises(ServiceError):
                services.exam_start(actor=who, inspection=inspection.pk, person_id=pid)
    res = client.post(
        f"/inspection/{inspection.pk}/", {"action": "exam", "person_id": officer.pk}, follow=True
    )
    page = res.content.decode()
    link = ExamLink.objects.get(inspection=inspection)
    assert link.spot_check.person == officer and inspection.number in link.spot_check.context
    assert "一次性考试码" in page and "陈安全" in page and "/training/spot-checks/" in page
    back = client.get("/training/spot-checks/").content.decode()
    assert f"监督检查 {inspection.number}" in back


def test_panel_shows_release_refusals_and_deviation_lines(world, inspection, client):
    from shouhu.production.models import GateRefusal

    GateRefusal.objects.create(
        enterprise=world.a, gate="release", reason="hold", message="批次检验未合格，不得放行"
    )
    client.force_login(world.insp)
    page = client.get(f"/inspection/{inspection.pk}/").content.decode()
    for testid in ("panel-haccp", "panel-cleanroom", "panel-refusals"):
        assert f'data-testid="{testid}"' in page
    assert "批次检验未合格，不得放行" in page


def test_regulator_page_overdue_publications_and_most_failed_items(world, inspection, client):
    import datetime as dt

    from django.utils import timezone

    from shouhu.inspection import selectors
    from shouhu.workflow.obligations.models import Obligation

    failed = items_of(inspection, key=False)[0]
    score_all(world, inspection, fail=(failed.item_id,))
    done = services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    assert selectors.overdue_publications(world.insp) == []  # 20 working days ahead
    later = timezone.now() + dt.timedelta(days=40)
    assert [i.pk for i, _ in selectors.overdue_publications(world.insp, now=later)] == [done.pk]
    assert selectors.overdue_publications(world.insp_b, now=later) == []  # another county's
    duty = Obligation.objects.get(pk=done.publication_obligation_id)
    Obligation.objects.filter(pk=duty.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))  # time passed
    top = selectors.failing_items(world.insp)
    assert top[0]["item__item_id"] == failed.item_id and top[0]["n"] == 1
    client.force_login(world.insp)
    page = client.get("/inspection/").content.decode()
    assert 'data-testid="overdue"' in page and done.number in page
    assert failed.title in page and 'data-testid="state-awaiting_signature"' in page
