"""Load a rule set from `sets/<set-id>/*.yaml` into typed, validated, compiled form.

Loading is strict: every file is checked against the schema, every citation must name a document the
set declares, every applicability predicate is compiled against the vocabulary, and ids are unique. A
malformed file raises RuleSetError naming the file, the path inside it and the field.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from shouhu.rules.predicates import Context, PredicateError, compile_predicate
from shouhu.rules.schema import PARAM_MODELS, DataFile, Document, Manifest, Parameter, Rule, Vocabulary

SETS_DIR = Path(__file__).resolve().parent / "sets"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleSetError(Exception):
    """A rule set that cannot be loaded; says which file, where in it, and which field."""

    def __init__(self, file: Path | str, path: str, message: str, field: str | None = None) -> None:
        self.file, self.path, self.field = str(file), path, field
        where = f"{path}" + (f" (field '{field}')" if field else "")
        super().__init__(f"{file}: {where}: {message}")


@dataclass
class RuleSet:
    """One versioned rule set (e.g. xize-2017) as loaded from its directory."""

    id: str
    version: str
    title: str
    effective_from: date
    effective_to: date | None
    manifest: Manifest
    rules: dict[str, Rule]
    parameters: dict[str, Parameter]
    vocabulary: Vocabulary
    documents: dict[str, Document]
    base: list[str] = field(default_factory=list)
    directory: Path = SETS_DIR

    def __repr__(self) -> str:
        return f"RuleSet(id={self.id!r}, version={self.version!r}, rules={len(self.rules)}, parameters={len(self.parameters)})"

    @property
    def categories(self) -> dict[str, Rule]:
        return {r.params["code"]: r for r in self.rules.values() if r.kind == "category"}

    @property
    def varieties(self) -> dict[str, Rule]:
        return {r.params["name"]: r for r in self.rules.values() if r.kind == "variety"}

    def export(self) -> dict[str, Any]:
        """The whole set as JSON-ready data (`shouhu rules export`)."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "base": self.base,
            "documents": {k: d.model_dump(mode="json") for k, d in self.documents.items()},
            "vocabulary": self.vocabulary.model_dump(mode="json"),
            "rules": [r.public() for r in self.rules.values()],
            "parameters": [p.public() for p in self.parameters.values()],
        }


def available_sets(directory: Path = SETS_DIR) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if (p / "set.yaml").is_file())


def _cache_dir() -> Path | None:
    """Where parsed YAML is cached as JSON ($SHOUHU_RULES_CACHE, else the user cache); "off" disables."""
    configured = os.environ.get("SHOUHU_RULES_CACHE")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "shouhu" / "rules"


def _plain(node: Any) -> Any:
    """YAML dates → ISO strings, so cached (JSON) and fresh parses give identical data."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, date):
        return node.isoformat()
    return node


def _read_yaml(path: Path) -> Any:
    """Parse a YAML file, through a JSON cache keyed by the file's content hash.

    PyYAML builds Python objects in Python even with libyaml, which makes the set take ~100 ms to parse;
    JSON parses the same data ~20x faster. The cache is JSON (never pickle), so a tampered cache file
    can at worst produce data that then fails validation like a malformed YAML file would.
    """
    raw = path.read_bytes()
    cache = _cache_dir()
    cached = cache / f"{hashlib.sha256(raw).hexdigest()}.json" if cache else None
    if cached is not None and cached.is_file():
        with contextlib.suppress(OSError, ValueError):
            return json.loads(cached.read_text(encoding="utf-8"))
    try:
        data = _plain(yaml.load(raw.decode("utf-8"), Loader=_Loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(document)"
        raise RuleSetError(path, where, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if cached is not None:
        with contextlib.suppress(OSError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            tmp.replace(cached)
    return data


def _loc_to_path(loc: tuple[Any, ...], data: Any) -> tuple[str, str | None]:
    """pydantic error location → 'rules[3] (id xize2017.art45).source.article' and the field name."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{item}]"]
            try:
                node = node[item]
                if isinstance(node, dict) and "id" in node:
                    parts[-1] += f" (id {node['id']})"
            except (IndexError, KeyError, TypeError):
                node = None
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    fld = next((str(i) for i in reversed(loc) if isinstance(i, str)), None)
    return ".".join(parts) or "(top)", fld


def _validate(model: type[BaseModel], data: Any, file: Path, prefix: str = "") -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        path, fld = _loc_to_path(tuple(err["loc"]), data)
        more = f" (+{len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise RuleSetError(file, prefix + path, err["msg"] + more, fld) from None


def _merge_vocab(target: Vocabulary, extra: Vocabulary) -> None:
    target.processes.update(extra.processes)
    target.attributes.update(extra.attributes)
    target.person_fields.update(extra.person_fields)
    target.roles.update(extra.roles)


