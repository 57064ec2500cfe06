"""contract.parties: a contract-made product's label (委托生产) does not name both parties as the rules require.

A label checked *as* a contract-made product carries the parties (`Context.contract`, given by the
contract-manufacturing app from the contract): the 委托方's and the 受托方's names must both appear, and the SC
number printed must be the 受托方's (the producing enterprise's licence). A label checked on its own says
it is contract-made by naming a party (委托方/委托单位, 受托方/被委托单位/受委托生产企业, data/parties.yaml) or
by its words (本产品为委托生产): then the label itself must name both parties and print the 受托方's SC
number (not one captioned as the 委托方's). What is required is the rule parameter `contract.label-parties`
(GB 7718 4.1.6.1.3; the measures' exact wording is [check]). A listing need not carry label elements.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

from shouhu.labels.context import Context
from shouhu.labels.fastscan import FastPattern
from shouhu.labels.model import Basis, Finding

CODE = "contract.parties"


def _compact(text: str) -> str:
    return re.sub(r"[\s（）()·]", "", text).lower()


def run(ctx: Context) -> list[Finding]:
    parties = ctx.contract
    if not parties:
        return [] if ctx.listing else _from_label(ctx)
    basis = _basis(ctx)
    required = _required(ctx)
    text = _compact(ctx.label.text)
    out: list[Finding] = []
    for key, zh, en in (
        ("principal_name", "委托方", "the entrusting party"),
        ("manufacturer_name", "受托方", "the contract manufacturer"),
    ):
        name = str(parties.get(key) or "").strip()
        if required.get(key, True) and name and _compact(name) not in text:
            out.append(
                Finding(
                    code=CODE,
                    severity="error",
                    message_zh=f"委托生产食品标签未标示{zh}名称“{name}”",
                    message_en=f'The label of a contract-made food does not name {en} "{name}"',
                    basis=basis,
                    field="producer",
                )
            )
    number = str(parties.get("manufacturer_licence") or "").strip().upper()
    if required.get("manufacturer_licence", True) and number and number.lower() not in text:
        printed = re.findall(r"sc\d{14}", text)
        shown = f"（标签为 {printed[0].upper()}）" if printed else ""
        out.append(
            Finding(
                code=CODE,
                severity="error",
                message_zh=f"委托生产食品标签应标示受托方的食品生产许可证编号 {number}{shown}",
                message_en=f"The label of a contract-made food must show the manufacturer's licence number {number}",
                basis=basis,
                field="licence_number",
            )
        )
    return out


@functools.cache
def _contract_made() -> FastPattern:
    raw = yaml.safe_load(resources.files("shouhu.labels").joinpath("data/parties.yaml").read_text("utf-8"))
    return FastPattern(re.compile(raw["contract_made"]))


_SC = re.compile(r"(?:sc|qs)\s?\d")


def _from_label(ctx: Context) -> list[Finding]:
    """A label that says it is contract-made, checked on its own words."""
    fields = ctx.label.fields
    named = {
        k for k in ("principal", "manufacturer", "principal_address", "principal_licence") if k in fields
    }
    said = any(not ctx.negated(m.start(), m.end()) for m in _contract_made().finditer(ctx.norm))
    # (a FastPattern: only the first characters of its words are searched for, in C)
    if not named and not said:
        return []
    required = _required(ctx)
    basis = _basis(ctx)
    out: list[Finding] = []
    for key, field, zh, en in (
        ("principal_name", "principal", "委托方", "the entrusting party"),
        ("manufacturer_name", "manufacturer", "受托方", "the contract manufacturer"),
    ):
        if required.get(key, True) and field not in fields:
            out.append(
                Finding(
                    code=CODE,
                    severity="error",
                    message_zh=f"委托生产食品标签未标示{zh}的名称",
                    message_en=f"The label of a contract-made food does not name {en}",
                    basis=basis,
                    field="producer",
                )
            )
    licence = fields.get("licence_number")  # the 受托方's, or an SC number under no party's caption
    if required.get("manufacturer_licence", True) and (
        licence is None or not _SC.search(ctx.norm, licence.span.start, licence.span.end)
    ):
        out.append(
            Finding(
                code=CODE,
                severity="error",
                message_zh="委托生产食品标签未标示受托方的食品生产许可证编号",
                message_en="The label of a contract-made food does not show the manufacturer's licence number",
                basis=basis,
                field="licence_number",
            )
        )
    return out


def _required(ctx: Context) -> dict[str, bool]:
    value = ctx.rules.parameter("contract.label-parties")  # None before it is in force: require all three
    return {str(k): bool(v) for k, v in (value or {}).items()}


def _basis(ctx: Context) -> Basis:
    spec = ctx.lex.bases[CODE]
    return ctx.rules.parameter_basis(spec["parameter"]) or Basis(spec["parameter"], spec["cite"])
