"""Login throttling and lockout (issue 18 point 1): per account and per client, retry time, unlock."""

from __future__ import annotations

from datetime import timedelta

import factories as t
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from shouhu.accounts.models import SecurityEvent
from shouhu.core.roles import Role

PASSWORD = "right-pass-2026"


def _try(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def victim(db):
    return t.make_user(
        Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="victim", password=PASSWORD
    )


@pytest.mark.django_db
def test_account_locks_after_the_limit_and_the_right_password_no_longer_works(client, victim):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert _try(client, "victim", "wrong-guess").status_code == 200
    response = _try(client, "victim", "wrong-guess")
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录已暂时锁定" in html and "之后再试" in html  # says when to retry
    response = _try(client, "victim", PASSWORD, ip="10.9.9.9")  # another client: the account is locked
    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302  # never logged in
    assert SecurityEvent.objects.filter(kind="login.failed", username="victim").count() == limit - 1
    assert SecurityEvent.objects.filter(kind="lockout", username="victim").count() >= 1


@pytest.mark.django_db
def test_one_client_guessing_many_accounts_is_locked_out_too(client, victim):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _try(client, f"someone{i}", "wrong-guess", ip="10.0.0.7")
    assert _try(client, "victim", PASSWORD, ip="10.0.0.7").status_code == 429
    assert _try(client, "victim", PASSWORD, ip="10.0.0.8").status_code == 302  # others are not


@pytest.mark.django_db
def test_platform_admin_sees_lockouts_and_unlocks(client, victim, admin_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "victim", "wrong-guess")
    assert _try(client, "victim", PASSWORD, ip="10.1.1.1").status_code == 429
    client.force_login(admin_user)
    page = client.get(reverse("security-lockouts"))
    assert page.status_code == 200 and "victim" in page.content.decode() and "已锁定" in page.content.decode()
    response = client.post(reverse("security-unlock"), {"username": "victim"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="victim").exists()
    assert SecurityEvent.objects.filter(kind="lockout.unlock", user=admin_user).exists()
    client.logout()
    assert _try(client, "victim", PASSWORD, ip="10.1.1.1").status_code == 302


@pytest.mark.django_db
def test_only_platform_admins_may_unlock(client, victim, province_admin):
    client.force_login(province_admin)
    assert client.get(reverse("security-lockouts")).status_code == 403
    assert client.post(reverse("security-unlock"), {"username": "victim"}).status_code == 403
    assert SecurityEvent.objects.filter(kind="permission.denied", user=province_admin).count() == 2


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_client_is_locked_not_the_proxy(client, victim, settings):
    settings.SHOUHU_PROXY_COUNT = 1
    for i in range(settings.AXES_FAILURE_LIMIT):
        # a client that forges its own X-Forwarded-For still gets the entry nginx added (the last one)
        client.post(
            reverse("login"),
            {"username": f"guess{i}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 203.0.113.9",
        )
    ok = client.post(
        reverse("login"),
        {"username": "victim", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert ok.status_code == 302  # another client behind the same proxy is not locked
    client.logout()
    locked = client.post(
        reverse("login"),
        {"username": "victim", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert locked.status_code == 429
    assert (
        SecurityEvent.objects.filter(kind="login.failed", ip="203.0.113.9").count()
        == settings.AXES_FAILURE_LIMIT - 1
    )


@pytest.mark.django_db
def test_lockout_page_in_english(client, victim):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _try(client, "victim", "wrong-guess")
    html = response.content.decode()
    assert response.status_code == 429
    assert (
        "Login temporarily locked" in html
        and "Try again after" in html
        and "登录" not in html.split("<main")[1]
    )


@pytest.mark.django_db
def test_lock_lifts_by_itself_after_the_cool_off(client, victim):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "victim", "wrong-guess")
    assert _try(client, "victim", PASSWORD).status_code == 429
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _try(client, "victim", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_admin_page_shows_a_locked_client_and_until_when_then_unlocks_it(client, victim, admin_user):
    # one failure each on five accounts: no account is locked, the address is (the old page missed it)
    for i in range(settings.AXES_FAILURE_LIMIT):
        _try(client, f"someone{i}", "wrong-guess", ip="10.0.0.7")
    assert _try(client, "victim", PASSWORD, ip="10.0.0.7").status_code == 429
    client.force_login(admin_user)
    html = client.get(reverse("security-lockouts")).content.decode()
    clients = html.split('data-testid="lockouts-clients"')[1].split("</table>")[0]
    accounts = html.split('data-testid="lockouts-accounts"')[1].split("</table>")[0]
    assert "10.0.0.7" in clients and "已锁定" in clients
    retry = timezone.localtime(AccessAttempt.objects.latest("attempt_time").attempt_time)
    assert (retry + settings.AXES_COOLOFF_TIME).strftime("%Y-%m-%d %H:%M") in clients
    assert "someone0" in accounts and "已锁定" not in accounts
    assert client.post(reverse("security-unlock"), {"ip": "10.0.0.7"}).status_code == 302
    assert not AccessAttempt.objects.filter(ip_address="10.0.0.7").exists()
    event = SecurityEvent.objects.get(kind="lockout.unlock")
    assert event.detail["target_ip"] == "10.0.0.7" and event.user == admin_user
    client.logout()
    assert _try(client, "victim", PASSWORD, ip="10.0.0.7").status_code == 302


@pytest.mark.django_db
def test_unlock_and_reset_say_what_is_missing(client, admin_user):
    client.force_login(admin_user)
    page = client.post(reverse("security-unlock"), {}, follow=True).content.decode()
    assert "请指定要解锁的账号或来源地址" in page
    page = client.post(reverse("security-2fa-reset"), {"username": "nobody"}, follow=True).content.decode()
    assert "没有该用户" in page
    assert not SecurityEvent.objects.filter(kind__in=["lockout.unlock", "otp.disable"]).exists()


@pytest.mark.django_db
def test_lockouts_and_events_pages_in_english(client, victim, admin_user):
    import re

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "victim", "wrong-guess")
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for name in ("security-lockouts", "security-events"):
        main = client.get(reverse(name)).content.decode().split("<main")[1].split("</main>")[0]
        assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"<[^>]*>", " ", main)), name
    main = client.get(reverse("security-lockouts")).content.decode()
    assert "Accounts with failed logins" in main and "Lifts by itself at" in main
