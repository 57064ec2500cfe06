"""Issue 14.3/14.5 on licensing pages: unknown documents 404, long notes never 500, scoring deliberate."""

from __future__ import annotations

import pytest
from django.test import Client

from shouhu.licensing import services as svc
from shouhu.licensing.models import ItemScore

from .conftest import fill_application, full_trial_report, score_all, to_accepted

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def assigned(principal_a, ent_a, city_reviewer, inspectors):
    app = fill_application(principal_a, ent_a)
    full_trial_report(principal_a, app)
    to_accepted(app, principal_a, city_reviewer)
    ver = svc.verification_assign(actor=city_reviewer, application=app, inspectors=inspectors)
    return app, ver


def test_unknown_document_formats_are_404(assigned, city_reviewer):
    app, ver = assigned
    c = client(city_reviewer)
    assert c.get(f"/licensing/{app.pk}/report.docx").status_code == 404
    assert c.get(f"/licensing/verifications/{ver.pk}/record.docx").status_code == 404
    assert c.get(f"/licensing/{app.pk}/report.html").status_code == 200


def test_verification_page_has_no_fill_all_button_and_shows_each_act(assigned, inspectors):
    _, ver = assigned
    c = client(inspectors[0])
    html = c.get(f"/licensing/verifications/{ver.pk}/").content.decode()
    assert "fill-conform" not in html and "填为" not in html
    score_all(ver, inspectors[:1])
    html = client(inspectors[1]).get(f"/licensing/verifications/{ver.pk}/").content.decode()
    assert (
        'data-testid="score-act"' in html
        and "李核查" in html
        and "王核查" not in html.split("score-act", 1)[1][:200]
    )


def test_a_14000_character_note_is_refused_visibly_and_changes_nothing(assigned, inspectors):
    _, ver = assigned
    item = ver.items.filter(not_applicable=False).first()
    c = client(inspectors[0])
    r = c.post(
        f"/licensing/verifications/{ver.pk}/do/score/",
        {f"r_{item.pk}": "基本符合", f"n_{item.pk}": "很" * 14000},
        follow=True,
    )
    assert r.status_code < 500
    assert "超过 2000 字，未保存任何评分" in r.content.decode()
    assert not ItemScore.objects.filter(item=item).exists()


def test_an_invalid_conclusion_date_is_refused_visibly(assigned, inspectors):
    _, ver = assigned
    score_all(ver, inspectors)
    r = client(inspectors[0]).post(
        f"/licensing/verifications/{ver.pk}/do/conclude/",
        {"rectification_due_on": "202601-01-01"},
        follow=True,
    )
    assert r.status_code == 200 and "日期无效" in r.content.decode()


def test_record_pdf_with_a_long_unbroken_note_renders(assigned, inspectors, city_reviewer):
    _, ver = assigned
    item = ver.items.filter(not_applicable=False).first()
    ItemScore.objects.create(
        item=item, inspector=inspectors[0], result="基本符合", note="很" * 1900 + "x" * 100
    )
    r = client(city_reviewer).get(f"/licensing/verifications/{ver.pk}/record.pdf", follow=True)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
