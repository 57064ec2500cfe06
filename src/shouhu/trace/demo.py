"""Demo data for the trace app: a year of production (`production.demo`), then the recall it calls for.

Production's generator knows nothing of recalls; it names the lot a recall should start from
(`ProductionResult.recall_candidates`). Here that recall is started, three customers are notified and
part of their goods recovered, and the recall is reported to the regulator — through the trace services,
so the ledger is what real use would write.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from shouhu.production import demo as production_demo
from shouhu.production.demo import ProductionResult, RecallCandidate

from . import services


def _at(d: date, hour: int) -> datetime:
    return datetime.combine(d, time(hour, 0), tzinfo=production_demo.TZ)


def _recall(candidate: RecallCandidate) -> None:
    writer, lot, day = candidate.actor, candidate.lot, candidate.as_of - timedelta(days=2)
    rc = services.recall_start(
        actor=writer,
        level=2,
        lot=lot,
        started_at=_at(day, 9),
        reason=f"原料{lot.material.name}批次 {lot.code} 复检镉含量超标，相关批次主动召回",
    )
    for item in list(rc.items.exclude(shipment=None))[:3]:
        services.recall_notify(actor=writer, item=item, at=_at(day, 11))
        services.recall_recover(
            actor=writer, item=item, quantity=(item.quantity * Decimal("0.6")).quantize(Decimal("1"))
        )
    services.recall_report(actor=writer, recall=rc, at=_at(day, 15))


def generate_production(rng: random.Random, enterprises: Iterable[Any], **options: Any) -> ProductionResult:
    """`production.demo.generate_production` (same options), then the recalls it names."""
    result = production_demo.generate_production(rng, enterprises, **options)
    for candidate in result.recall_candidates:
        _recall(candidate)
        result.recalls += 1
    return result
