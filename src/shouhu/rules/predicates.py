"""Structured applicability predicates, compiled once at load time.

A rule says when it applies as plain data (YAML), e.g. 附件3 序号36 "不适用于添加蔬菜和水果的产品":

    applies_when: {all: [{category: ["3001"]}, {not: {attr: adds_fruit_or_vegetable}}]}

Forms (one key each, besides the modifiers of `attr`/`person`):
    {all: [P, ...]}  {any: [P, ...]}  {not: P}
    {category: [code, ...]}           the profile's category is one of these
    {variety: [name, ...]}            the profile's 表1 variety is one of these
    {process: key} / {process: [..]}  the profile uses (any of) these processes
    {attr: key}                       the boolean attribute is true
    {attr: key, op: ">=", value: x}   a number attribute compared (op: >= > <= < ==)
    {attr: key, in: [v, ...]}         an enum attribute is one of these
    {person: field, ...}              the same three forms over a person (第三十—三十五条)
Compiling against the vocabulary turns a misspelt key into a load error instead of a silent false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shouhu.rules.schema import Vocabulary

Pred = Callable[["Subject"], bool]


class PredicateError(ValueError):
    """A malformed predicate; `path` says where inside it."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class Subject:
    """What a predicate is evaluated over: a validated product profile and/or a person."""

    category: str | None = None
    variety: str | None = None
    processes: frozenset[str] = frozenset()
    attributes: Mapping[str, Any] = field(default_factory=dict)
    person: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What a predicate may name: the vocabulary and the 表1 categories and varieties."""

    vocabulary: Vocabulary
    categories: frozenset[str]
    varieties: frozenset[str]


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


def _names(value: Any, path: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    raise PredicateError(path, f"expected a name or a non-empty list of names, got {value!r}")


def _check_known(names: list[str], known: Any, what: str, path: str) -> None:
    for n in names:
        if n not in known:
            raise PredicateError(path, f"unknown {what} {n!r}; valid: {', '.join(sorted(known))}")


def compile_predicate(spec: Any, ctx: Context, path: str = "applies_when") -> Pred:
    """Validate `spec` against `ctx` and return a fast callable over a Subject."""
    if not isinstance(spec, dict) or not spec:
        raise PredicateError(path, f"expected a mapping, got {spec!r}")
    if "all" in spec or "any" in spec:
        key = "all" if "all" in spec else "any"
        if len(spec) != 1 or not isinstance(spec[key], list) or not spec[key]:
            raise PredicateError(path, f"'{key}' takes a non-empty list and nothing else")
        parts = [compile_predicate(p, ctx, f"{path}.{key}[{i}]") for i, p in enumerate(spec[key])]
        if key == "all":
            return lambda s: all(p(s) for p in parts)
        return lambda s: any(p(s) for p in parts)
    if "not" in spec:
        if len(spec) != 1:
            raise PredicateError(path, "'not' takes one predicate and nothing else")
        inner = compile_predicate(spec["not"], ctx, f"{path}.not")
        return lambda s: not inner(s)
    if "category" in spec:
        codes = frozenset(_names(spec["category"], f"{path}.category"))
        _check_known(sorted(codes), ctx.categories, "category", f"{path}.category")
        return lambda s: s.category in codes
    if "variety" in spec:
        names = frozenset(_names(spec["variety"], f"{path}.variety"))
        _check_known(sorted(names), ctx.varieties, "variety", f"{path}.variety")
        return lambda s: s.variety in names
    if "process" in spec:
        procs = frozenset(_names(spec["process"], f"{path}.process"))
        _check_known(sorted(procs), ctx.vocabulary.processes, "process", f"{path}.process")
        return lambda s: not procs.isdisjoint(s.processes)
    if "attr" in spec:
        return _compile_field(spec, "attr", ctx.vocabulary.attributes, path, lambda s: s.attributes)
    if "person" in spec:
        return _compile_field(spec, "person", ctx.vocabulary.person_fields, path, lambda s: s.person)
    raise PredicateError(
        path,
        f"unknown predicate {sorted(spec)}; valid: all, any, not, category, variety, process, attr, person",
    )


def _compile_field(
    spec: dict[str, Any],
    key: str,
    vocab: Mapping[str, Any],
    path: str,
    getter: Callable[[Subject], Mapping[str, Any]],
) -> Pred:
    name = spec[key]
    if not isinstance(name, str) or name not in vocab:
        raise PredicateError(f"{path}.{key}", f"unknown {key} {name!r}; valid: {', '.join(sorted(vocab))}")
    entry = vocab[name]
    extra = set(spec) - {key}
    if not extra:
        if entry.type != "bool":
            raise PredicateError(path, f"{key} {name!r} is {entry.type}: give 'op'/'value' or 'in'")
        return lambda s: bool(getter(s).get(name, entry.default))
    if extra == {"in"}:
        allowed = frozenset(_names(spec["in"], f"{path}.in"))
        if entry.values is not None:
            _check_known(sorted(allowed), entry.values, f"value of {name}", f"{path}.in")
        return lambda s: getter(s).get(name, entry.default) in allowed
    if extra == {"op", "value"}:
        op = spec["op"]
        if op not in _OPS:
            raise PredicateError(f"{path}.op", f"unknown operator {op!r}; valid: {', '.join(_OPS)}")
        fn, value = _OPS[op], spec["value"]
        if entry.type == "enum":
            # ordered enum (e.g. education): compare by position in the declared values
            order = {v: i for i, v in enumerate(entry.values or [])}
            if value not in order:
                raise PredicateError(
                    f"{path}.value", f"{value!r} is not a value of {name}; valid: {list(order)}"
                )
            rank = order[value]

            def ranked(s: Subject) -> bool:
                got = getter(s).get(name, entry.default)
                return got in order and fn(order[got], rank)

            return ranked
        if entry.type != "number" or not isinstance(value, int | float):
            raise PredicateError(f"{path}.value", f"{name} needs a number to compare, got {value!r}")

        def compare(s: Subject) -> bool:
            got = getter(s).get(name, entry.default)
            return got is not None and fn(got, value)

        return compare
    raise PredicateError(path, f"unexpected keys {sorted(extra)} with {key}; use 'op'+'value' or 'in'")
