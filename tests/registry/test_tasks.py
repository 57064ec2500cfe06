"""Background tasks run inline (eager, as in the embedded default): licence expiry and ping."""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest

from shouhu.config import celery_app
from shouhu.core import access, ledger
from shouhu.core.models import AuditEntry
from shouhu.core.system import SYSTEM, SystemActor
from shouhu.core.tasks import ping
from shouhu.registry.events import RegistryAction
from shouhu.registry.models import LicenceStatus
from shouhu.registry.tasks import EXPIRY_REASON, expire_licences

TODAY = date(2026, 11, 23)


@pytest.fixture
def licences(ent_a, ent_c):
    """One lapsed yesterday, one lapsing today (still valid), one long lapsed but suspended, one valid."""
    return {
        "lapsed": t.make_licence(
            ent_a, issued_on=TODAY - timedelta(days=5 * 365), expires_on=TODAY - timedelta(days=1)
        ),
        "last_day": t.make_licence(ent_a, issued_on=TODAY - timedelta(days=5 * 365), expires_on=TODAY),
        "suspended": t.make_licence(
            ent_c,
            issued_on=TODAY - timedelta(days=6 * 365),
            expires_on=TODAY - timedelta(days=90),
            status=LicenceStatus.SUSPENDED,
        ),
        "valid": t.make_licence(ent_c, issued_on=TODAY - timedelta(days=100)),
    }


def test_expire_licences_marks_only_active_lapsed_ones_through_the_service(licences):
    assert expire_licences(on=TODAY.isoformat()) == 1
    for lic in licences.values():
        lic.refresh_from_db()
    assert licences["lapsed"].status == LicenceStatus.EXPIRED
    assert licences["last_day"].status == LicenceStatus.ACTIVE  # expires_on is the last valid day
    assert licences["suspended"].status == LicenceStatus.SUSPENDED
    assert licences["valid"].status == LicenceStatus.ACTIVE

    entry = AuditEntry.objects.get(
        action=RegistryAction.LICENCE_SET_STATUS, object_id=str(licences["lapsed"].pk)
    )
    assert entry.reason == EXPIRY_REASON == "有效期届满自动失效"
    assert entry.actor_id is None and entry.actor_label == "系统任务"
    assert entry.before["status"] == "active" and entry.after["status"] == "expired"
    assert entry.chain.enterprise_id == licences["lapsed"].enterprise_id
    assert ledger.verify()[1] == []


def test_expire_licences_is_idempotent_and_defaults_to_today(licences, monkeypatch):
    monkeypatch.setattr("shouhu.registry.tasks.today", lambda: TODAY + timedelta(days=1))
    assert expire_licences() == 2  # the next day, the last-day licence has lapsed too
    assert expire_licences() == 0
    assert AuditEntry.objects.filter(reason=EXPIRY_REASON).count() == 2


def test_expire_licences_runs_as_a_celery_task_inline(licences):
    # The test settings (like the embedded default) run tasks eagerly: .delay() executes in-process.
    result = expire_licences.delay(on=TODAY.isoformat())
    assert result.get(timeout=10) == 1


def test_tasks_are_registered_under_stable_names():
    celery_app.loader.import_default_modules()
    assert {"shouhu.registry.expire_licences", "shouhu.core.ping"} <= set(celery_app.tasks)


def test_ping_inline():
    answer = ping.delay().get(timeout=10)
    assert answer["pong"] is True and answer["pid"] > 0


def test_system_actor_is_platform_wide_and_labelled(ent_a, ent_c):
    assert access.can(SYSTEM, "registry.licence.change")
    assert access.tenancy_q(SYSTEM, enterprise_field=None).children == []  # no filter: sees all tenants
    assert SYSTEM.actor_label == "系统任务" and SYSTEM.enterprise_id is None
    assert SystemActor("演示数据导入").actor_label == "演示数据导入"
    with pytest.raises(ValueError):
        SystemActor(" ")
