"""The seller inspection checklist as rule data (`rules/sets/sales-2026`): a kernel template source and
the outcome rule. No models.

`seller_source(params, as_of)` returns every `checklist: seller` item of the set in force on `as_of`; the
online items only when `params["online"]` (the seller has a shop). The 重点 marks (`sales.key-items`) and
the outcome words (`sales.outcome`) are [check] parameters of the rule data. `outcome_rule` judges a run:
a failed 重点 item → 不符合 and a `case_clue` flag, a failed 一般 item → 基本符合 and `rectify`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from shouhu.rules import engine as rules_engine
from shouhu.workflow.checklists.hooks import ItemSpec, TemplateSpec
from shouhu.workflow.checklists.schemes import WORDS
from shouhu.workflow.checklists.verdicts import Flag, ScoredItem, Verdict

SOURCE = "sales_seller"
VERDICT_RULE = "sales_outcome"
SET = "sales-2026"


def engine_for(as_of: date) -> Any:
    return rules_engine(as_of, (SET,))


def seller_source(params: Mapping[str, Any], as_of: date) -> TemplateSpec:
    eng = engine_for(as_of)
    key_ids = set(eng.parameter("sales.key-items").value)
    order = list(eng.parameter("sales.areas").value)
    online = bool(params.get("online"))
    items = []
    for rule in eng.rules.values():
        p = rule.params or {}
        if rule.kind != "requirement" or p.get("checklist") != "seller":
            continue
        if p.get("online") and not online:
            continue
        items.append(
            ItemSpec(
                item_id=rule.id,
                title=(rule.title or rule.text[:60])[:300],
                text=rule.text,
                citation=rule.source.cite()[:300],
                group=str(p.get("area") or ""),
                key=rule.id in key_ids,
                scheme="pass_fail",
            )
        )
    items.sort(key=lambda i: (order.index(i.group) if i.group in order else len(order), i.item_id))
    outcome = eng.parameter("sales.outcome")
    return TemplateSpec(
        items=items,
        verdict_rule=VERDICT_RULE,
        verdict_params={"words": dict(outcome.value), "cite": outcome.source.cite()},
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
    return Verdict(passed=not key_failed, result=result, flags=tuple(flags))
