"""The inspection checklist as rule data: a kernel template source and the outcome rule. No models.

`inspection_source(params, as_of)` is registered as the kernel's template source `inspection`: it reads
the rule set `inspection-2026` (and any overlay a province names in `params["sets"]`, which supersedes or
adds items and overrides the parameters) over the 细则 base, and returns the items for the enterprise's
product profiles — every item whose `applies_when` holds for one of them (an item is kept when the
profile is too sparse to decide: never silently dropped). The 重点 marks (`inspection.key-items`) and the
outcome words (`inspection.outcome`) are parameters of the rule data, both [check].

`outcome_rule` is the verdict rule the template names: a failed 重点 item gives `key_failed`'s outcome and
flags `case_clue`; a failed 一般 item gives `general_failed`'s and flags `rectify`; otherwise
`none_failed`'s. The words come from the template's verdict parameters (copied from the rule data when
the template was built), so a run is always judged by the rule in force on its day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from shouhu.rules import engine as rules_engine
from shouhu.rules.predicates import Subject
from shouhu.workflow.checklists.hooks import ItemSpec, TemplateSpec
from shouhu.workflow.checklists.schemes import WORDS
from shouhu.workflow.checklists.verdicts import Flag, ScoredItem, Verdict

SOURCE = "inspection"
VERDICT_RULE = "inspection_outcome"
SET = "inspection-2026"
BASE = "xize-2017"
SPECIAL_AREAS = frozenset({"quality-system", "raw-materials"})
KINDS = ("routine", "system")


def engine_for(as_of: date, sets: Sequence[str] = ()) -> Any:
    return rules_engine(as_of, (BASE, SET, *[s for s in sets if s not in (BASE, SET)]))


def _subject(profile: Mapping[str, Any]) -> Subject:
    return Subject(
        category=profile.get("category"),
        variety=profile.get("variety"),
        processes=frozenset(str(p) for p in profile.get("processes") or ()),
        attributes=dict(profile.get("attributes") or {}),
    )


def _applies(rule: Any, profiles: Sequence[Mapping[str, Any]]) -> bool:
    if rule._predicate is None or not profiles:
        return True
    for profile in profiles:
        try:
            if rule._predicate(_subject(profile)):
                return True
        except (KeyError, TypeError, ValueError):
            return True  # the profile cannot decide: keep the item
    return False


def inspection_source(params: Mapping[str, Any], as_of: date) -> TemplateSpec:
    kind = params.get("kind") or "routine"
    if kind not in KINDS:
        raise ValueError(f"unknown inspection kind {kind!r}")
    eng = engine_for(as_of, tuple(params.get("sets") or ()))
    own_sets = {SET, *(params.get("sets") or ())}
    key_ids = set(eng.parameter("inspection.key-items").value)
    special = bool(eng.parameter("inspection.special-food-areas").value) or kind == "system"
    lists = {"routine"} if kind == "routine" else {"routine", "system"}
    profiles = list(params.get("profiles") or ())
    items = []
    for rule in eng.rules.values():
        p = rule.params or {}
        if rule.set_id not in own_sets or rule.kind != "requirement" or p.get("checklist") not in lists:
            continue
        area = str(p.get("area") or "")
        if area == "contract" and not params.get("contract"):
            continue
        if area in SPECIAL_AREAS and not special:
            continue
        if not _applies(rule, profiles):
            continue
        items.append(
            ItemSpec(
                item_id=rule.id,
                title=(rule.title or rule.text[:60])[:300],
                text=rule.text,
                citation=rule.source.cite()[:300],
                group=area,
                key=rule.id in key_ids,
                scheme="pass_fail",
            )
        )
    order = list(eng.parameter("inspection.areas").value)
    items.sort(key=lambda i: (order.index(i.group) if i.group in order else len(order), i.item_id))
    outcome = eng.parameter("inspection.outcome")
    return TemplateSpec(
        items=items,
        verdict_rule=VERDICT_RULE,
        verdict_params={
            "words": dict(outcome.value),
            "cite": outcome.source.cite(),
            "confidence": outcome.confidence,
        },
        min_scorers=1,
    )


def _word(params: Mapping[str, Any], key: str, default: str) -> str:
    word = str((params.get("words") or {}).get(key) or default)
    return WORDS.get(word, word)


def outcome_rule(items: Sequence[ScoredItem], params: Mapping[str, Any]) -> Verdict:
    key_failed = tuple(i.item_id for i in items if i.key and i.failed)
    general_failed = tuple(i.item_id for i in items if not i.key and i.failed)
    if key_failed:
        result = _word(params, "key_failed", "不符合")
    elif general_failed:
        result = _word(params, "general_failed", "基本符合")
    else:
        result = _word(params, "none_failed", "符合")
    flags = []
    if key_failed:
        flags.append(Flag("case_clue", key_failed))
    if general_failed:
        flags.append(Flag("rectify", general_failed))
    return Verdict(passed=result != "nonconform", result=result, flags=tuple(flags))
