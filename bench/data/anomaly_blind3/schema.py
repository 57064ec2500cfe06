"""Input row types the anomaly detectors take (copied from the detectors module, detector code removed).
Every detector takes a list of one of these types for ONE day (`day`) and returns findings naming an
enterprise_id. Build rows exactly of these types."""

from __future__ import annotations

from datetime import date, datetime
from dataclasses import dataclass, field
from typing import Any

@dataclass(frozen=True)
class BatchRow:
    id: int
    enterprise_id: int
    product_id: int
    number: str
    consumed: float  # materials fed (配料投料, 附件1 #17/#18)
    output: float  # finished goods (产量)
    new: bool = True  # pushed on the day examined (history rows give the product's yield)
    yield_range: tuple[float, float] | None = None  # the process's declared range, when the product has one



@dataclass(frozen=True)
class RecordRow:
    type: str  # model label
    id: int
    enterprise_id: int
    stated: date  # the day the record says the event happened
    recorded: date  # the day it reached the platform (local date)
    text: str = ""
    released_on: date | None = None  # for release tests: the batch's release day



@dataclass(frozen=True)
class RefusalRow:
    id: int
    enterprise_id: int
    batch_id: int | None
    gate: str
    reason: str
    at: datetime



@dataclass
class Series:
    enterprise_id: int
    type: str  # model label of the rows
    key: str  # e.g. "杀菌 温度"
    ids: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    limit_min: float | None = None
    limit_max: float | None = None



@dataclass(frozen=True)
class Activity:
    enterprise_id: int
    licensed: bool
    production_pushes: int  # batches, consumptions, CCP records in the window
    shipments: int  # shipments in the window
    shipment_ids: tuple[int, ...] = ()
    stopped: bool = False  # a recorded production stop (附件1 #16) covers the window



@dataclass(frozen=True)
class SelfControl:
    enterprise_id: int
    checks: tuple[tuple[int, date, bool], ...]  # daily checks: (id, day, zero risk)
    deviations: tuple[tuple[str, int, date], ...]  # monitoring deviations: (model label, id, day)


