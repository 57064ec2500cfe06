"""The built-in template source `rules`: checklist items from `shouhu.rules` for products on a date.

`params`: `profiles` (product profiles the engine validates: category, variety, processes …), optionally
`sets` (rule sets, default the engine's) and `kinds` (rule kinds to include). Each requirement in force that
applies to a profile becomes one item (its rule id is the stable item id, its citation the rule's source),
binding the products it applies to; a numeric requirement (`check`) becomes a measured item with the rule's
limits; the others are graded with the rule data's points (`verdict.item-scores`,
`verdict.trial-report-scores`). The verdict rule and its parameters come from rule data too
(`verdict.pass-score-rate`, `verdict.no-zero-items`, `verdict.min-inspectors`) when the sets define them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from shouhu.rules import engine as rules_engine

from .hooks import ItemSpec, TemplateSpec

KINDS = frozenset(
    {"article", "requirement", "zoning", "equipment", "personnel", "cleanroom", "product_standard"}
)
TRIAL_PART = "trial_report"


def _param(eng: Any, param_id: str) -> Any:
    try:
        return eng.parameter(param_id).value
    except KeyError:
        return None


def product_key(profile: Mapping[str, Any]) -> str:
    return f"{profile['category']}:{profile['variety']}"


def rules_source(params: Mapping[str, Any], as_of: date) -> TemplateSpec:
    sets = tuple(params.get("sets") or ())
    eng = rules_engine(as_of, sets) if sets else rules_engine(as_of)
    kinds = frozenset(params.get("kinds") or KINDS)
    # Points from rule data; a caller whose sets define none names them (`points`, `trial_points`).
    item_points = _param(eng, "verdict.item-scores") or params.get("points")
    trial_points = _param(eng, "verdict.trial-report-scores") or params.get("trial_points") or item_points
    reqs: dict[str, Any] = {}
    bound: dict[str, list[str]] = {}
    for profile in params.get("profiles") or ():
        key = product_key(profile)
        for req in eng.applicable(profile):
            if req.kind not in kinds or (req.scoring_part is None and req.check is None):
                continue
            reqs.setdefault(req.id, req)
            if key not in bound.setdefault(req.id, []):
                bound[req.id].append(key)
    items = []
    for req in reqs.values():
        check = req.check
        part = req.scoring_part or ""
        items.append(
            ItemSpec(
                item_id=req.id,
                title=(req.title or req.text[:60])[:300],
                text=req.text,
                citation=str(req.source.get("cite") or req.source.get("doc") or "")[:300],
                group=part,
                key=bool((req.params or {}).get("key")),
                scheme="measured" if check else "graded",
                points=None if check else (trial_points if part == TRIAL_PART else item_points),
                limits={k: check[k] for k in ("quantity", "operator", "value", "value_max", "unit")}
                if check
                else None,
                groups=tuple(bound[req.id]),
            )
        )
    verdict_params: dict[str, Any] = {}
    if _param(eng, "verdict.pass-score-rate") is not None:
        verdict_params = {
            "pass_rate": str(_param(eng, "verdict.pass-score-rate")),
            "no_zero_items": bool(_param(eng, "verdict.no-zero-items")),
            "exclude_not_applicable": bool(_param(eng, "verdict.exclude-not-applicable")),
            "groups": [product_key(p) for p in params.get("profiles") or ()],
        }
    return TemplateSpec(
        items=items,
        verdict_rule="rate_per_group",
        verdict_params=verdict_params,
        min_scorers=int(_param(eng, "verdict.min-inspectors") or 1),
    )
