"""Load and compile the detection lexicon (data/lexicon.yaml) once per process."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from shouhu.labels.fastscan import FastPattern


def _alt(patterns: list[str]) -> FastPattern | None:
    pats = [p for p in patterns if p]
    return FastPattern(re.compile("|".join(f"(?:{p})" for p in pats))) if pats else None


@dataclass(frozen=True)
class CodeEntry:
    """How to recognise one finding code, and which rule it cites."""

    code: str
    rule: str
    severity: str
    message_zh: str
    message_en: str
    pattern: FastPattern | None
    allow: FastPattern | None
    negatable: bool
    use_rule_terms: bool
    use_rule_phrases: bool
    # grammar frames tried only where their `needs` occurs in the text (grammar.guarded_frames), with
    # whether a negation cue in or before the match undoes it (not for "没有一款比得上我们")
    guarded: tuple[tuple[FastPattern, FastPattern, bool], ...] = ()

    def extra_matches(self, text: str):
        """(match, negatable) for the guarded frames in `text`."""
        for pattern, needs, negatable in self.guarded:
            if needs.search(text):
                for m in pattern.finditer(text):
                    yield m, negatable


@dataclass(frozen=True)
class IngredientEntry:
    kind: str
    rules: list[str]
    pattern: FastPattern
    message_zh: str
    message_en: str
    only_categories: tuple[str, ...] | None
    requires: re.Pattern[str] | None


@dataclass(frozen=True)
class Lexicon:
    version: str
    clause_breaks: re.Pattern[str]
    codes: dict[str, CodeEntry]
    ingredients: dict[str, IngredientEntry]
    neg_before: re.Pattern[str]
    neg_before_adjacent: re.Pattern[str]
    neg_standalone: re.Pattern[str]
    neg_after: re.Pattern[str]
    # the claim cues plus the ingredient-only ones (`negation.ingredient_before/after`)
    neg_before_ingredient: re.Pattern[str]
    neg_after_ingredient: re.Pattern[str]
    infant_terms: FastPattern
    category_hints: dict[str, re.Pattern[str]]
    category_from_ingredient: dict[str, re.Pattern[str]]
    particulate: FastPattern
    bases: dict[str, dict[str, Any]]


def build(data: dict[str, Any]) -> Lexicon:
    codes = {}
    for code, e in data["codes"].items():
        codes[code] = CodeEntry(
            code=code,
            rule=e["rule"],
            severity=e.get("severity", "error"),
            message_zh=e["message"]["zh"],
            message_en=e["message"]["en"],
            pattern=_alt(e.get("patterns") or []),
            allow=_alt(e.get("allow") or []),
            negatable=e.get("negatable", True),
            use_rule_terms=e.get("use_rule_terms", False),
            use_rule_phrases=e.get("use_rule_phrases", False),
            guarded=tuple(
                (
                    FastPattern(re.compile(g[0])),
                    FastPattern(re.compile(g[1])),
                    bool(g[2]) if len(g) > 2 else True,
                )
                for g in e.get("guarded") or ()
            ),
        )
    ingredients = {}
    for kind, e in data["ingredients"].items():
        msg = data["ingredient_message"][kind]
        ingredients[kind] = IngredientEntry(
            kind=kind,
            rules=list(e["rules"]),
            pattern=_alt(e["patterns"]),  # type: ignore[arg-type]
            message_zh=msg["zh"],
            message_en=msg["en"],
            only_categories=tuple(e["only_categories"]) if e.get("only_categories") else None,
            requires=re.compile(e["requires"]) if e.get("requires") else None,
        )
    neg = data["negation"]
    return Lexicon(
        version=str(data["version"]),
        clause_breaks=re.compile(data["clause_breaks"]),
        codes=codes,
        ingredients=ingredients,
        neg_before=re.compile(neg["before"]),
        neg_before_adjacent=re.compile(f"(?:{neg['before_adjacent']})$"),
        neg_standalone=re.compile(f"(?:{neg['standalone']})$"),
        neg_after=re.compile(neg["after"]),
        neg_before_ingredient=re.compile(
            f"(?:{neg['before']})|(?:{neg['ingredient_before']})"
            if neg.get("ingredient_before")
            else neg["before"]
        ),
        neg_after_ingredient=re.compile(
            f"(?:{neg['after']})|(?:{neg['ingredient_after']})"
            if neg.get("ingredient_after")
            else neg["after"]
        ),
        infant_terms=FastPattern(re.compile(data["infant_terms"])),
        category_hints={k: re.compile(v) for k, v in data["category_hints"].items()},
        category_from_ingredient={
            k: re.compile(v) for k, v in (data.get("category_from_ingredient") or {}).items()
        },
        particulate=FastPattern(re.compile(data["particulate"])),
        bases=data.get("bases", {}),
    )


@functools.cache
def lexicon() -> Lexicon:
    from shouhu.labels import grammar

    data = yaml.safe_load(resources.files("shouhu.labels").joinpath("data/lexicon.yaml").read_text("utf-8"))
    for code, extra in grammar.frames().items():  # the claim grammar's frames join the code's patterns
        data["codes"][code]["patterns"] = list(data["codes"][code].get("patterns") or []) + extra
    for code, guarded in grammar.guarded_frames().items():
        data["codes"][code]["guarded"] = guarded
    data["version"] = f"{data['version']}+grammar.{grammar.version()}"
    return build(data)
