"""Self-service: the enterprise manages its own API keys in a page (create — shown once —, revoke)."""

from __future__ import annotations

import factories as t
import pytest
from django.urls import reverse

from shouhu.accounts.models import ApiKey, hash_key
from shouhu.core.roles import Role

pytestmark = pytest.mark.django_db


def test_principal_creates_key_shown_once_then_revokes_with_reason(client, principal_a, ent_b):
    theirs, _raw = t.make_api_key(ent_b, name="THEIRS")
    client.force_login(principal_a)
    url = reverse("apikeys")
    r = client.post(url, {"name": "MES"})
    key = ApiKey.objects.get(name="MES")
    body = r.content.decode()
    raw = body.split('user-select-all">')[1].split("<")[0]
    assert hash_key(raw) == key.key_hash and r["Cache-Control"] == "no-store"
    body = client.get(url).content.decode()
    assert raw not in body and key.key_prefix in body and "THEIRS" not in body

    r = client.post(url, {"revoke": key.pk, "reason": ""}, follow=True)
    assert "撤销密钥须说明原因" in r.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is None
    client.post(url, {"revoke": key.pk, "reason": "系统下线"})
    key.refresh_from_db()
    assert key.revoked_at is not None
    client.post(url, {"revoke": theirs.pk, "reason": "x"})
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_roles_that_may_not_manage_keys_get_404(client, ent_a):
    client.force_login(t.make_user(Role.QA, enterprise=ent_a, username="qa_keys"))
    assert client.get(reverse("apikeys")).status_code == 404
