"""`renewal_summary` (the dashboard's bounded read) lists exactly what `licences_due_for_renewal` lists."""

from __future__ import annotations

import random
from datetime import date, timedelta

import factories as t
import pytest

from shouhu.registry import selectors


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_matches_the_full_list(province_admin, county_inspector, seed):
    rng = random.Random(seed)
    ents = [t.make_enterprise(t.COUNTY), t.make_enterprise(t.OTHER_COUNTY)]
    for _ in range(60):
        ent = rng.choice(ents)
        t.make_licence(
            ent,
            expires_on=date.today() + timedelta(days=rng.randint(-5, 120)),
            status=rng.choice(["active", "active", "active", "suspended"]),
        )
    # Reference dates around holidays (国庆, 元旦, 春节 windows) and today.
    days = [date.today(), date(2026, 9, 20), date(2026, 12, 1), date(2027, 1, 10)]
    for actor in (province_admin, county_inspector):
        for on in days:
            full = selectors.licences_due_for_renewal(actor, on=on)
            for limit in (3, 100):
                summary = selectors.renewal_summary(actor, limit=limit, on=on)
                assert summary.total == len(full)
                assert summary.overdue == sum(1 for r in full if r.overdue)
                got = [(r.licence.expires_on, r.apply_by, r.window_opens, r.overdue) for r in summary.first]
                want = [(r.licence.expires_on, r.apply_by, r.window_opens, r.overdue) for r in full[:limit]]
                assert got == want
                assert {r.licence.pk for r in summary.first} <= {r.licence.pk for r in full}


@pytest.mark.django_db
def test_summary_when_nothing_is_due(province_admin):
    t.make_licence(t.make_enterprise(), expires_on=date.today() + timedelta(days=400))
    summary = selectors.renewal_summary(province_admin)
    assert (summary.first, summary.total, summary.overdue) == ([], 0, 0)
