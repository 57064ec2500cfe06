"""Hooks core offers to the apps above it, so that core never imports them (dependencies point down).

A lower layer announces that something happened; the app that cares connects in its `AppConfig.ready()`.
Core knows only the hook, never who listens.

`enterprise_pushed(enterprise_id, at)` — an enterprise system wrote through the API with its key (sent by
`accounts.auth` on every authenticated write; `registry` keeps `Enterprise.last_push_at` for 接入率).
Telemetry, not a regulated change: no ledger entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.dispatch import Signal

enterprise_pushed = Signal()

# `sample_failed(sample_ids, actor)` — supervision sampling judged these samples failed for the first time
# (sent by `sampling.services.results` inside the results' transaction, so a listener's write commits or
# rolls back with them). `disposal` connects and opens a 核查处置 case for each.
sample_failed = Signal()


# Licence-decision blockers (2026 plan item 2): apps above licensing register a function
# `fn(enterprise_id) -> list[dict]` naming what must be settled before a renewal or change is approved
# (`{"title": …, "url": …, "reason": …}`, Chinese data). Licensing asks `licence_blockers()` and never
# imports who answers.
_LICENCE_BLOCKERS: list[Callable[[int], list[dict[str, Any]]]] = []


def register_licence_blocker(fn: Callable[[int], list[dict[str, Any]]]) -> None:
    if fn not in _LICENCE_BLOCKERS:
        _LICENCE_BLOCKERS.append(fn)


def licence_blockers(enterprise_id: int) -> list[dict[str, Any]]:
    return [b for fn in _LICENCE_BLOCKERS for b in fn(enterprise_id)]


# `licence_granted(application_id, licence_id, actor)` — a licence application was approved (sent by
# `licensing.services.decisions.application_approve` inside the decision's transaction). `cleanroom`
# connects and makes the enterprise's premises (作业区) from the application's zones (表2–4).
licence_granted = Signal()


# Release-decision flags (第六十一条 with 第五十八条): apps above production register a function
# `fn(batch_id) -> list[dict]` naming what the releasing person must weigh before signing
# (`{"title": …, "url": …, "reason": …}`, Chinese data): e.g. the batch was made in a clean zone during an
# open environmental-monitoring deviation. Production asks `release_flags()` and never imports who answers.
_RELEASE_FLAGS: list[Callable[[int], list[dict[str, Any]]]] = []


def register_release_flag(fn: Callable[[int], list[dict[str, Any]]]) -> None:
    if fn not in _RELEASE_FLAGS:
        _RELEASE_FLAGS.append(fn)


def release_flags(batch_id: int) -> list[dict[str, Any]]:
    return [f for fn in _RELEASE_FLAGS for f in fn(batch_id)]


# Credit-file sources (issue 30): apps above enforcement register `fn(enterprise_id) -> list[dict]` naming
# their records of an enterprise for its 信用档案 (`{"kind", "date", "title", "outcome", "url", "public"}`,
# Chinese data; `public` says whether the rules make it public now). Enforcement asks `credit_records()`
# and never imports who answers (inspection registers its results).
_CREDIT_SOURCES: list[Callable[[int], list[dict[str, Any]]]] = []


def register_credit_source(fn: Callable[[int], list[dict[str, Any]]]) -> None:
    if fn not in _CREDIT_SOURCES:
        _CREDIT_SOURCES.append(fn)


def credit_records(enterprise_id: int) -> list[dict[str, Any]]:
    return [r for fn in _CREDIT_SOURCES for r in fn(enterprise_id)]


# Plan rankings (issue 33): an app above risk registers `fn(division_code, enterprise_ids) -> dict | None`
# giving its promoted ranking for the jurisdiction, `{"version": str, "order": {enterprise_id: rank}}`
# (rank 1 first), or None when it has no promoted model there. Risk's plan generator asks
# `plan_ranking()` to order the inspections inside each grade's quota and never imports who answers.
_PLAN_RANKINGS: list[Callable[[str, list[int]], dict[str, Any] | None]] = []


def register_plan_ranking(fn: Callable[[str, list[int]], dict[str, Any] | None]) -> None:
    if fn not in _PLAN_RANKINGS:
        _PLAN_RANKINGS.append(fn)


def plan_ranking(division_code: str, enterprise_ids: list[int]) -> dict[str, Any] | None:
    for fn in _PLAN_RANKINGS:
        found = fn(division_code, enterprise_ids)
        if found:
            return found
    return None
