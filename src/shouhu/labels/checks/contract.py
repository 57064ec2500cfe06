"""contract.parties: a contract-made product's label (委托生产) does not name both parties as the rules require.

Only labels checked *as* contract-made products carry the parties (`Context.contract`, given by the
contract-manufacturing app from the contract): the 委托方's and the 受托方's names must both appear, and the SC
number printed must be the 受托方's (the producing enterprise's licence). What is required is the rule
parameter `contract.label-parties` (GB 7718 4.1.6.1.3; the measures' exact wording is [check]).
"""

from __future__ import annotations

import re

from shouhu.labels.context import Context
from shouhu.labels.model import Basis, Finding

CODE = "contract.parties"


def _compact(text: str) -> str:
    return re.sub(r"[\s（）()·]", "", text).lower()


def run(ctx: Context) -> list[Finding]:
    parties = ctx.contract
    if not parties:
        return []
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


def _required(ctx: Context) -> dict[str, bool]:
    value = ctx.rules.parameter("contract.label-parties")  # None before it is in force: require all three
    return {str(k): bool(v) for k, v in (value or {}).items()}


def _basis(ctx: Context) -> Basis:
    spec = ctx.lex.bases[CODE]
    return ctx.rules.parameter_basis(spec["parameter"]) or Basis(spec["parameter"], spec["cite"])
