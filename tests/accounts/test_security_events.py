"""Security events (issue 18 point 2): written for each listed event, kept out of the ledger, shown to
platform admins only, exported as CSV with formula cells neutralised."""

from __future__ import annotations

import csv
import io
import logging

import factories as t
import pytest
from django.urls import reverse

from shouhu.accounts import services
from shouhu.accounts.models import SecurityEvent
from shouhu.core.exports import cell
from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role

PASSWORD = "right-pass-2026"


@pytest.fixture
def person(db):
    return t.make_user(
        Role.PRINCIPAL, enterprise=t.make_enterprise(t.COUNTY), username="zhao", password=PASSWORD
    )


def _kinds():
    return list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))


@pytest.mark.django_db
def test_login_failure_success_logout_are_recorded_with_the_client(client, person, caplog):
    with caplog.at_level(logging.INFO, logger="shouhu.security"):
        client.post(reverse("login"), {"username": "zhao", "password": "nope"}, REMOTE_ADDR="10.2.3.4")
        client.post(
            reverse("login"),
            {"username": "zhao", "password": PASSWORD},
            REMOTE_ADDR="10.2.3.4",
            HTTP_USER_AGENT="Mozilla/5.0 test",
        )
        client.post(reverse("logout"), REMOTE_ADDR="10.2.3.4")
    assert _kinds() == ["login.failed", "login.success", "logout"]
    failed, ok, out = SecurityEvent.objects.order_by("id")
    assert failed.username == "zhao" and failed.user is None and failed.ip == "10.2.3.4"
    assert ok.user == person and ok.user_agent == "Mozilla/5.0 test" and ok.path == reverse("login")
    assert out.user == person
    logged = [r.getMessage() for r in caplog.records if r.name == "shouhu.security"]
    assert any("login.failed" in m and "zhao" in m and "10.2.3.4" in m for m in logged)
    assert "nope" not in " ".join(logged)  # never the password


@pytest.mark.django_db
def test_api_key_create_and_revoke_are_security_events_and_not_extra_ledger_entries(person):
    entries = AuditEntry.objects.count()
    key, _raw = services.apikey_create(actor=person, enterprise=person.enterprise, name="MES")
    services.apikey_revoke(actor=person, key=key, reason="换新系统")
    assert _kinds() == ["apikey.create", "apikey.revoke"]
    assert SecurityEvent.objects.filter(user=person, detail__key_prefix=key.key_prefix).count() == 2
    assert AuditEntry.objects.count() == entries + 2  # the ledger keeps its own two, nothing more


@pytest.mark.django_db
def test_login_flood_writes_no_ledger_entry(client, person):
    entries = AuditEntry.objects.count()
    for _ in range(3):
        client.post(reverse("login"), {"username": "zhao", "password": "nope"})
    assert AuditEntry.objects.count() == entries
    assert SecurityEvent.objects.filter(kind="login.failed").count() == 3


@pytest.mark.django_db
def test_permission_denied_on_the_api_is_recorded_with_its_action(client, ent_a):
    officer = t.make_user(Role.OFFICER, enterprise=ent_a)  # may not manage API keys
    client.force_login(officer)
    response = client.post("/api/v1/accounts/keys", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind="permission.denied")
    assert event.user == officer and event.detail["method"] == "POST"
    assert event.detail["action"] == "accounts.apikey.manage"


@pytest.mark.django_db
def test_page_is_for_platform_admins_only(client, admin_user, province_admin, person):
    client.force_login(province_admin)
    assert client.get(reverse("security-events")).status_code == 403
    client.force_login(admin_user)
    response = client.get(reverse("security-events"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "越权访问被拒绝" in html and "admin_hunan" in html  # the denial just above, labelled


@pytest.mark.django_db
def test_filters(client, admin_user, person):
    client.post(reverse("login"), {"username": "zhao", "password": "nope"}, REMOTE_ADDR="10.0.0.5")
    client.post(reverse("login"), {"username": "li", "password": "nope"}, REMOTE_ADDR="10.0.0.6")
    client.force_login(admin_user)
    page = client.get(reverse("security-events"), {"kind": "login.failed", "username": "zhao"})
    assert [e.username for e in page.context["page"]] == ["zhao"]
    page = client.get(reverse("security-events"), {"ip": "10.0.0.6"})
    assert [e.username for e in page.context["page"]] == ["li"]


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("zhao", "zhao"),
        (None, None),
    ],
)
def test_csv_cell(raw, safe):
    assert cell(raw) == safe


