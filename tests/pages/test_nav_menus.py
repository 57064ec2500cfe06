"""The bar groups a role's links into menus (as the apps grow it must still fit): a menu of one is a link."""

from __future__ import annotations

import factories as t
import pytest
from django.test import Client

from shouhu.core.nav import links_for
from shouhu.core.roles import Role

pytestmark = pytest.mark.django_db


def _labels(entries) -> list[str]:
    return [str(e["label"]) for e in entries]


def test_an_inspector_gets_menus_and_every_link_once():
    inspector = t.make_user(Role.INSPECTOR, division_code=t.COUNTY)
    entries = links_for(inspector)
    menus = [e for e in entries if "links" in e]
    assert menus and all(len(m["links"]) >= 2 for m in menus)
    urls = [e["url"] for e in entries if "url" in e] + [x["url"] for m in menus for x in m["links"]]
    assert (
        len(urls) == len(set(urls)) or len(urls) - len(set(urls)) <= 1
    )  # the complaints inbox serves two roles
    assert len(entries) <= 9, _labels(entries)  # the bar of a regulator fits at 1024 px


def test_a_menu_of_one_is_a_plain_link(ent_a):
    principal = t.make_user(Role.PRINCIPAL, enterprise=ent_a)
    entries = links_for(principal)
    assert all("url" in e or len(e["links"]) >= 2 for e in entries)


def test_the_open_page_marks_its_menu_active():
    inspector = t.make_user(Role.INSPECTOR, division_code=t.COUNTY)
    c = Client()
    c.force_login(inspector)
    html = c.get("/sampling/").content.decode()
    bar = html.split('data-testid="main-nav"', 1)[1].split("</ul>", 1)[0]
    assert 'class="nav-link dropdown-toggle active"' in bar
    assert 'class="dropdown-item active" href="/sampling/"' in " ".join(bar.split())
