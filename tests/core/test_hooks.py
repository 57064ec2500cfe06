"""Core offers hooks instead of importing the apps above it (issue 10, point 2)."""

from __future__ import annotations

import factories as t
import pytest
from django.utils import timezone

from shouhu.accounts.models import ApiKey
from shouhu.core.hooks import enterprise_pushed
from shouhu.core.models import AuditEntry
from shouhu.registry.models import Enterprise


@pytest.mark.django_db
def test_registry_records_a_push_announced_through_the_core_hook():
    ent = t.make_enterprise(t.COUNTY)
    at = timezone.now()
    entries = AuditEntry.objects.count()
    enterprise_pushed.send(sender=ApiKey, enterprise_id=ent.pk, at=at)
    assert Enterprise.objects.get(pk=ent.pk).last_push_at == at
    assert AuditEntry.objects.count() == entries  # telemetry, not a regulated change


def test_registry_listens_once():
    receivers = [r for r in enterprise_pushed.receivers if r[0][0] == "registry.enterprise_mark_push"]
    assert len(receivers) == 1
