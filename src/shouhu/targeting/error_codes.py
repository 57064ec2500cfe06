"""Targeting's refusal codes (`details.reason`)."""

from __future__ import annotations

from enum import StrEnum


class TargetingError(StrEnum):
    DIVISION_OUTSIDE = "train.division_outside"  # a jurisdiction outside the actor's own
