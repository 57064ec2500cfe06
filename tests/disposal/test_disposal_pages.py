"""The pages a user sees: the regulator's list with overdue duties first, the case page with its duties,
forms for whoever answers next, and the timeline; an enterprise answers a duty from its phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from shouhu.disposal import selectors, services
from shouhu.workflow.obligations.models import Obligation

from .conftest import fail

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_regulator_sees_the_case_with_its_overdue_duty_and_the_nav_link(world):
    case = fail(world)
    serve = selectors.case_duties(case)["serve"]
    Obligation.objects.filter(pk=serve.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    page = client(world.insp).get("/disposal/?overdue=1").content.decode()
    assert case.number in page and 'data-testid="overdue-count">1<' in page
    assert 'href="/disposal/"' in page  # the navigation
    assert case.number not in client(world.insp_b).get("/disposal/").content.decode()


def test_enterprise_answers_a_duty_on_the_case_page_and_the_timeline_shows_it(world):
    case = fail(world)
    services.case_serve(actor=world.insp, case=case.pk)
    c = client(world.principal)
    page = c.get(f"/disposal/{case.pk}/").content.decode()
    assert "封存库存" in page and 'name="cause"' in page and "申请复检或提出异议" in page
    assert 'data-testid="serve"' not in page  # the regulator's forms are not the enterprise's
    r = c.post(f"/disposal/{case.pk}/do/duty/", {"duty": "seal", "note": "已封存 120 盒"})
    assert r.status_code == 302 and selectors.case_duties(case)["seal"].state == "done"
    r = c.post(f"/disposal/{case.pk}/do/duty/", {"duty": "stop", "note": ""}, follow=True)
    assert "请说明履行情况" in r.content.decode() and selectors.case_duties(case)["stop"].is_running
    timeline = client(world.insp).get(f"/disposal/{case.pk}/").content.decode()
    assert "启动核查处置" in timeline and "送达不合格检验结论" in timeline and "已封存 120 盒" in timeline
