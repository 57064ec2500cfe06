"""The demo step: every state of handling shows, quickly, through the services."""

from __future__ import annotations

import random
import time

import factories as t
import pytest

from shouhu.complaints.models import Status, Submission
from shouhu.core.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_complaints_cover_the_states_fast(ent):
    t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="demo_insp")
    t.make_user(Role.PRINCIPAL, enterprise=ent, username="demo_principal")
    from shouhu.demo.complaints import generate_complaints

    started = time.perf_counter()
    made = generate_complaints(random.Random(1), [ent])
    assert time.perf_counter() - started < 5
    assert made["submissions"] == 6 and made["unknown_enterprise"] == 1
    states = set(Submission.objects.values_list("status", flat=True))
    assert {Status.RECEIVED, Status.ACCEPTED, Status.CLOSED, Status.NOT_ACCEPTED} <= states
    assert Submission.objects.filter(enterprise_answer__gt="").exists()
    assert generate_complaints(random.Random(1), [ent]) == {"submissions": 0}  # once
