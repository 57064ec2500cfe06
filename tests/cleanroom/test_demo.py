"""The demo's clean-room step: a year of readings, a few deviations, one missing weekly microbe test."""

from __future__ import annotations

import random
import time

import factories as t

from shouhu.cleanroom.models import Deviation, Reading
from shouhu.cleanroom.selectors import zone_flags
from shouhu.core.roles import Role
from shouhu.demo.cleanroom import generate_cleanroom


def test_demo_cleanroom_year_with_deviations_and_one_missing_weekly_test(db):
    ents = []
    for n in range(2):
        e = t.make_enterprise(t.COUNTY, name=f"演示洁净{n}厂")
        t.make_user(Role.PRINCIPAL, enterprise=e, username=f"crd{n}_principal")
        ents.append(e)
    started = time.perf_counter()
    result = generate_cleanroom(random.Random(7), ents)
    elapsed = time.perf_counter() - started
    assert result.zones == 2 and Reading.objects.count() == result.readings > 2 * 4000
    out = Deviation.objects.filter(kind="out_of_limit")
    assert sorted(out.values_list("item__quantity", flat=True)) == sorted(
        ["airborne_bacteria_dynamic", "pressure_difference_clean_to_non_clean", "relative_humidity"] * 2
    )
    missing = Deviation.objects.filter(kind="missing")
    assert set(missing.values_list("item__quantity", flat=True)) == {"settling_bacteria_dynamic_4h_90mm"}
    assert missing.count() == 2  # one per enterprise
    assert out.filter(finding__state="closed").count() == 2  # the humidity CAPA accepted
    flagged = [zone_flags(d.zone) for d in Deviation.objects.filter(kind="missing").select_related("zone")]
    assert sorted(map(len, flagged)) == [0, 1]  # the second enterprise has no third-party report
    print(f"demo cleanroom step: {elapsed:.2f} s")
