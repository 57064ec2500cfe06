"""The kernel knows no domain app: it imports only core, rules, Django and itself; actions are declared."""

from __future__ import annotations

import ast
import pathlib

import shouhu.workflow
from shouhu.core.events import NAME, all_actions

ROOT = pathlib.Path(shouhu.workflow.__file__).parent
DOMAIN = ("registry", "licensing", "production", "trace", "labelstore", "labels", "accounts", "demo")


def _imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_the_kernel_imports_no_domain_app():
    offenders = {
        f"{p.relative_to(ROOT)}: {m}"
        for p in ROOT.rglob("*.py")
        for m in _imports(p)
        if m.startswith("shouhu.") and m.split(".")[1] in DOMAIN
    }
    assert offenders == set()


def test_the_package_init_is_a_docstring_only():
    tree = ast.parse((ROOT / "__init__.py").read_text())
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)


def test_every_kernel_action_is_named_by_its_app_label_and_labelled():
    kernel = [a for a in all_actions() if a.value.split(".")[0] in {"checklists", "findings", "evidence"}]
    assert len(kernel) >= 15
    for action in kernel:
        assert NAME.match(action.value) and str(action.label)


def test_every_kernel_ledger_write_passes_a_declared_action():
    for p in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {
                "create_record",
                "update_record",
                "record",
            }:
                kw = {k.arg: k.value for k in node.keywords}
                assert "action" in kw, f"{p.name}:{node.lineno} writes the ledger without an action"
                value = kw["action"]
                choices = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                assert all(isinstance(c, ast.Attribute) for c in choices), (
                    f"{p.name}:{node.lineno} action is not a member"
                )
