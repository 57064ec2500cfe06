"""The gate's refusals, logged (issue 32): each release or shipment the gate refuses is a `GateRefusal`.

A refusal writes nothing of the refused record (its transaction rolls back), so the log is written
outside that transaction: at once when the gate was called outside any transaction, else after the
caller's transaction ends, when the caller wraps it in `kept()` (the release page's signed release, a
bulk push). Without `kept()` inside a transaction, the row goes in with the caller's transaction.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction

from shouhu.core.errors import Conflict, ValidationFailed

from ..models import Batch, Gate, GateRefusal

F = TypeVar("F", bound=Callable[..., Any])
_local = threading.local()


def _save(rows: list[GateRefusal]) -> None:
    GateRefusal.objects.bulk_create(rows)


def _note(row: GateRefusal) -> None:
    pending = getattr(_local, "rows", None)
    if transaction.get_connection().in_atomic_block and pending is not None:
        pending.append(row)
    else:
        _save([row])


@contextmanager
def kept() -> Iterator[None]:
    """Around a caller's own transaction: refusals inside it are written once it has ended."""
    if getattr(_local, "rows", None) is not None:  # nested: the outermost writes
        yield
        return
    _local.rows = []
    try:
        yield
    finally:
        rows, _local.rows = _local.rows, None
        if rows:
            _save(rows)


def logged(gate: Gate) -> Callable[[F], F]:
    """Log the gate's refusals (validation and state, not tenancy or permission) of the decorated service."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, actor: Any, batch: Batch, **kwargs: Any) -> Any:
            try:
                return fn(*args, actor=actor, batch=batch, **kwargs)
            except (ValidationFailed, Conflict) as exc:
                details = exc.details if isinstance(exc.details, dict) else {}
                _note(
                    GateRefusal(
                        enterprise_id=batch.enterprise_id,
                        batch_id=batch.pk,
                        gate=gate,
                        reason=str(details.get("reason", exc.code))[:64],
                        message=exc.message_zh[:500],
                        cite=str(details.get("cite", ""))[:200],
                        actor_label=str(getattr(actor, "actor_label", "") or actor)[:200],
                    )
                )
                raise

        return wrapper  # type: ignore[return-value]

    return decorate
