"""The demo's training step: sessions, exams, one failed spot check with its bar — and fast."""

from __future__ import annotations

import random
import time

import factories as t

from shouhu.core.roles import Role
from shouhu.demo.training import generate_training
from shouhu.training.models import PostBar, SpotCheck


def test_demo_training_has_a_failed_spot_check_and_is_fast(db):
    ents = []
    for n in range(3):
        e = t.make_enterprise(t.COUNTY, name=f"演示{n}厂")
        t.make_user(Role.PRINCIPAL, enterprise=e, username=f"tr{n}_principal")
        t.make_person(e, role="principal", name=f"负责人{n}")
        t.make_person(e, role="officer", name=f"安全员{n}")
        ents.append(e)
    t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="tr_demo_insp")
    started = time.perf_counter()
    result = generate_training(random.Random(7), ents)
    elapsed = time.perf_counter() - started
    assert (result.sessions, result.exams, result.spot_checks, result.failed) == (3, 3, 3, 1)
    assert SpotCheck.objects.filter(passed=False).count() == 1
    assert PostBar.objects.filter(active=True).count() == 1
    assert elapsed < 10, elapsed
    print(f"demo training step: {elapsed:.2f} s")
