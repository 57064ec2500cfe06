"""Demo data: one application in every state, all through the services (so the ledger verifies)."""

from __future__ import annotations

import random

import factories as t
import pytest

from shouhu.core import ledger
from shouhu.core.roles import Role
from shouhu.licensing.demo import STATES, generate_licensing
from shouhu.licensing.models import Application

pytestmark = pytest.mark.django_db


def test_demo_has_every_state(ent_a, principal_a, city_reviewer, inspectors):
    ent2 = t.make_enterprise(t.OTHER_COUNTY)
    t.make_user(Role.DIRECTOR, enterprise=ent2)
    out = generate_licensing(random.Random(7), [ent_a, ent2], [city_reviewer, *inspectors])
    assert out["skipped"] == []
    states = set(Application.objects.values_list("status", flat=True))
    assert states == {str(s) for s in STATES}
    approved = Application.objects.get(status="approved")
    assert approved.licence.number.startswith("SC130")
    rejected = Application.objects.get(status="rejected")
    assert rejected.decision_reasons and all(r["citation"] for r in rejected.decision_reasons)
    checked, breaks = ledger.verify()
    assert checked > 0 and breaks == []
