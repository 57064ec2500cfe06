"""Issue 10's conventions for production and trace, checked: transition tables walked, actions named and
labelled, every ledger write a declared action, and production importing nothing of trace."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from shouhu.core.errors import Conflict
from shouhu.core.events import NAME, lookup
from shouhu.core.states import StateMachine
from shouhu.production.events import ProductionAction
from shouhu.production.models import BATCH_FLOW, LOT_FLOW, BatchStatus, LotStatus
from shouhu.trace.events import TraceAction
from shouhu.trace.models import RECALL_FLOW, RecallStatus

SRC = Path(__file__).resolve().parents[2] / "src" / "shouhu"

TABLES = [
    # table, the states a record starts in, the states nothing leaves
    (BATCH_FLOW, {BatchStatus.IN_PRODUCTION}, {BatchStatus.REJECTED}),
    (LOT_FLOW, {LotStatus.ACCEPTED, LotStatus.REJECTED}, {LotStatus.REJECTED}),
    (RECALL_FLOW, {RecallStatus.IN_PROGRESS}, set()),
]


@pytest.mark.parametrize(("flow", "initial", "final"), TABLES, ids=["batch", "lot", "recall"])
def test_transition_table_walks(flow: StateMachine, initial: set[str], final: set[str]) -> None:
    states = {str(s) for s in flow.states.values}
    # every state is reachable from where records start
    reached, frontier = set(map(str, initial)), list(map(str, initial))
    while frontier:
        current = frontier.pop()
        for action in flow.allowed(current):
            target = flow.require(action, current)
            assert target in states
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == states
    # each action is labelled, allowed exactly from its sources, refused (409) from every other state
    for action, t in flow.transitions.items():
        assert str(t.label) and t.sources
        for state in states:
            if state in t.sources:
                assert flow.require(action, state) == (t.target or state)
            else:
                with pytest.raises(Conflict):
                    flow.require(action, state)
    # the states nothing leaves are exactly the declared final ones
    assert {s for s in states if not flow.allowed(s)} == set(map(str, final))


def test_release_only_from_pending_and_hold_never_after_rejection() -> None:
    assert [s for s in BatchStatus.values if BATCH_FLOW.can("release", s)] == [BatchStatus.PENDING]
    assert not BATCH_FLOW.can("hold", BatchStatus.REJECTED)
    assert BATCH_FLOW.require("complete_held", BatchStatus.ON_HOLD) == BatchStatus.ON_HOLD
    # after completion the regulator still supervises, may require correction, and accepts the report (14.2)
    assert RECALL_FLOW.allowed(RecallStatus.COMPLETED) == [
        "supervise",
        "require_correction",
        "accept_closing",
    ]


@pytest.mark.parametrize("actions", [ProductionAction, TraceAction], ids=["production", "trace"])
def test_actions_are_named_labelled_and_keep_their_legacy_names(actions) -> None:
    app = actions.__module__.split(".")[1]
    for member in actions:
        assert NAME.match(member.value) and member.value.startswith(f"{app}.")
        assert str(member.label)
        for old in member.legacy:
            assert lookup(old) is member
    assert lookup("record13.create") is ProductionAction.RECORD_CREATE
    assert lookup("record32.correct") is ProductionAction.RECORD_CORRECT


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_production_imports_nothing_of_trace() -> None:
    """Dependencies point down: trace reads production; production announces flows (`production.flows`)."""
    offenders = {
        str(p.relative_to(SRC)): sorted(m for m in _imports(p) if m.startswith("shouhu.trace"))
        for p in (SRC / "production").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_production_or_trace_module_over_600_lines() -> None:
    for app in ("production", "trace"):
        for p in (SRC / app).rglob("*.py"):
            if "migrations" not in p.parts:
                assert len(p.read_text(encoding="utf-8").splitlines()) <= 600, p
