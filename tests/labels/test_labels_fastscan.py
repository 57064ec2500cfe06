"""FastPattern must find exactly what re.finditer finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.labels.fastscan import FastPattern
from shouhu.labels.lexicon import lexicon

LEX = lexicon()
PATTERNS = [e.pattern for e in LEX.codes.values() if e.pattern] + [
    e.pattern for e in LEX.ingredients.values()
]
PATTERNS += [LEX.particulate, LEX.infant_terms]
# an alphabet that hits the lexicon often: its own characters plus digits, punctuation and spaces
ALPHABET = sorted(
    {ch for p in PATTERNS for ch in p.pattern.pattern if ord(ch) > 0x2E80}
    | set("0123456789-+ m,。;:\n个月岁以上")
)


def test_every_lexicon_pattern_gets_a_trigger():
    assert all(p.trigger is not None for p in PATTERNS)


@settings(max_examples=300)
@given(st.text(alphabet=ALPHABET, max_size=120))
def test_same_matches_as_re(text):
    for p in PATTERNS:
        assert [m.span() for m in p.finditer(text)] == [m.span() for m in p.pattern.finditer(text)]


def test_unanalysable_pattern_falls_back():
    p = FastPattern(re.compile(r"[^a]b|\w+"))
    assert p.trigger is None
    assert [m.group() for m in p.finditer("xb yy")] == ["xb", "yy"]
