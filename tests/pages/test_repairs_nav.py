"""Issue 14.6: each role sees only the links it can open; every link of every role answers (no 403/404)."""

from __future__ import annotations

import re

import factories as t
import pytest
from django.test import Client

from shouhu.core.roles import Role

pytestmark = pytest.mark.django_db

ENTERPRISE_ROLES = {Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA, Role.INTEGRATION}


def _user(role, ent):
    if role in ENTERPRISE_ROLES:
        return t.make_user(role, enterprise=ent)
    return t.make_user(role, division_code="" if role == Role.PLATFORM_ADMIN else t.CITY)


def _nav(html: str) -> list[str]:
    block = html.split('data-testid="main-nav"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="([^"]+)"', block)


@pytest.mark.parametrize("role", list(Role))
def test_every_nav_link_of_every_role_opens(role, ent_a):
    c = Client()
    c.force_login(_user(role, ent_a))
    home = c.get("/")
    assert home.status_code == 200
    links = _nav(home.content.decode())
    assert links and "/" in links
    for url in links:
        r = c.get(url)
        assert r.status_code not in (403, 404) and r.status_code < 500, (role, url, r.status_code)


def test_reviewer_is_not_offered_the_sweep_and_the_inspector_is(ent_a):
    c = Client()
    c.force_login(t.make_user(Role.REVIEWER, division_code=t.CITY, username="changsha_reviewer"))
    assert "/labels/sweeps/" not in _nav(c.get("/").content.decode())
    assert c.get("/labels/sweeps/").status_code == 404
    c.force_login(t.make_user(Role.INSPECTOR, division_code=t.COUNTY))
    links = _nav(c.get("/").content.decode())
    assert any("sweeps" in u for u in links) and any("recalls" in u for u in links)
