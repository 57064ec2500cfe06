"""Offset-preserving normalisation of label text.

Labels arrive with full-width punctuation, mixed dashes and OCR's stray spaces. Every pattern in the
checker runs on a normalised copy whose characters map one-to-one onto the original, so a match at
[start, end) in the copy is the same stretch of the original text: spans need no re-mapping.
"""

from __future__ import annotations

import functools
import re

_MAP: dict[int, str] = {}
# Full-width ASCII (U+FF01..U+FF5E) -> ASCII.
for _cp in range(0xFF01, 0xFF5F):
    _MAP[_cp] = chr(_cp - 0xFEE0)
_MAP.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: " ",  # zero-width space: kept as one char so offsets hold
        0xFEFF: " ",
        0x2014: "-",  # — (em dash, as in "GB 10769—2025")
        0x2013: "-",  # –
        0x2015: "-",  # ―
        0x2212: "-",  # −
        0x2010: "-",
        0x2011: "-",
        0x3001: "、",  # keep the enumeration comma (it means "and" inside lists)
        0x300A: "<",  # 《
        0x300B: ">",  # 》
        0x3010: "[",  # 【
        0x3011: "]",  # 】
        0x2018: "'",
        0x2019: "'",
        0x201C: '"',
        0x201D: '"',
        0x00D7: "x",  # ×
        0x2103: "C",  # ℃ -> keeps one char
        0x00B7: ".",  # ·
        0x2022: ".",
        0x3002: "。",
        0x0009: " ",
        0x000D: " ",  # CR: "\r\n" stays one line break
        0x000B: "\n",
        0x000C: "\n",
        0x2028: "\n",
        0x2029: "\n",
        0x0085: "\n",
    }
)
# ASCII letters are lower-cased here too (str.lower() could change length for some scripts).
for _cp, _ch in list(_MAP.items()):
    if "A" <= _ch <= "Z":
        _MAP[_cp] = _ch.lower()
_MAP.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
_TABLE = str.maketrans(_MAP)
_CHARS: dict[str, str] = {chr(k): v for k, v in _MAP.items()}
# str.translate is slow on CJK text (a dict look-up per character); only a few characters of a label
# need folding, so find those in C and replace just them.
_NEEDS = re.compile("[" + "".join(re.escape(c) for c in sorted(_CHARS)) + "]")


@functools.lru_cache(maxsize=512)
def normalize(text: str) -> str:
    """Return `text` with full-width forms, dashes and odd spaces folded and ASCII lower-cased; the result
    has the same length, so offsets into it are offsets into `text`. Cached: parser and checks share it."""
    if text.isascii():
        return text.translate(_TABLE)  # CPython's fast path
    return _NEEDS.sub(lambda m: _CHARS[m.group()], text)


_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s,，。.;；:：、()（）\[\]【】\"'!！?？]+")


def squash(text: str) -> str:
    """Fold a phrase for comparison ignoring punctuation and spaces (e.g. the particulate warning)."""
    return _PUNCT.sub("", normalize(text))


def clean_value(text: str) -> str:
    """Collapse whitespace in a field value for display and comparison."""
    return _WS.sub(" ", text).strip()
