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


# Person notes (issue 23.3): apps above registry register `fn(person_ids) -> {person_id: [note, …]}` naming
# what the registry's pages must show beside a person (`{"title": …, "reason": …, "url": …}`): e.g. training's
# bar from the post after a failed assessment. Registry asks `person_notes()` and never imports who answers.
_PERSON_NOTES: list[Callable[[list[int]], dict[int, list[dict[str, Any]]]]] = []


def register_person_notes(fn: Callable[[list[int]], dict[int, list[dict[str, Any]]]]) -> None:
    if fn not in _PERSON_NOTES:
        _PERSON_NOTES.append(fn)


def person_notes(person_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for fn in _PERSON_NOTES if person_ids else ():
        for pk, notes in fn(person_ids).items():
            out.setdefault(pk, []).extend(notes)
    return out


# Person training (issue 23.4): the app that owns training records (training) registers
# `fn(person_ids, since) -> {person_id: {"hours": Decimal, "last": date | None, "url": str}}` — hours trained
# on or after `since`, the latest training date ever and the page that records one's training. Registry's
# pages ask `person_training()` (the home page's "no training in 12 months" prompt) and never import it.
_PERSON_TRAINING: list[Callable[[list[int], Any], dict[int, dict[str, Any]]]] = []


def register_person_training(fn: Callable[[list[int], Any], dict[int, dict[str, Any]]]) -> None:
    if fn not in _PERSON_TRAINING:
        _PERSON_TRAINING.append(fn)


def person_training(person_ids: list[int], since: Any) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for fn in _PERSON_TRAINING if person_ids else ():
        out.update(fn(person_ids, since))
    return out


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


# HACCP (issue 21): production asks the plan in force, and learns what keeps a hold or a new batch, without
# importing `haccp` (which sits above it and registers the answers in `HaccpConfig.ready()`).
# `ccp_limits(batch_id, point, parameter)` -> `{"min", "max", "unit", "ccp_id", "basis", "rule_min",
# "rule_max"}` from the plan in force for the batch's product, or None (no plan: production falls back to
# the product's legacy `critical_limits`).
_CCP_LIMITS: list[Callable[[int, str, str], dict[str, Any] | None]] = []


def register_ccp_limits(fn: Callable[[int, str, str], dict[str, Any] | None]) -> None:
    if fn not in _CCP_LIMITS:
        _CCP_LIMITS.append(fn)


def ccp_limits(batch_id: int, point: str, parameter: str) -> dict[str, Any] | None:
    for fn in _CCP_LIMITS:
        found = fn(batch_id, point, parameter)
        if found is not None:
            return found
    return None


# `hold_blockers(batch_id)` -> what must be settled before a held batch is released from its hold (an open
# CCP deviation without corrective action and disposition); `batch_blockers(product_id)` -> what stops a
# new batch of the product (a recipe, process or equipment change not yet reviewed, 第二十六条). Both
# `{"title", "url", "reason"}`, Chinese data.
_HOLD_BLOCKERS: list[Callable[[int], list[dict[str, Any]]]] = []
_BATCH_BLOCKERS: list[Callable[[int], list[dict[str, Any]]]] = []


def register_hold_blocker(fn: Callable[[int], list[dict[str, Any]]]) -> None:
    if fn not in _HOLD_BLOCKERS:
        _HOLD_BLOCKERS.append(fn)


def hold_blockers(batch_id: int) -> list[dict[str, Any]]:
    return [b for fn in _HOLD_BLOCKERS for b in fn(batch_id)]


def register_batch_blocker(fn: Callable[[int], list[dict[str, Any]]]) -> None:
    if fn not in _BATCH_BLOCKERS:
        _BATCH_BLOCKERS.append(fn)


def batch_blockers(product_id: int) -> list[dict[str, Any]]:
    return [b for fn in _BATCH_BLOCKERS for b in fn(product_id)]


# Where a batch was made (issue 22, 第五十八条): production's batch push may carry the code of the clean zone
# (and its line) the batch is made in. An app above production registers `fn(batch_id, zone, line, actor)`,
# which records it inside the batch's transaction (a refusal — an unknown zone or line — rolls the batch
# back: nothing is written). Production asks `batch_zone_record()` and never imports who answers; with no
# one registered it answers False and production refuses the zone rather than dropping it.
_BATCH_ZONE: list[Callable[..., Any]] = []


def register_batch_zone(fn: Callable[..., Any]) -> None:
    if fn not in _BATCH_ZONE:
        _BATCH_ZONE.append(fn)


def batch_zone_record(batch_id: int, zone: str, line: str, actor: Any) -> bool:
    for fn in _BATCH_ZONE:
        fn(batch_id, zone, line, actor)
    return bool(_BATCH_ZONE)


# `ccp_deviation(batch_id, record_id, point, parameter, value, actor)` — production's CCP record put a batch
# on hold (sent inside that transaction); `haccp` opens the deviation that its disposition closes.
ccp_deviation = Signal()


# Enterprise internal standards (企业内控标准, plan item 6): `internal_limit(kind, enterprise_id, product_id,
# item, rule_limit)` -> the limit to judge by (`{"min", "max", "rule_min", "rule_max", "own_min", "own_max",
# "basis", "document"}`), the stricter of the rule's (`rule_limit`, `{"min", "max"}` or None) and the
# enterprise's own; None when neither has one. `kind` is "release" or "monitoring".
_INTERNAL_LIMITS: list[Callable[..., dict[str, Any] | None]] = []


def register_internal_limit(fn: Callable[..., dict[str, Any] | None]) -> None:
    if fn not in _INTERNAL_LIMITS:
        _INTERNAL_LIMITS.append(fn)


def internal_limit(
    kind: str, enterprise_id: int, product_id: int | None, item: str, rule_limit: dict[str, Any] | None
) -> dict[str, Any] | None:
    for fn in _INTERNAL_LIMITS:
        found = fn(kind, enterprise_id, product_id, item, rule_limit)
        if found is not None:
            return found
    if rule_limit is None:
        return None
    return {
        "min": rule_limit.get("min"),
        "max": rule_limit.get("max"),
        "rule_min": rule_limit.get("min"),
        "rule_max": rule_limit.get("max"),
        "own_min": None,
        "own_max": None,
        "basis": "rule",
        "document": "",
    }
