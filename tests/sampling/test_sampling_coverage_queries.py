"""Issue 27 speed: the coverage matrix is three grouped queries (enterprises; tasks and samples grouped per
enterprise into (quarter, status) bit sets), whatever the number of enterprises, tasks and samples."""

from __future__ import annotations

import factories as t
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shouhu.sampling import selectors

pytestmark = pytest.mark.django_db


def _matrix(world):
    with CaptureQueriesContext(connection) as q:
        m = selectors.coverage_matrix(world.insp, year=world.today.year, today=world.today)
    return m, len(q)


def test_coverage_matrix_query_count_is_pinned(world, plan, received):
    m, small = _matrix(world)
    assert small == 3
    cells = {r.name: r.cells for r in m["rows"]}
    quarter = (world.today.month - 1) // 3
    assert cells["岳麓禾苗婴幼儿食品有限公司"][quarter] == "sampled"
    assert cells["岳麓小树辅食有限公司"][quarter] == "open"
    for i in range(4):  # more enterprises (no task: gaps) do not add queries
        t.make_licence(t.make_enterprise(t.COUNTY, name=f"岳麓新增企业{i}"))
    m, large = _matrix(world)
    assert large == small and len(m["rows"]) == len(cells) + 4
    assert sum(m["summary"][quarter + 1].values()) == len(m["rows"])
