"""Ranked full-text search over the regulation text (jieba tokens, BM25), each hit with its citation.

Indexed: the articles and every table row, annex row, measure and label/standard rule — not the
`requirement`/`personnel` rules carved out of articles (they repeat the article text). `kinds` narrows a
query, e.g. to `{"article"}`.

jieba splits domain terms badly without help (大米粉, 清洁作业区), so the index adds the vocabulary of the
rule data itself (test-item names, record names, area names, titles) as a user dictionary before
tokenising. jieba's own dictionary takes ~1 s to load: the index is built once per Engine, lazily.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from shouhu.rules.schema import Rule

# Function words and punctuation that carry no meaning for a search.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "应",
        "应当",
        "在",
        "对",
        "为",
        "并",
        "其",
        "中",
        "是",
        "有",
        "不",
        "以",
        "由",
        "于",
        "将",
        "可",
        "后",
        "前",
        "上",
        "下",
        "之",
        "其他",
        "进行",
        "相关",
        "相应",
        "符合",
        "要求",
        "规定",
        "一",
        "二",
        "个",
    ]
)
# Terms the rule data does not spell out as separate strings but inspectors search for.
EXTRA_TERMS = ("婴幼儿", "辅助食品", "清洁作业区", "准清洁作业区", "一般作业区", "营养包", "香辛料", "大米粉")
_PUNCT = re.compile(r"^[\W_]+$")
K1, B = 1.5, 0.75
SEARCHABLE_KINDS = frozenset(
    {
        "article",
        "zoning",
        "equipment",
        "micro_limit",
        "cleanroom",
        "record",
        "standard",
        "test_item",
        "product_standard",
        "label",
        "supervision",
        "category",
        "variety",
        "note",
    }
)


@dataclass(frozen=True)
class SearchHit:
    id: str
    kind: str
    title: str | None
    score: float
    cite: str
    snippet: str
    text: str


def _dictionary_terms(rules: Iterable[Rule]) -> set[str]:
    terms = set(EXTRA_TERMS)
    for r in rules:
        p = r.params
        for key in ("name", "item", "step", "product"):
            v = p.get(key)
            if isinstance(v, str) and 2 <= len(v) <= 12:
                terms.add(v)
        for key in ("clean", "quasi_clean", "general", "equipment", "fields"):
            for v in p.get(key) or []:
                if isinstance(v, str) and 2 <= len(v) <= 12:
                    terms.add(v.removesuffix("等"))
    return terms


@cache
def _jieba() -> ModuleType:
    """jieba, imported on first use: importing it costs ~170 ms (pkg_resources), its dictionary ~1 s."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenize(text: str) -> list[str]:
    return [
        t.lower()
        for t in _jieba().lcut_for_search(text)
        if t.strip() and t not in STOPWORDS and not _PUNCT.match(t)
    ]


class SearchIndex:
    """BM25 over the searchable rules' titles and texts."""

    def __init__(self, docs: list[Rule]) -> None:
        self.docs = docs
        self.tfs = [Counter(tokenize(f"{d.title or ''} {d.text}")) for d in docs]
        self.lengths = [sum(tf.values()) for tf in self.tfs]
        self.avg = sum(self.lengths) / max(len(self.lengths), 1)
        df: Counter[str] = Counter()
        for tf in self.tfs:
            df.update(tf.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.postings: dict[str, list[int]] = {}
        for i, tf in enumerate(self.tfs):
            for t in tf:
                self.postings.setdefault(t, []).append(i)

    @classmethod
    def build(cls, in_force: Iterable[Rule], dictionary_from: Iterable[Rule]) -> SearchIndex:
        jieba = _jieba()
        for term in sorted(_dictionary_terms(dictionary_from)):
            jieba.add_word(term, freq=2000)
        return cls([r for r in in_force if r.kind in SEARCHABLE_KINDS])

    def search(self, query: str, limit: int = 10, kinds: Collection[str] | None = None) -> list[SearchHit]:
        terms = tokenize(query)
        scores: dict[int, float] = {}
        for t in set(terms):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i in self.postings[t]:
                if kinds is not None and self.docs[i].kind not in kinds:
                    continue
                tf = self.tfs[i][t]
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[i] / self.avg))
                scores[i] = scores.get(i, 0.0) + idf * norm
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self.docs[kv[0]].kind != "article", kv[0]))
        return [self._hit(self.docs[i], s, terms) for i, s in ranked[:limit]]

    @staticmethod
    def _hit(rule: Rule, score: float, terms: list[str]) -> SearchHit:
        text = rule.text.replace("\n", " ")
        pos = min((p for p in (text.find(t) for t in terms) if p >= 0), default=0)
        start = max(pos - 20, 0)
        snippet = ("…" if start else "") + text[start : start + 80] + ("…" if start + 80 < len(text) else "")
        return SearchHit(
            rule.id, rule.kind, rule.title, round(score, 4), rule.source.cite(), snippet, rule.text
        )
