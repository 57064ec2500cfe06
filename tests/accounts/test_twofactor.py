"""Two factors (issue 18 point 3): TOTP required for platform and jurisdiction admins when enforced,
optional for others; recovery codes work once; the password alone never completes such a login."""

from __future__ import annotations

import re
import time

import factories as t
import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from shouhu.accounts import twofactor
from shouhu.accounts.models import SecurityEvent
from shouhu.core.roles import Role

PASSWORD = "right-pass-2026"


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    return device


def login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def enforced(settings):
    settings.SHOUHU_2FA_ENFORCED = True


@pytest.fixture
def padmin(db):
    return t.make_user(Role.PLATFORM_ADMIN, username="padmin", password=PASSWORD)


@pytest.fixture
def jadmin(db):
    return t.make_user(
        Role.JURISDICTION_ADMIN, division_code=t.PROVINCE, username="jadmin", password=PASSWORD
    )


@pytest.fixture
def staff(db):
    return t.make_user(
        Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="staff", password=PASSWORD
    )


@pytest.mark.django_db
def test_required_roles(enforced, padmin, jadmin, staff):
    assert twofactor.required_for(padmin) and twofactor.required_for(jadmin)
    assert not twofactor.required_for(staff)


@pytest.mark.django_db
def test_not_required_when_not_enforced(padmin, client):
    assert not twofactor.required_for(padmin)  # the embedded demo: password alone
    login(client, "padmin")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["padmin", "jadmin"])
def test_admin_without_a_device_must_enrol_before_anything_else(enforced, client, request, who):
    user = request.getfixturevalue(who)
    assert login(client, who).status_code == 302
    response = client.get(reverse("registry:enterprise-list"))
    assert response.status_code == 302 and response["Location"] == reverse("twofactor")
    assert client.get("/api/v1/accounts/keys").status_code == 403  # the API too
    page = client.get(reverse("twofactor"))
    assert page.status_code == 200 and "<svg" in page.content.decode()  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert "不正确" in client.post(reverse("twofactor"), {"code": wrong}).content.decode()
    time.sleep(1.1)  # django-otp throttles: after one failure the next try waits a second
    response = client.post(reverse("twofactor"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", response.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("registry:enterprise-list")).status_code == 200
    assert SecurityEvent.objects.filter(kind="otp.enable", user=user).exists()
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & set(codes)  # only digests are kept


@pytest.mark.django_db
def test_enrolled_user_needs_the_code_after_the_password(client, staff):
    device = enrolled(staff)
    response = login(client, "staff")
    assert response.status_code == 302 and response["Location"] == reverse("login-verify")
    assert client.get(reverse("home")).status_code == 302  # the password alone did not log in
    response = client.post(reverse("login-verify"), {"code": "12345x"})
    assert response.status_code == 200 and "不正确" in response.content.decode()
    response = client.post(reverse("login-verify"), {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert SecurityEvent.objects.filter(kind="login.otp_failed").count() == 1
    assert not SecurityEvent.objects.filter(kind="login.failed").exists()  # one event per wrong code
    assert SecurityEvent.objects.get(kind="login.success").detail["second_factor"] == "totp"


@pytest.mark.django_db
def test_wrong_codes_end_the_pending_login(client, staff):
    enrolled(staff)
    login(client, "staff")
    for _ in range(5):
        response = client.post(reverse("login-verify"), {"code": "000000"})
    assert response.status_code in (302, 429)
    assert client.get(reverse("home")).status_code == 302
    # wrong codes count as failed logins for the lockout, so the password alone cannot go on guessing
    assert login(client, "staff").status_code == 429


@pytest.mark.django_db
def test_recovery_code_works_once(client, enforced, padmin):
    enrolled(padmin)
    codes = twofactor.new_recovery_codes(padmin)
    login(client, "padmin")
    response = client.post(reverse("login-verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert SecurityEvent.objects.filter(kind="otp.recovery_used", user=padmin).exists()
    client.logout()
    login(client, "padmin")
    response = client.post(reverse("login-verify"), {"code": codes[0]})
    assert response.status_code == 200  # used up
    time.sleep(1.1)  # the throttle after a failure
    assert client.post(reverse("login-verify"), {"code": codes[1]}).status_code == 302


@pytest.mark.django_db
def test_optional_users_may_disable_admins_may_not(client, enforced, staff, padmin):
    for user in (staff, padmin):
        device = enrolled(user)
        client.logout()
        login(client, user.username)
        client.post(reverse("login-verify"), {"code": code_for(device)})
        assert client.get(reverse("twofactor")).status_code == 200
        client.post(reverse("twofactor-disable"))
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert TOTPDevice.objects.filter(user=padmin).exists()
    assert SecurityEvent.objects.filter(kind="otp.disable").count() == 1


@pytest.mark.django_db
def test_recovery_codes_can_be_regenerated(client, staff):
    device = enrolled(staff)
    old = twofactor.new_recovery_codes(staff)
    login(client, "staff")
    client.post(reverse("login-verify"), {"code": code_for(device)})
    response = client.post(reverse("twofactor-recovery"))
    new = re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert twofactor.verify_code(staff, old[0]) == (None, "")
    assert SecurityEvent.objects.filter(kind="otp.recovery_codes").exists()


@pytest.mark.django_db
def test_platform_admin_resets_a_lost_second_factor(client, enforced, jadmin, admin_user):
    enrolled(jadmin)
    twofactor.new_recovery_codes(jadmin)
    client.force_login(t.make_user(Role.REVIEWER, division_code=t.CITY))
    assert client.post(reverse("security-2fa-reset"), {"username": "jadmin"}).status_code == 403  # not theirs
    client.logout()
    admin_device = enrolled(admin_user)  # the admin's own session has passed its second factor
    login(client, "admin", "pass-123456")
    client.post(reverse("login-verify"), {"code": code_for(admin_device)})
    assert client.post(reverse("security-2fa-reset"), {"username": "jadmin"}).status_code == 302
    assert twofactor.confirmed_totp(jadmin) is None
    assert not StaticToken.objects.filter(device__user=jadmin).exists()
    event = SecurityEvent.objects.get(kind="otp.disable")
    assert event.user == admin_user and event.detail["target_username"] == "jadmin"
    client.logout()
    login(client, "jadmin")  # the password step, then straight to enrolment
    assert client.get(reverse("home"))["Location"] == reverse("twofactor")