@pytest.mark.django_db
def test_csv_export_neutralises_formulas(client, admin_user):
    client.post(reverse("login"), {"username": "=cmd|' /C calc'!A0", "password": "nope"})
    client.post(reverse("login"), {"username": "@evil", "password": "nope"})
    client.force_login(admin_user)
    response = client.get(reverse("security-events"), {"kind": "login.failed", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["时间", "事件", "代码", "用户名"]
    usernames = sorted(r[3] for r in rows[1:])
    assert usernames == ["'=cmd|' /C calc'!A0", "'@evil"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows[1:] for cell in r)


@pytest.mark.django_db
def test_csv_export_over_the_limit_says_it_was_cut(client, admin_user, settings):
    settings.SHOUHU_MAX_EXPORT_ROWS = 2
    for name in ("a", "b", "c"):
        client.post(reverse("login"), {"username": name, "password": "nope"})
    client.force_login(admin_user)
    response = client.get(reverse("security-events"), {"kind": "login.failed", "format": "csv"})
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")))
    )
    assert len(rows) == 1 + 2 + 1  # header, two events, the note
    assert "2" in rows[-1][0] and len(rows[-1]) == 1


@pytest.mark.django_db
def test_events_are_pruned_after_their_retention_never_before_six_months(settings):
    from datetime import timedelta

    from django.utils import timezone

    from shouhu.accounts import tasks

    now = timezone.now()
    for days in (10, 179, 200, 500):
        event = SecurityEvent.objects.create(kind="login.failed", username=f"u{days}")
        SecurityEvent.objects.filter(pk=event.pk).update(at=now - timedelta(days=days))
    settings.SHOUHU_SECURITY_EVENTS_KEEP_DAYS = 30  # too short: six months still hold
    assert tasks.prune_security_events() == 2
    kept = set(SecurityEvent.objects.exclude(kind="events.pruned").values_list("username", flat=True))
    assert kept == {"u10", "u179"}
    pruned = SecurityEvent.objects.get(kind="events.pruned")
    assert pruned.detail["deleted"] == 2 and pruned.detail["keep_days"] == 180
    assert tasks.prune_security_events() == 0  # nothing left to do: no further event
    assert SecurityEvent.objects.filter(kind="events.pruned").count() == 1
    from django.conf import settings as conf

    entry = conf.CELERY_BEAT_SCHEDULE["security-events-prune-nightly"]
    assert entry["task"] == tasks.prune_security_events.name


@pytest.mark.django_db
def test_rejected_api_keys_are_events_once_a_minute_per_client_and_key(client, person):
    from django.core.cache import cache

    cache.clear()
    key, raw = services.apikey_create(actor=person, enterprise=person.enterprise, name="MES")
    services.apikey_revoke(actor=person, key=key, reason="换新系统")
    for _ in range(3):  # the old ERP keeps calling with the revoked key
        assert (
            client.get("/api/v1/registry/enterprises", HTTP_X_API_KEY=raw, REMOTE_ADDR="10.5.5.5").status_code
            == 401
        )
    client.get("/api/v1/registry/enterprises", HTTP_X_API_KEY="shk_not-a-key-at-all", REMOTE_ADDR="10.5.5.5")
    rows = list(SecurityEvent.objects.filter(kind="apikey.rejected").order_by("id"))
    assert [r.detail["reason"] for r in rows] == ["revoked", "unknown"]
    assert rows[0].detail["key_prefix"] == key.key_prefix and rows[0].ip == "10.5.5.5"
    assert rows[0].detail["enterprise_id"] == person.enterprise_id
    assert raw not in str(rows[0].detail) and raw not in rows[0].path