def _check_roles(roles: Any, vocabulary: Vocabulary) -> None:
    if not isinstance(roles, list) or not roles:
        raise PredicateError("params.roles", "a personnel rule needs a non-empty list of roles")
    for role in roles:
        if role not in vocabulary.roles:
            raise PredicateError(
                "params.roles", f"unknown role {role!r}; valid: {', '.join(vocabulary.roles)}"
            )


@functools.cache
def _load_cached(set_id: str, directory: str) -> RuleSet:
    return _load(set_id, Path(directory))


def load_set(set_id: str, directory: Path | str | None = None) -> RuleSet:
    """Load (once per process) the rule set `set_id` from `directory` (default: the packaged sets)."""
    return _load_cached(set_id, str(Path(directory) if directory else SETS_DIR))


def _load(set_id: str, directory: Path) -> RuleSet:
    root = directory / set_id
    manifest_file = root / "set.yaml"
    if not manifest_file.is_file():
        known = available_sets(directory) if directory.is_dir() else []
        raise RuleSetError(root, "set.yaml", f"no rule set {set_id!r}; available: {', '.join(known)}")
    manifest: Manifest = _validate(Manifest, _read_yaml(manifest_file), manifest_file)
    if manifest.id != set_id:
        raise RuleSetError(manifest_file, "id", f"id {manifest.id!r} differs from directory {set_id!r}", "id")

    bases = [load_set(b, directory) for b in manifest.base]
    vocabulary = Vocabulary()
    documents: dict[str, Document] = {}
    categories: set[str] = set()
    varieties: set[str] = set()
    for b in bases:
        _merge_vocab(vocabulary, b.vocabulary)
        documents.update(b.documents)
        categories.update(b.categories)
        varieties.update(b.varieties)
    documents.update(manifest.documents)

    rules: dict[str, Rule] = {}
    parameters: dict[str, Parameter] = {}
    origin: dict[str, tuple[Path, str]] = {}
    for file in sorted(root.glob("*.yaml")):
        if file.name == "set.yaml":
            continue
        raw = _read_yaml(file) or {}
        data: DataFile = _validate(DataFile, raw, file)
        if data.vocabulary:
            _merge_vocab(vocabulary, data.vocabulary)
        for i, rule in enumerate(data.rules):
            where = f"rules[{i}] (id {rule.id})"
            if rule.id in rules or rule.id in parameters:
                first = origin[rule.id]
                raise RuleSetError(file, where, f"duplicate id, first defined in {first[0]} {first[1]}", "id")
            origin[rule.id] = (file, where)
            model = PARAM_MODELS.get(rule.kind)
            if model is not None:
                _validate(model, rule.params, file, f"{where}.params.")
            rules[rule.id] = rule
        for i, param in enumerate(data.parameters):
            where = f"parameters[{i}] (id {param.id})"
            if param.id in parameters or param.id in rules:
                raise RuleSetError(file, where, "duplicate id", "id")
            origin[param.id] = (file, where)
            parameters[param.id] = param

    for rule in rules.values():
        if rule.kind == "category":
            categories.add(rule.params["code"])
        elif rule.kind == "variety":
            varieties.add(rule.params["name"])
    ctx = Context(vocabulary, frozenset(categories), frozenset(varieties))

    items: list[Rule | Parameter] = [*rules.values(), *parameters.values()]
    for item in items:
        file, where = origin[item.id]
        if item.source.doc not in documents:
            raise RuleSetError(
                file,
                f"{where}.source.doc",
                f"unknown document {item.source.doc!r}; declared: {', '.join(sorted(documents))}",
                "doc",
            )
        item.source.title = documents[item.source.doc].title
        item.set_id = set_id
        item.effective_from = item.effective_from or manifest.effective_from
        item.effective_to = item.effective_to or manifest.effective_to
        if isinstance(item, Rule) and item.applies_when is not None:
            try:
                item._predicate = compile_predicate(item.applies_when, ctx)
            except PredicateError as exc:
                raise RuleSetError(
                    file, f"{where}.{exc.path}", str(exc).split(": ", 1)[1], "applies_when"
                ) from None
        if isinstance(item, Rule) and item.kind == "personnel":
            try:
                item._requires = compile_predicate(item.params.get("requires"), ctx, "params.requires")
                _check_roles(item.params.get("roles"), vocabulary)
            except PredicateError as exc:
                raise RuleSetError(
                    file, f"{where}.{exc.path}", str(exc).split(": ", 1)[1], "requires"
                ) from None

    known_ids = set(rules).union(*(b.rules for b in bases))
    for rule in rules.values():
        for target in rule.supersedes:
            if target not in known_ids:
                file, where = origin[rule.id]
                raise RuleSetError(
                    file, f"{where}.supersedes", f"supersedes unknown rule {target!r}", "supersedes"
                )

    return RuleSet(
        id=manifest.id,
        version=manifest.version,
        title=manifest.title,
        effective_from=manifest.effective_from,
        effective_to=manifest.effective_to,
        manifest=manifest,
        rules=rules,
        parameters=parameters,
        vocabulary=vocabulary,
        documents=documents,
        base=list(manifest.base),
        directory=directory,
    )
