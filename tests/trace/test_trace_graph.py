"""The recursive-CTE walk equals a breadth-first search on random DAGs; back and forward agree."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shouhu.trace import graph
from shouhu.trace.models import TraceEdge

pytestmark = pytest.mark.django_db


def _reach(adj: dict, start: tuple[int, int]) -> set[tuple[int, int]]:
    seen, todo = {start}, [start]
    while todo:
        n = todo.pop()
        for m in adj[n]:
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return seen


@st.composite
def dags(draw):
    """Layered DAGs: lots (1) → batches (2) → batches (2) → shipments (3); node ids unique per type."""
    n_lots, n_batches, n_ships = draw(st.integers(1, 6)), draw(st.integers(1, 8)), draw(st.integers(0, 8))
    edges = set()
    for b in range(n_batches):
        for lot in draw(st.sets(st.integers(0, n_lots - 1), max_size=3)):
            edges.add(((1, lot + 1), (2, b + 1)))
        for earlier in draw(st.sets(st.integers(0, max(b - 1, 0)), max_size=2)) if b else []:
            edges.add(((2, earlier + 1), (2, b + 1)))
    for s in range(n_ships):
        edges.add(((2, draw(st.integers(1, n_batches))), (3, s + 1)))
    return sorted(edges)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edges=dags())
def test_cte_walk_matches_bfs_and_directions_agree(edges):
    TraceEdge.objects.all()._raw_delete(TraceEdge.objects.db)  # test-only reset of a throwaway graph
    TraceEdge.objects.bulk_create(
        TraceEdge(
            enterprise_id=1,
            src_type=s[0],
            src_id=s[1],
            dst_type=d[0],
            dst_id=d[1],
            quantity=Decimal(1),
            at=date(2026, 1, 1),
        )
        for s, d in edges
    )
    fwd_adj, back_adj = defaultdict(set), defaultdict(set)
    for s, d in edges:
        fwd_adj[s].add(d)
        back_adj[d].add(s)
    nodes = {n for e in edges for n in e}
    for node in nodes:
        f_edges, b_edges = graph.forward(node), graph.backward(node)
        f_nodes = {node} | {e.dst for e in f_edges}
        b_nodes = {node} | {e.src for e in b_edges}
        assert f_nodes == _reach(fwd_adj, node)
        assert b_nodes == _reach(back_adj, node)
        # each edge returned is a real edge, listed once
        assert len({(e.src, e.dst) for e in f_edges}) == len(f_edges)
        assert {(e.src, e.dst) for e in f_edges} <= set(edges)
    for a in nodes:  # consistency: b is downstream of a  <=>  a is upstream of b
        down = {e.dst for e in graph.forward(a)}
        for b in down:
            assert a in {e.src for e in graph.backward(b)}


def test_cycles_terminate():
    for s, d in [((2, 1), (2, 2)), ((2, 2), (2, 3)), ((2, 3), (2, 1))]:
        TraceEdge.objects.create(
            enterprise_id=1,
            src_type=s[0],
            src_id=s[1],
            dst_type=d[0],
            dst_id=d[1],
            quantity=1,
            at=date(2026, 1, 1),
        )
    assert len(graph.forward((2, 1))) == 3
    assert len(graph.backward((2, 1))) == 3


def test_bad_direction():
    with pytest.raises(ValueError):
        graph.walk((1, 1), "sideways")
