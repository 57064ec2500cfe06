"""The kernel knows no domain app: obligations and publication import only core, rules, accounts' user (via
settings) and Django; every ledger action is typed and labelled; every state is reachable in its table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from shouhu.core.events import NAME
from shouhu.workflow.obligations.events import ObligationAction
from shouhu.workflow.obligations.models import OBLIGATION_FLOW, ObligationStatus
from shouhu.workflow.publication.events import PublicationAction
from shouhu.workflow.publication.models import CLUE_FLOW, PUBLICATION_FLOW

KERNEL = Path(__file__).resolve().parents[2] / "src" / "shouhu" / "workflow"
DOMAIN = ("shouhu.registry", "shouhu.licensing", "shouhu.production", "shouhu.trace", "shouhu.labelstore")
OWN = [KERNEL / "obligations", KERNEL / "publication"]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", [p for d in OWN for p in sorted(d.rglob("*.py"))], ids=lambda p: p.name)
def test_kernel_imports_no_domain_app(path):
    bad = [n for n in _imports(path) if n.startswith(DOMAIN) or n.startswith("shouhu.accounts")]
    assert not bad, f"{path.relative_to(KERNEL)} imports {bad}"
    assert len(path.read_text(encoding="utf-8").splitlines()) < 600


def test_actions_are_named_and_labelled():
    for member in [*ObligationAction, *PublicationAction]:
        assert NAME.match(member.value) and member.label, member
        assert member.value.split(".")[0] in {"obligations", "publication"}


def test_every_status_is_reachable_and_overdue_is_not_stored():
    assert "overdue" not in ObligationStatus.values  # derived when read
    for flow in (OBLIGATION_FLOW, CLUE_FLOW, PUBLICATION_FLOW):
        targets = {t.target for t in flow.transitions.values() if t.target}
        initial = {str(flow.states.values[0])}
        assert set(flow.states.values) <= targets | initial
