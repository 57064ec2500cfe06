"""mandatory.missing.<field>: elements the label rules require but the label does not show.

GB 7718's list applies to every pre-packaged food; GB 13432's list is added for special dietary food
(a product with a known infant category). The field lists are the rules' params.fields.
"""

from __future__ import annotations

import functools
import re
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
    "origin_country": "country or region of origin",
    "importer": "name of the importer, agent or distributor in China",
    "importer_address": "address of the importer, agent or distributor",
}

# GB 7718 4.1.6.3 / 4.1.10: an imported food names its country of origin and the importer, agent or
# distributor registered in China (name, address, contact) instead of the producer; it carries no SC
# licence (that is for production in China) and need not print a product standard code.
IMPORTED_NOT_REQUIRED = frozenset({"licence_number", "standard_code"})
IMPORTED_REQUIRED = ("origin_country", "importer")
# a field another field stands for: the importer (GB 7718 4.1.6.3) or a contract-made food's parties
# (4.1.6.1.3: 委托方 and 受托方, data/parties.yaml) for the producer, and their addresses for the address
STANDS_FOR = {
    "producer": ("importer", "principal", "manufacturer"),
    "address": ("importer_address", "principal_address", "manufacturer_address"),
}
# the names that may carry their party's address with them ("XX有限公司（甘肃省兰州市庆阳路160号）")
NAMES = ("producer", "importer", "principal", "manufacturer")


@functools.cache
def _address_in_name() -> re.Pattern[str]:
    raw = yaml.safe_load(resources.files("shouhu.labels").joinpath("data/parties.yaml").read_text("utf-8"))
    return re.compile(raw["address_in_name"])


def imported(ctx: Context) -> bool:
    """The label is an imported food's: it states a country of origin, or names an importer."""
    fields = ctx.label.fields
    if "origin_country" in fields:
        return True
    fv = fields.get("importer")
    return fv is not None and "进口" in ctx.norm[max(0, fv.span.start - 8) : fv.span.start]


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
    is_imported = imported(ctx)
    present = set(ctx.label.fields)
    for key, others in STANDS_FOR.items():
        if any(o in present for o in others):
            present.add(key)
    if is_imported and "importer" not in present:
        # the importer's element is its name, address and contact (GB 7718 4.1.6.3): missing, it is one finding
        present |= {"address", "contact"}
    if "address" not in present and any(
        _address_in_name().search(ctx.norm, fv.span.start, fv.span.end)
        for k in NAMES
        if (fv := ctx.label.fields.get(k)) is not None
    ):
        present.add("address")
    for rule in rules:
        if rule is None:
            continue
        keys = [str(k) for k in rule.params.get("fields") or ()]
        if is_imported:
            keys = [k for k in keys if k not in IMPORTED_NOT_REQUIRED] + (
                list(IMPORTED_REQUIRED) if rule is rules[0] else []
            )
        for key in keys:
            if key in seen or key in present:
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
