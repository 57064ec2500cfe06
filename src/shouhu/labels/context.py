"""What every check needs to know about one label, computed once, plus the negation test.

Negation decides most false alarms: "不含蜂蜜", "1岁以下婴儿不宜食用蜂蜜" and "本品不适合婴幼儿" name a term
without claiming it. A cue negates a term when both sit in the same clause, nothing that re-asserts
(的, 但, 含, 添加, ...) stands between them, and the distance is short.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from shouhu.labels.basis import RuleBook
from shouhu.labels.lexicon import Lexicon
from shouhu.labels.model import Label, Span

# things that end a cue's reach: re-assertion words, or a space after content ("不添加香精 蜂蜜米粉")
_REASSERT = re.compile(r"的|但|而|却|同时|含|加入|添加|采用|选用|精选|富|[。;!?\n,]|[^\s、]\s")
MAX_CUE_DISTANCE = 20


@dataclass
class Context:
    label: Label
    norm: str  # normalised text, same offsets as label.text
    as_of: date
    rules: RuleBook
    lex: Lexicon
    category: str | None = None
    category_source: str = "unknown"
    # what the category was read from: {"source", "text", "span"} (the words on the label, or the code)
    category_evidence: dict | None = None
    # checked as a listing (without the mandatory-element checks): a listing need not quote a standard,
    # so the product's category name alone (婴儿米粉) is no unsupported age claim there
    listing: bool = False
    standard_codes: list[Span] = field(default_factory=list)
    infant_categories: frozenset[str] = frozenset()
    presented_as_infant: bool = False
    age_basis: bool = False
    # A contract-made product's two parties (`checks.contract`): {principal_name, manufacturer_name,
    # manufacturer_licence}; None when the label is not checked as a contract-made product.
    contract: Mapping[str, str] | None = None

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.label.text[start:end])

    def clause_start(self, pos: int) -> int:
        lo = max(0, pos - 80)
        last = -1
        for m in self.lex.clause_breaks.finditer(self.norm, lo, pos):
            last = m.end()
        return last if last != -1 else lo

    def negated(self, start: int, end: int, ingredient: bool = False) -> bool:
        """Is the term at [start, end) negated by a cue in its own clause? `ingredient`: the term names
        an ingredient, which the ingredient-only cues ("均不加", "成人款") negate as well."""
        cs = self.clause_start(start)
        before = self.norm[cs:start]
        if self.lex.neg_before_adjacent.search(before):
            return True
        neg_before = self.lex.neg_before_ingredient if ingredient else self.lex.neg_before
        neg_after = self.lex.neg_after_ingredient if ingredient else self.lex.neg_after
        last = None
        for m in neg_before.finditer(before):
            last = m
        if last is not None:
            between = before[last.end() :]
            standalone = between[:1].isspace() and self.lex.neg_standalone.search(before, 0, last.end())
            if len(between) <= MAX_CUE_DISTANCE and not _REASSERT.search(between) and not standalone:
                return True
        return bool(neg_after.match(self.norm[end : end + 24]))
