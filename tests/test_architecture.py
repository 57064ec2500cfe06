"""Dependencies point down (issue 10, point 2): a lower layer never imports a higher one.

The layers, bottom to top, are written down in docs/architecture.md ("Layers"):

    codes                    national codes (GB/T 2260 divisions, SC numbers, USCC): pure Python, imports nothing
    rules, labels            pure Python: import no Django app of the project
    core                     framework only: knows no domain app (it offers hooks, apps connect to them)
    workflow                 the kernel (checklists, findings, evidence, obligations …): knows no domain app
    accounts
    registry
    labelstore, licensing, production
    trace, sampling, selfcontrol, complaints, training, cleanroom
    disposal                 核查处置 of failed samples: reads sampling, drives trace's recall, blocks licensing
    enforcement              (same level) cases from kernel clues, publication, the credit file; feeds risk
    risk                     grading and inspection planning: reads every capability's signals
    inspection               inspections: reads risk's planning tasks and feeds its grade (a signal source)
    targeting                learned risk targeting: reads risk, inspection and sampling; ranks for risk's plans
    command                  the jurisdiction command view: reads every capability's selectors, owns snapshots
    demo, config, cli        the top: wiring, seeded data, the command line

Apps on the same level may read each other only through `selectors` and `models` (and the typed
`events` / `error_codes` beside them); anything else (services, views, api, private helpers) would
tie two peers' insides together. The walk is over the source's AST, so an import inside a function
counts as much as one at the top of a module — hiding an import in a function does not hide the
dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "shouhu"

LAYERS: list[set[str]] = [
    {"codes"},
    {"rules", "labels"},
    {"core"},
    {"workflow"},
    {"accounts"},
    {"registry"},
    {"labelstore", "licensing", "production"},
    {"trace", "sampling", "selfcontrol", "complaints", "training", "cleanroom", "contract", "haccp"},
    {"disposal", "enforcement", "sales"},
    {"risk", "anomaly"},
    {"inspection"},
    {"targeting"},
    {"command"},
    {"demo", "config", "cli"},
]
PURE = {"codes", "rules", "labels"}  # pure Python: no Django app of the project
LEVEL = {package: level for level, packages in enumerate(LAYERS) for package in packages}

# What a peer on the same level may import of another.
PEER_READABLE = {"selectors", "models", "events", "error_codes"}

# Imports against the layers known when the test was written, each to be removed by whoever owns the
# importing files (issue 10), as (importing package or file, imported package). An entry that no longer
# occurs fails the test too, so this list only shrinks.
KNOWN: set[tuple[str, str]] = set()  # empty since the codes moved below labels (issue 10)


def _imports(path: Path) -> list[tuple[str, int]]:
    package = ["shouhu", *path.relative_to(SRC).with_suffix("").parts[:-1]]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: list[str]) -> list[tuple[str, int]]:
    """Every `shouhu.…` name a module imports, absolute or relative, at any depth of the module."""
    tree = ast.parse(source)
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from shouhu.registry import services` imports the module shouhu.registry.services.
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return [(name, line) for name, line in found if name.startswith("shouhu.")]


def _layer_of(module_path: str) -> str:
    return module_path.split(".")[1] if module_path.count(".") else ""


def _violation(importer: str, imported: str) -> str | None:
    """Why `importer` (a path under src/shouhu) may not import `imported`, or None if it may."""
    own = importer.split("/")[0].removesuffix(".py")
    target = _layer_of(imported)
    if own not in LEVEL or target not in LEVEL or own == target:
        return None
    if LEVEL[target] > LEVEL[own]:
        return f"{own} (level {LEVEL[own]}) imports {target} (level {LEVEL[target]})"
    if LEVEL[target] == LEVEL[own] and own not in PURE:  # the pure packages may share freely
        parts = imported.split(".")
        if len(parts) < 3 or parts[2] not in PEER_READABLE:
            return f"{own} reaches into its peer {target} beyond {sorted(PEER_READABLE)}"
    if own in PURE and target not in PURE:
        return f"{own} is pure Python and imports the Django app {target}"
    return None


def _all_violations() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for imported, line in _imports(path):
            # `from shouhu.x import name` may name a function, not a module: judge the module.
            module = _module_of(imported)
            why = _violation(rel, module)
            if why is not None:
                out.setdefault((rel, module), f"{rel}:{line}: {why}")
    return out


def _edge(key: tuple[str, str]) -> tuple[str, str]:
    """(importing file, imported module) as the KNOWN entry that covers it, if any, else by package."""
    path, target = key[0], _layer_of(key[1])
    for prefix, known_target in KNOWN:
        if known_target == target and (path == prefix or path.startswith(prefix + "/")):
            return prefix, target
    return path.split("/")[0].removesuffix(".py"), target


def _module_of(imported: str) -> str:
    """The imported module as far as it is a file or package under src/ (drops imported names)."""
    parts = imported.split(".")
    for n in range(len(parts), 1, -1):
        base = SRC.parent.joinpath(*parts[:n])
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            return ".".join(parts[:n])
    return imported


def test_every_package_has_a_layer():
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    packages |= {p.stem for p in SRC.glob("*.py") if p.stem != "__init__"}
    assert packages - set(LEVEL) == set(), "new package: give it a layer here and in docs/architecture.md"


def test_no_lower_layer_imports_a_higher_one():
    found = _all_violations()
    new = {key: why for key, why in found.items() if _edge(key) not in KNOWN}
    assert not new, "imports against the layers (docs/architecture.md, Layers):\n" + "\n".join(
        sorted(new.values())
    )


def test_known_violations_are_still_real():
    """A fixed violation leaves KNOWN, so the exceptions only shrink."""
    gone = KNOWN - {_edge(key) for key in _all_violations()}
    assert not gone, f"no longer violated, remove from KNOWN: {sorted(gone)}"


def test_core_imports_no_domain_app():
    """The rule the layers exist for, stated on its own: core knows no app (it offers hooks instead)."""
    domain = {p for p in LEVEL if LEVEL[p] > LEVEL["core"]}
    offenders = [
        f"{path.relative_to(SRC)}:{line} imports {name}"
        for path in sorted((SRC / "core").rglob("*.py"))
        for name, line in _imports(path)
        if _layer_of(name) in domain
    ]
    assert offenders == []


def test_the_walk_sees_hidden_and_relative_imports():
    """The checker itself: an import inside a function and a relative import both count."""
    code = "def f():\n    from shouhu.registry.services import x\nfrom ..registry import views\n"
    names = {name for name, _ in _imports_in(code, ["shouhu", "core", "sub"])}
    assert names == {"shouhu.registry.services.x", "shouhu.core.registry.views"}
    names = {name for name, _ in _imports_in("from ..registry import views", ["shouhu", "core"])}
    assert names == {"shouhu.registry.views"}
    assert _violation("core/x.py", "shouhu.registry.services")
    assert _violation("licensing/x.py", "shouhu.production.services")
    assert _violation("licensing/x.py", "shouhu.production.selectors") is None
    assert _violation("trace/x.py", "shouhu.production.services") is None
    assert _violation("production/x.py", "shouhu.trace.public")
    assert _violation("labels/x.py", "shouhu.core.errors")
    assert _violation("labels/x.py", "shouhu.rules.engine") is None
