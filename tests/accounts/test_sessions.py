"""Sessions (issue 18 point 4): idle time-out (30 min, a setting) and absolute time-out (12 h)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.urls import reverse

from shouhu.accounts.login import AUTH_AT, SEEN
from shouhu.accounts.models import SecurityEvent


def _shift(client, **stamps):
    session = client.session
    for key, seconds_ago in stamps.items():
        session[key] = int(time.time()) - seconds_ago
    session.save()


def test_defaults():
    assert settings.SHOUHU_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SHOUHU_SESSION_ABSOLUTE_SECONDS == 12 * 3600
    assert settings.SESSION_COOKIE_AGE <= settings.SHOUHU_SESSION_ABSOLUTE_SECONDS


@pytest.mark.django_db
def test_idle_session_ends(client, principal_a):
    client.force_login(principal_a)
    _shift(client, **{SEEN: settings.SHOUHU_SESSION_IDLE_SECONDS - 120})
    assert client.get(reverse("home")).status_code == 200  # 28 minutes idle: still in, and seen again now
    assert time.time() - client.session[SEEN] < 5
    _shift(client, **{SEEN: settings.SHOUHU_SESSION_IDLE_SECONDS + 1})
    response = client.get(reverse("registry:enterprise-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert client.get(reverse("home")).status_code == 302  # logged out for good
    event = SecurityEvent.objects.get(kind="session.expired")
    assert event.user == principal_a and event.detail["reason"] == "idle"
    assert not SecurityEvent.objects.filter(kind="logout").exists()


@pytest.mark.django_db
def test_absolute_limit_ends_even_an_active_session(client, principal_a):
    client.force_login(principal_a)
    _shift(client, **{AUTH_AT: settings.SHOUHU_SESSION_ABSOLUTE_SECONDS + 1, SEEN: 10})
    assert client.get(reverse("home")).status_code == 302
    assert SecurityEvent.objects.get(kind="session.expired").detail["reason"] == "absolute"


@pytest.mark.django_db
def test_idle_setting_is_honoured(client, principal_a, settings):
    settings.SHOUHU_SESSION_IDLE_SECONDS = 300
    client.force_login(principal_a)
    _shift(client, **{SEEN: 301})
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_expired_api_session_gets_401_json(client, principal_a):
    client.force_login(principal_a)
    _shift(client, **{SEEN: settings.SHOUHU_SESSION_IDLE_SECONDS + 1})
    response = client.get("/api/v1/accounts/keys")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
def test_htmx_request_is_told_to_go_to_login(client, principal_a):
    client.force_login(principal_a)
    _shift(client, **{SEEN: settings.SHOUHU_SESSION_IDLE_SECONDS + 1})
    response = client.get(reverse("registry:enterprise-list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("login"))
