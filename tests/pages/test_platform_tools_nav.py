"""Issue 16.5: the platform admin's navigation links the API docs and (for staff) the Django admin; nobody
else sees them; /api/docs is ninja's local Swagger UI, not the CDN page."""

from __future__ import annotations

import re

import factories as t
import pytest
from django.test import Client

from shouhu.core.roles import Role

pytestmark = pytest.mark.django_db


def _nav(client: Client) -> list[str]:
    html = client.get("/").content.decode()
    block = html.split('data-testid="main-nav"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="([^"]+)"', block)


def test_platform_admin_finds_api_docs_and_admin():
    c = Client()
    c.force_login(t.make_user(Role.PLATFORM_ADMIN, is_staff=True))
    links = _nav(c)
    assert "/api/docs" in links and "/admin/" in links
    assert c.get("/admin/").status_code == 200


def test_platform_admin_without_staff_flag_gets_no_admin_link():
    c = Client()
    c.force_login(t.make_user(Role.PLATFORM_ADMIN))
    links = _nav(c)
    assert "/api/docs" in links and "/admin/" not in links


@pytest.mark.parametrize("role", [Role.JURISDICTION_ADMIN, Role.REVIEWER, Role.INSPECTOR])
def test_other_roles_do_not_see_the_platform_tools(role):
    c = Client()
    c.force_login(t.make_user(role, division_code=t.CITY, is_staff=True))
    links = _nav(c)
    assert "/api/docs" not in links and "/admin/" not in links


def test_api_docs_are_served_from_local_static_files():
    html = Client().get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower()
