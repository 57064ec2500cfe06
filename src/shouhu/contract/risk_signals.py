"""Contract runs as a risk signal (issue 20.5, 2026 plan item 11: 频繁委托生产), discovered by
`risk.signals.autodiscover`.

A fact is duck-typed (key, value, text, params) so this app needs no import of `risk`, which sits above it.
`contract_runs`: batches made under contracts in the 12 months to the grading day, the enterprise on either
side; `contract_runs_frequent`: that volume reached the rule data's line (`contract.frequent-runs`, [check]),
stated with its citation. Risk's focus groups read the second (`contract_frequent`); a scheme scores them
when it names the keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class Fact:
    key: str
    value: Any
    text: str
    params: dict[str, Any] = field(default_factory=dict)


RULE = "contract.frequent-runs"


def facts(enterprise_ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    from shouhu.core import regulation

    from .selectors import run_signal

    signal = run_signal(enterprise_ids=list(enterprise_ids), as_of=on)
    threshold = int(regulation.param(RULE, on))
    citation = regulation.cite(RULE, on)
    out: dict[int, list[Fact]] = {}
    for eid in enterprise_ids:
        s = signal.get(eid) or {"runs": 0, "contracts": 0, "per_month": 0.0, "frequent": False}
        params = {
            "runs": s["runs"],
            "contracts": s["contracts"],
            "per_month": s["per_month"],
            "threshold": threshold,
            "citation": citation,
        }
        frequent = N_(
            "近12个月委托生产 %(runs)s 批次，达到“频繁委托生产”关注线 %(threshold)s 批次（%(citation)s）"
        )
        below = N_(
            "近12个月委托生产 %(runs)s 批次，未达“频繁委托生产”关注线 %(threshold)s 批次（%(citation)s）"
        )
        out[eid] = [
            Fact(
                "contract_runs",
                s["runs"],
                N_("近12个月委托生产 %(runs)s 批次（%(contracts)s 份合同，月均 %(per_month)s 批）"),
                params,
            ),
            Fact("contract_runs_frequent", bool(s["frequent"]), frequent if s["frequent"] else below, params),
        ]
    return out


SOURCES = [("contract.runs", ("contract_runs", "contract_runs_frequent"), facts)]
