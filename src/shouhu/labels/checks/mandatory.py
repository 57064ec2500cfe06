"""mandatory.missing.<field>: elements the label rules require but the label does not show.

GB 7718's list applies to every pre-packaged food; GB 13432's list is added for special dietary food
(a product with a known infant category). The field lists are the rules' params.fields.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from shouhu.labels.context import Context
from shouhu.labels.model import Finding

GENERAL = "gb7718.mandatory-elements"
SPECIAL_DIETARY = "gb13432-2013.mandatory-elements"

_EN = {
    "product_name": "product name",
    "ingredients": "ingredient list",
    "net_content": "net content",
    "producer": "producer name",
    "address": "producer address",
    "contact": "contact details",
    "licence_number": "food production licence number",
    "standard_code": "product standard code",
    "production_date": "production date",
    "shelf_life": "shelf life",
    "storage": "storage conditions",
    "suitable_age": "suitable population / age",
    "usage": "directions for use",
    "nutrition_table": "nutrition information table",
}


@functools.cache
def _zh(key: str) -> str:
    raw = yaml.safe_load(resources.files("shouhu.labels").joinpath("data/fields.yaml").read_text("utf-8"))
    return str(raw[key]["captions"][0]) if key in raw else key


def run(ctx: Context) -> list[Finding]:
    rules = [ctx.rules.rule(GENERAL)]
    if ctx.category in ctx.infant_categories:
        rules.append(ctx.rules.rule(SPECIAL_DIETARY))
    out: list[Finding] = []
    seen: set[str] = set()
    for rule in rules:
        if rule is None:
            continue
        for key in rule.params.get("fields") or ():
            key = str(key)
            if key in seen or key in ctx.label.fields:
                continue
            seen.add(key)
            out.append(
                Finding(
                    code=f"mandatory.missing.{key}",
                    severity="error",
                    message_zh=f"缺少强制标示内容：{_zh(key)}",
                    message_en=f"Mandatory label element missing: {_EN.get(key, key)}",
                    basis=rule.basis(),
                    span=None,
                    field=key,
                )
            )
    return out
