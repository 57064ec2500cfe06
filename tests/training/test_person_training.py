"""Issue 15 point 6, now training's (issue 23.4): the enterprise records its staff's training in a page (a
session with one attendee), the registry home page's prompt ("请安排培训并登记") links to that form through
`core.hooks.person_training`, and the page shows the person's hours this year."""

from __future__ import annotations

from datetime import timedelta

import factories as t
import pytest
from django.urls import reverse

from shouhu.core import ledger
from shouhu.core.regulation import today
from shouhu.core.roles import Role
from shouhu.training.models import TrainingSession

pytestmark = pytest.mark.django_db


def test_home_prompt_links_to_the_training_form_which_records_through_the_service(client, principal_a, staff):
    person = staff[0]
    client.force_login(principal_a)
    url = reverse("training:person", args=[person.pk])
    home = client.get(reverse("home")).content.decode()
    assert "请安排培训并登记" in home and f'href="{url}"' in home

    page = client.get(url).content.decode()
    assert person.name in page and 'name="held_on"' in page and 'name="hours"' in page
    r = client.post(
        url,
        {"held_on": str(today()), "topic": "食品安全法规", "hours": "4", "provider": "区市场监管局"},
        follow=True,
    )
    assert (
        r.redirect_chain and "已登记培训记录" in r.content.decode() and "食品安全法规" in r.content.decode()
    )
    tr = TrainingSession.objects.get(attendees=person)
    assert tr.hours == 4 and tr.provider == "区市场监管局" and list(tr.attendees.all()) == [person]
    assert [e.action for e in ledger.history(tr)] == ["training.session.record"]
    assert f"{today().year} 年已培训 4.0 学时" in r.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert f'href="{url}"' not in home  # trained now: the prompt for this person is gone


def test_bad_input_is_refused_inline_and_writes_nothing(client, principal_a, staff):
    client.force_login(principal_a)
    url = reverse("training:person", args=[staff[0].pk])
    future = str(today() + timedelta(days=3))
    r = client.post(url, {"held_on": future, "topic": "", "hours": "-1"})
    body = r.content.decode()
    assert r.status_code == 200 and body.count("invalid-feedback") == 3
    r = client.post(url, {"held_on": "2026-02-30", "topic": "x", "hours": "1"})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    assert not TrainingSession.objects.exists()


def test_another_enterprise_gets_404_and_a_role_without_the_permission_403(
    client, staff, ent_b, county_inspector
):
    url = reverse("training:person", args=[staff[0].pk])
    body = {"held_on": str(today()), "topic": "x", "hours": "1"}
    client.force_login(t.make_user(Role.PRINCIPAL, enterprise=ent_b, username="principal_b_tr"))
    assert client.get(url).status_code == 404 and client.post(url, body).status_code == 404
    client.force_login(county_inspector)  # sees A's people, may not record their training
    assert client.get(url).status_code == 403 and client.post(url, body).status_code == 403
    assert "登记培训记录" not in client.get(reverse("home")).content.decode()
    assert not TrainingSession.objects.exists()
