"""Pages authenticate with the session (CSRF-checked writes); enterprise systems with an API key."""

from __future__ import annotations

import pytest
from apitest import API, assert_error, row_counts
from django.test import Client

pytestmark = pytest.mark.django_db


def test_session_write_without_csrf_token_is_refused_in_the_error_shape(world, officer_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    before = row_counts()
    resp = client.post(
        f"{API}/registry/enterprises/{world.a.ent.pk}/people",
        data={"name": "王五", "role": "officer"},
        content_type="application/json",
    )
    assert_error(resp, 403, "permission_denied")
    assert row_counts() == before


def test_session_write_with_csrf_token_succeeds(world, officer_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    client.get(f"{API}/registry/me")  # any page sets the cookie in real use; here we set it ourselves
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    resp = client.post(
        f"{API}/registry/enterprises/{world.a.ent.pk}/people",
        data={"name": "王五", "role": "officer"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert resp.status_code == 201, resp.content


def test_api_key_write_needs_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    resp = client.post(
        f"{API}/registry/enterprises/{world.a.ent.pk}/people",
        data={"name": "王五", "role": "officer"},
        content_type="application/json",
        headers={"X-API-Key": world.a.raw_key},
    )
    assert resp.status_code == 201, resp.content
