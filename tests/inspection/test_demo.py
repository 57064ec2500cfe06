"""Issue 25 point 6: the demo module writes a few inspections in different states through the services."""

from __future__ import annotations

import random
import time

import factories as t
import pytest

from shouhu.core.roles import Role
from shouhu.inspection.models import Inspection
from shouhu.workflow.publication.models import Clue

pytestmark = pytest.mark.django_db


def test_demo_inspections_in_every_state_quickly():
    from shouhu.demo.inspection import generate_inspections

    ents = [t.make_enterprise(t.COUNTY) for _ in range(6)]
    for e in ents:
        t.make_licence(e)
        t.make_product(e)
    t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="demo_insp_county")
    t.make_user(Role.INSPECTOR, division_code=t.CITY, username="demo_insp_city")
    started = time.process_time()
    out = generate_inspections(random.Random(5), ents)
    cpu = time.process_time() - started
    assert sum(out.values()) == 6
    states = set(Inspection.objects.values_list("state", flat=True))
    assert states == {"planned", "in_progress", "awaiting_signature", "published"}
    assert Clue.objects.filter(source="inspection.key_item").count() == 1
    assert set(Inspection.objects.exclude(outcome="").values_list("outcome", flat=True)) == {
        "conform",
        "minor",
        "nonconform",
    }
    print(f"demo inspections: {cpu:.2f} s CPU")
    assert cpu < 5, cpu
    assert generate_inspections(random.Random(5), ents) == dict.fromkeys(out, 0)  # once only
