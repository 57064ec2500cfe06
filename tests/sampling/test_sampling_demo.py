"""Issue 27 point 6: the demo module writes two quarters of sampling through the services."""

from __future__ import annotations

import datetime as dt
import random

import factories as t
import pytest

from shouhu.core.roles import Role
from shouhu.sampling import selectors
from shouhu.sampling.models import LabResult, Sample, SamplingPlan
from shouhu.sampling.quarters import quarter_bounds, quarter_of

pytestmark = pytest.mark.django_db


def test_two_quarters_of_sampling_with_published_results_and_no_production_marked():
    from shouhu.demo.sampling import generate_sampling

    today = dt.date.today()
    year, q = quarter_of(today)
    prev_first, _ = quarter_bounds(year, q - 1) if q > 1 else quarter_bounds(year - 1, 4)
    ents = [t.make_enterprise(t.COUNTY) for _ in range(4)]
    for e in ents:
        t.make_licence(e)
    for e in ents[:3]:  # the fourth made nothing: marked "no production" with evidence
        product = t.make_product(e)
        t.make_batch(product, produced_on=prev_first + dt.timedelta(days=10))
        t.make_batch(product, produced_on=today - dt.timedelta(days=20))
    insp = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="demo_sampler")
    out = generate_sampling(random.Random(3), ents, today=today)
    assert out["plans"] == 2 and SamplingPlan.objects.count() == 2
    assert out["no_production"] >= 1 and out["samples"] >= 3 and out["published"] >= 3
    assert LabResult.objects.filter(limit_known=False).exists()  # 钙: judged by the lab's conclusion
    assert Sample.objects.filter(published_on__isnull=False).count() == out["published"]
    # each report states its 检验结论日期 (issue 28)
    reported = Sample.objects.filter(reported_on__isnull=False)
    assert reported.exists() and not reported.filter(found_on__isnull=True).exists()
    assert all(s.received_on <= s.found_on <= s.reported_on == today for s in reported)
    prev_year, prev_q = quarter_of(prev_first)
    m = selectors.coverage_matrix(insp, year=prev_year, today=today)
    assert all(r.cells[prev_q - 1] in {"sampled", "no_production"} for r in m["rows"])
