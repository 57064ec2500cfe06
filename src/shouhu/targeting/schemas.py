"""Targeting API schemas: versions with their evaluation, a plan's ranking, the retraining job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import ConfigDict, Field

from shouhu.core.api import named


class TargetingModelVersionOut(Schema):
    id: int
    version: str
    division_code: str
    algorithm: str
    trained_on: dt.date
    cutoff: dt.date
    train_rows: int
    train_serious: int
    evaluation: dict[str, Any]  # time split: caught share in the first k, model vs grade-only vs random
    lift: float | None
    lift_low: float | None
    lift_high: float | None
    decision: str
    promoted: bool
    trigger: str


class TargetingContributionOut(Schema):
    key: str
    name: str
    value: float
    effect: float


class TargetingRankingRowOut(Schema):
    enterprise_id: int
    enterprise_name: str = Field(validation_alias="enterprise.name")
    rank: int
    probability: float
    level: str
    score: float
    contributions: list[TargetingContributionOut]


class TargetingPlanRankingOut(Schema):
    plan_id: int
    division_code: str
    year: int
    ordering: str
    used_by_plan: bool
    version: TargetingModelVersionOut | None
    rows: list[TargetingRankingRowOut]


class TargetingRetrainIn(Schema):
    model_config = ConfigDict(extra="forbid")

    division_code: str = named(_("辖区代码"), min_length=6, max_length=6, pattern="^[0-9]{6}$")


class TargetingRetrainJobOut(Schema):
    id: str
    status: str
    progress: int
    status_url: str
    version_id: int | None = None
    version: str | None = None
    promoted: bool | None = None
    error: dict[str, Any] | None = None
