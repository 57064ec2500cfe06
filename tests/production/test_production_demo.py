"""The demo generator writes a consistent year of production through the services."""

from __future__ import annotations

import random

import factories as t
import pytest

from shouhu.core import ledger
from shouhu.core.events import lookup
from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.production.models import Batch, BatchStatus, MaterialLot, NonConforming, StockMove
from shouhu.trace.demo import generate_production
from shouhu.trace.models import Recall, RecallStatus

pytestmark = pytest.mark.django_db


def test_generate_production_small(ent_a, ent_b):
    t.make_licence(ent_a, category="3001", variety="婴幼儿谷物辅助食品")
    t.make_licence(ent_b, category="3002", variety="泥（糊）状罐装食品")
    t.make_user(Role.QA, enterprise=ent_a)
    result = generate_production(
        random.Random(1), [ent_a, ent_b], days=45, every_days=14, full_enterprises=None
    )
    assert result.batches >= 8 and result.recalls == 1 and result.failed_releases == 1
    assert Batch.objects.filter(status=BatchStatus.RELEASED).count() == result.released
    assert Batch.objects.filter(enterprise=ent_b, status=BatchStatus.REJECTED).count() == 1
    assert NonConforming.objects.filter(batch__enterprise=ent_b).exists()
    rc = Recall.objects.get()
    assert rc.status == RecallStatus.IN_PROGRESS and rc.reported_at and rc.enterprise_id == ent_a.pk
    for lot in MaterialLot.objects.all():
        assert lot.on_hand == sum(m.quantity for m in StockMove.objects.filter(lot=lot)) >= 0
    for ent in (ent_a, ent_b):
        assert ledger.verify(ent.pk)[1] == []
    # every ledger write of production and trace passes a declared action, under its current name
    ours = set(
        AuditEntry.objects.filter(object_type__regex=r"^(production|trace)\.").values_list(
            "action", flat=True
        )
    )
    assert len(ours) > 10 and all(lookup(a) is not None and lookup(a).value == a for a in ours), ours
