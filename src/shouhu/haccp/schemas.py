"""HACCP's API schemas (typed In/Out, explicit fields)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import BaseModel, Field

from .services.readings import MAX_ITEMS, HaccpReadingIn


class HaccpReadingsIn(BaseModel):
    """A plain pydantic model, not a ninja Schema: ninja's per-object validator is slow per reading."""

    items: list[HaccpReadingIn] = Field(min_length=1, max_length=MAX_ITEMS)


class HaccpBatchOut(Schema):
    id: int
    count: int
    out_of_limit: int
    sha256: str


class HaccpCcpOut(Schema):
    id: int
    code: str
    step: str
    parameter: str
    unit: str
    limit_min: float | None
    limit_max: float | None
    rule_min: float | None
    rule_max: float | None
    basis: str
    document: str
    times: int
    per: str


class HaccpPlanOut(Schema):
    id: int
    enterprise_id: int
    product_id: int | None
    family: str = ""
    product_ids: list[int] = []  # every product the plan covers (a family plan covers several)
    title: str
    version: int | None
    signed_at: datetime | None
    ccps: list[HaccpCcpOut] = []


class HaccpCloseIn(Schema):
    corrective_action: str = Field(min_length=1, max_length=2000)
    disposition: str = Field(max_length=12)
    reason: str = Field(default="", max_length=300)


class HaccpDeviationOut(Schema):
    id: int
    title: str
    kind: str
    disposition: str
    closed_at: datetime | None
