"""Inspection pages with the Django client: the on-site page on a phone, the regulator's list, the
enterprise's page, the public page (published only after signatures) and the 结果记录表."""

from __future__ import annotations

import pytest
from django.test import Client

from shouhu.inspection import services
from shouhu.inspection.models import State

from .conftest import items_of, png, score_all

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_on_site_page_records_a_result_with_a_photo_and_refuses_a_pdf(world, inspection):
    c = _client(world.insp)
    page = c.get(f"/inspection/{inspection.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "企业记录概况" in html and "尚未建立风险管控清单" in html  # the panel
    item = items_of(inspection)[0]
    assert item.title in html and 'capture="environment"' in html
    draft = f'data-sh-draft="inspection-{inspection.pk}-{item.pk}"'  # kept in the browser until stored
    assert draft in html
    photo = ("drain.png", png(), "image/png")
    from django.core.files.uploadedfile import SimpleUploadedFile

    resp = c.post(
        f"/inspection/{inspection.pk}/",
        {
            "action": "result",
            "item_id": item.item_id,
            "result": "fail",
            "note": "地面积水",
            "photo": SimpleUploadedFile(*photo),
        },
    )
    assert resp.status_code == 302
    html = c.get(f"/inspection/{inspection.pk}/").content.decode()
    assert "地面积水" in html and "检查中" in html
    assert f'data-sh-draft-done="inspection-{inspection.pk}-{item.pk}"' in html and draft not in html
    bad = c.post(
        f"/inspection/{inspection.pk}/",
        {
            "action": "result",
            "item_id": items_of(inspection)[1].item_id,
            "result": "pass",
            "photo": SimpleUploadedFile("x.png", b"%PDF-1.4 fake", "image/png"),
        },
        follow=True,
    )
    assert "照片须为 JPEG 或 PNG 图片" in bad.content.decode()


def test_lists_public_page_and_enterprise_page(world, inspection):
    score_all(world, inspection, fail=(items_of(inspection, key=False)[0].item_id,))
    services.inspection_conclude(actor=world.insp, inspection=inspection.pk)
    regulator = _client(world.insp)
    listing = regulator.get("/inspection/?state=awaiting_signature").content.decode()
    assert inspection.number in listing and world.a.name in listing
    public = Client().get("/inspection/results/").content.decode()
    assert world.a.name not in public  # not before the signatures and the publication
    ent = _client(world.principal)
    own = ent.get("/inspection/enterprise/").content.decode()
    assert inspection.number in own and "张贴" in own and "整改" in own
    assert ent.post(f"/inspection/{inspection.pk}/", {"action": "sign"}).status_code == 302
    services.inspection_sign(actor=world.insp, inspection=inspection.pk)
    services.inspection_sign(actor=world.insp2, inspection=inspection.pk)
    regulator.post(f"/inspection/{inspection.pk}/", {"action": "publish"})
    from shouhu.inspection.models import Inspection

    assert Inspection.objects.get(pk=inspection.pk).state == State.PUBLISHED
    public = Client().get("/inspection/results/").content.decode()
    assert world.a.name in public and "基本符合" in public
    record = regulator.get(f"/inspection/{inspection.pk}/record.pdf?format=html").content.decode()
    assert "监督检查结果记录表" in record and "王厂长" in record
