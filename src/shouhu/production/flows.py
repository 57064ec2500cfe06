"""Flows of goods, announced to whoever keeps the trace: production knows nothing of the trace app.

A lot consumed into a batch and a batch shipped to a customer are flows (`Flow`). The service that records
one calls `announce()` inside its own transaction; the listeners registered at start-up run there too
(`trace` registers the writer of its graph edges in `TraceConfig.ready`), so a flow and its edge are
written together or not at all — as when production called the trace graph itself, but with the
dependency pointing down: trace reads production, never the reverse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    LOT = "lot"  # a MaterialLot
    BATCH = "batch"  # a Batch
    SHIPMENT = "shipment"  # a Shipment


@dataclass(frozen=True)
class Flow:
    """`quantity` went from `src` to `dst` on `at` (kg of a lot, units of a batch)."""

    enterprise_id: int
    src: tuple[Kind, int]
    dst: tuple[Kind, int]
    quantity: Decimal
    at: date


Listener = Callable[[Flow], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Register a listener once (idempotent, so a repeated `ready()` does not double the edges)."""
    if listener not in _listeners:
        _listeners.append(listener)


def announce(flow: Flow) -> None:
    """Tell every listener, in the caller's transaction; a listener's failure rolls the write back."""
    for listener in _listeners:
        listener(flow)
