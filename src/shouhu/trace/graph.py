"""The trace graph in SQL: edges written with the records, walked with one recursive CTE per direction.

`WITH RECURSIVE … UNION` (not UNION ALL) keeps each node once, so the walk terminates on any graph and
its cost is proportional to the nodes and edges it reaches: each step is a range scan of a covering index
(`trace_edge_fwd` / `trace_edge_back`), never a scan of the table. Works unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from shouhu.production.flows import Flow, Kind

from .models import Node, TraceEdge

TABLE = TraceEdge._meta.db_table

# The anchor is the start node (cast so PostgreSQL types the recursive columns like the table's); each
# recursive step joins the edges touching the frontier. `walk CROSS JOIN edges` makes SQLite drive the
# final join from the (small) walk into the index instead of scanning the edge table; PostgreSQL plans
# CROSS JOIN … WHERE like any inner join.
_BACK = f"""
WITH RECURSIVE walk(t, id) AS (
    SELECT CAST(%s AS SMALLINT), CAST(%s AS BIGINT)
    UNION
    SELECT e.src_type, e.src_id FROM {TABLE} e JOIN walk w ON e.dst_type = w.t AND e.dst_id = w.id
)
SELECT e.src_type, e.src_id, e.dst_type, e.dst_id, e.quantity, e.at
FROM walk w CROSS JOIN {TABLE} e WHERE e.dst_type = w.t AND e.dst_id = w.id
"""
_FORWARD = f"""
WITH RECURSIVE walk(t, id) AS (
    SELECT CAST(%s AS SMALLINT), CAST(%s AS BIGINT)
    UNION
    SELECT e.dst_type, e.dst_id FROM {TABLE} e JOIN walk w ON e.src_type = w.t AND e.src_id = w.id
)
SELECT e.src_type, e.src_id, e.dst_type, e.dst_id, e.quantity, e.at
FROM walk w CROSS JOIN {TABLE} e WHERE e.src_type = w.t AND e.src_id = w.id
"""


@dataclass(frozen=True)
class Edge:
    src: tuple[int, int]
    dst: tuple[int, int]
    quantity: Decimal
    at: date


def add_edge(
    enterprise_id: int, src_type: int, src_id: int, dst_type: int, dst_id: int, quantity: Decimal, at: date
) -> None:
    """Record that `quantity` flowed src → dst (called inside the service's transaction)."""
    TraceEdge.objects.create(
        enterprise_id=enterprise_id,
        src_type=src_type,
        src_id=src_id,
        dst_type=dst_type,
        dst_id=dst_id,
        quantity=quantity,
        at=at,
    )


NODE = {Kind.LOT: Node.LOT, Kind.BATCH: Node.BATCH, Kind.SHIPMENT: Node.SHIPMENT}


def record_flow(flow: Flow) -> None:
    """The listener production announces its flows to (registered in `TraceConfig.ready`)."""
    add_edge(
        flow.enterprise_id,
        NODE[flow.src[0]],
        flow.src[1],
        NODE[flow.dst[0]],
        flow.dst[1],
        flow.quantity,
        flow.at,
    )


def _walk(sql: str, node: tuple[int, int]) -> list[Edge]:
    with connection.cursor() as cur:
        cur.execute(sql, [int(node[0]), int(node[1])])
        rows = cur.fetchall()
    out = []
    for st, si, dt, di, q, at in rows:
        if isinstance(at, str):  # SQLite returns raw text from a CTE
            at = date.fromisoformat(at)
        out.append(Edge((int(st), int(si)), (int(dt), int(di)), Decimal(str(q)), at))
    return out


def backward(node: tuple[int, int]) -> list[Edge]:
    """Every edge upstream of `node` (batch → material lots → …)."""
    return _walk(_BACK, node)


def forward(node: tuple[int, int]) -> list[Edge]:
    """Every edge downstream of `node` (material lot → batches → shipments)."""
    return _walk(_FORWARD, node)


def walk(node: tuple[int, int], direction: str) -> tuple[list[Edge], list[Edge]]:
    """(backward edges, forward edges) for direction back | forward | both."""
    if direction not in {"back", "forward", "both"}:
        raise ValueError(f"direction must be back, forward or both, not {direction!r}")
    back = backward(node) if direction in {"back", "both"} else []
    fwd = forward(node) if direction in {"forward", "both"} else []
    return back, fwd
