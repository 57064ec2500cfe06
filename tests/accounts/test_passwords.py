"""Password policy (issue 18 point 5): length, similarity, common, history; demo password only in demo."""

from __future__ import annotations

import factories as t
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from shouhu.accounts.models import PasswordHistory, SecurityEvent, User
from shouhu.config.settings import base
from shouhu.core.roles import Role

PRODUCTION_VALIDATORS = [
    *base.AUTH_PASSWORD_VALIDATORS,
    {"NAME": "shouhu.accounts.passwords.PublishedPasswordValidator"},
]


def _codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


@pytest.mark.django_db
def test_policy_refuses_short_similar_common_numeric():
    user = t.make_user(Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="zhangwei_ent")
    assert "password_too_short" in _codes("Ab3$xyz9q", user)  # 9 characters
    assert _codes("Ab3$xyz9qW", user) == set()  # 10 is enough
    assert "password_too_similar" in _codes("zhangwei_ent1", user)
    assert "password_too_common" in _codes("password123")
    assert "password_entirely_numeric" in _codes("2026112019")


@pytest.mark.django_db
def test_not_one_of_the_last_five():
    user = t.make_user(Role.OFFICER, enterprise=t.make_enterprise(t.COUNTY), password="first-Pass-0001")
    for i in range(2, 7):
        user.set_password(f"Passwort-{i:04d}-x")
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5  # older ones are not kept
    for i in range(2, 7):
        assert "password_reused" in _codes(f"Passwort-{i:04d}-x", user), i
    assert _codes("first-Pass-0001", user) == set()  # the sixth-last is allowed again
    assert "password_reused" not in _codes(
        "first-Pass-0001", t.make_user(Role.QA, enterprise=user.enterprise)
    )
    assert SecurityEvent.objects.filter(kind="password.change", user=user).count() == 5


@pytest.mark.django_db
def test_the_current_password_counts_even_without_history():
    user = t.make_user(Role.OFFICER, enterprise=t.make_enterprise(t.COUNTY), password="made-by-create-user")
    assert not PasswordHistory.objects.filter(user=user).exists()  # create_user stores the hash directly
    assert "password_reused" in _codes("made-by-create-user", user)


@pytest.mark.django_db
def test_demo_password_is_fine_in_demo_settings_and_refused_in_production():
    user = t.make_user(Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="ent01_principal")
    assert _codes("shouhu2026", user) == set()
    with override_settings(AUTH_PASSWORD_VALIDATORS=PRODUCTION_VALIDATORS):
        assert "password_published" in _codes("shouhu2026", user)
        assert "password_published" in _codes("SHOUHU2026", user)


@pytest.mark.django_db
def test_login_with_a_password_below_policy_must_change_it_first(client):
    ent = t.make_enterprise(t.COUNTY)
    t.make_user(Role.PRINCIPAL, enterprise=ent, username="ent01_principal", password="shouhu2026")
    with override_settings(AUTH_PASSWORD_VALIDATORS=PRODUCTION_VALIDATORS):
        response = client.post(reverse("login"), {"username": "ent01_principal", "password": "shouhu2026"})
        assert response.status_code == 302
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"] == reverse("password-change")
        response = client.post(
            reverse("password-change"),
            {"old_password": "shouhu2026", "new_password1": "shouhu2026", "new_password2": "shouhu2026"},
        )
        assert response.status_code == 200  # refused, with the reason on the field
        assert "演示密码" in response.content.decode()
        response = client.post(
            reverse("password-change"),
            {
                "old_password": "shouhu2026",
                "new_password1": "Qy7-harbour-lamp",
                "new_password2": "Qy7-harbour-lamp",
            },
        )
        assert response.status_code == 302
        assert client.get(reverse("home")).status_code == 200  # still logged in, free to go


@pytest.mark.django_db
def test_demo_password_logs_in_straight_under_demo_settings(client):
    t.make_user(Role.PLATFORM_ADMIN, username="platform_admin", password="shouhu2026")
    response = client.post(reverse("login"), {"username": "platform_admin", "password": "shouhu2026"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_guessing_the_current_password_in_a_session_locks_the_account_and_ends_it(client):
    from django.conf import settings

    from shouhu.accounts.models import SecurityEvent

    user = t.make_user(
        Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="held", password="right-pass-2026"
    )
    client.force_login(user)
    wrong = {
        "old_password": "guess-0001",
        "new_password1": "Qy7-harbour-lamp",
        "new_password2": "Qy7-harbour-lamp",
    }
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("password-change"), wrong).status_code == 200
    assert SecurityEvent.objects.filter(
        kind="login.failed", username="held", path="/account/password/"
    ).count() == (settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(reverse("password-change"), wrong)
    assert response.status_code == 429 and "之后再试" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # the session ended
    login = client.post(reverse("login"), {"username": "held", "password": "right-pass-2026"})
    assert login.status_code == 429  # and the account is locked
    user.refresh_from_db()
    assert user.check_password("right-pass-2026")


@pytest.mark.django_db
def test_character_classes_when_an_assessor_asks_for_them():
    user = t.make_user(Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="zhangwei_ent")
    assert _codes("harbourlampquiet", user) == set()  # off by default (ASVS V2.1.9)
    three = [
        *base.AUTH_PASSWORD_VALIDATORS,
        {"NAME": "shouhu.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    ]
    with override_settings(AUTH_PASSWORD_VALIDATORS=three):
        assert "password_classes" in _codes("harbourlampquiet", user)
        assert "password_classes" in _codes("Harbourlampquiet", user)  # two classes
        assert _codes("Harbour-lamp-quiet", user) == set()


@pytest.mark.django_db
def test_a_password_past_its_maximum_age_must_be_changed_at_the_next_login(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    t.make_user(
        Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="aged", password="right-pass-2026"
    )
    long_ago = timezone.now() - timedelta(days=91)
    PasswordHistory.objects.filter(user__username="aged").update(set_at=long_ago)
    User.objects.filter(username="aged").update(date_joined=long_ago)  # an account made without history
    assert (
        client.post(reverse("login"), {"username": "aged", "password": "right-pass-2026"}).status_code == 302
    )
    assert client.get(reverse("home")).status_code == 200  # no maximum age by default (ASVS V2.1.10)
    client.logout()
    settings.SHOUHU_PASSWORD_MAX_AGE_DAYS = 90
    client.post(reverse("login"), {"username": "aged", "password": "right-pass-2026"})
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("password-change")
    assert "密码已到更换期限" in response.content.decode()
    new = {
        "old_password": "right-pass-2026",
        "new_password1": "Qy7-harbour-lamp",
        "new_password2": "Qy7-harbour-lamp",
    }
    assert client.post(reverse("password-change"), new).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    client.post(reverse("login"), {"username": "aged", "password": "Qy7-harbour-lamp"})
    assert client.get(reverse("home")).status_code == 200  # the new password is young
