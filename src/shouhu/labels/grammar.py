"""The claim grammar (data/grammar.yaml): frames that add to the lexicon codes' patterns, and the reading
of obfuscated claim words (pinyin, look-alikes, symbols inside a word) restored to the plain word.

`frames()` gives each code's extra patterns (slots expanded); `Deobfuscator.reading(norm)` gives a copy
of the normalised text with every disguised claim word written plainly, and for each character of that
copy the stretch of the original it stands for, so a match in the reading maps back onto the label.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from shouhu.labels.fastscan import FastPattern

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SLOT = re.compile(r"\{([A-Za-z_]\w*)\}")  # {name}; a repeat count {3} is left alone


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("shouhu.labels").joinpath("data/grammar.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def version() -> str:
    return str(_data()["version"])


def _expander():
    slots = {k: str(v) for k, v in _data()["slots"].items()}

    def expand(p: str, depth: int = 0) -> str:
        if depth > 4:
            raise ValueError(f"grammar slots nest too deep (a cycle?): {p[:60]}")
        return _SLOT.sub(lambda m: expand(slots[m.group(1)], depth + 1), p)

    return expand


def frames() -> dict[str, list[str]]:
    """Extra patterns per lexicon code, with {slot} references expanded (a slot may name other slots).
    Guarded frames (a mapping with `needs`) are left to `guarded_frames()`."""
    expand = _expander()
    return {
        code: [expand(str(f)) for f in e.get("frames") or [] if not isinstance(f, dict)]
        for code, e in _data()["codes"].items()
    }


def guarded_frames() -> dict[str, list[tuple[str, str, bool]]]:
    """(pattern, needs, negatable) per code: frames that begin with a common word class (a rival product,
    an illness) and are tried only on a text where `needs` (the frame's closing words) occurs at all, so
    that they cost one C search on the many texts without them. `negatable` is false for a frame whose
    own negation is the claim ("没有一款比得上我们": `negation_is_the_claim: true`)."""
    expand = _expander()
    return {
        code: [
            (expand(str(f["frame"])), expand(str(f["needs"])), not f.get("negation_is_the_claim", False))
            for f in e.get("frames") or []
            if isinstance(f, dict)
        ]
        for code, e in _data()["codes"].items()
    }


@dataclass(frozen=True)
class Reading:
    """The text with disguised words restored: `text`, and for each of its characters the original's
    [start, end); `restored` are the stretches of `text` that were rewritten."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    restored: tuple[tuple[int, int], ...]

    def original(self, s: int, e: int) -> tuple[int, int]:
        return self.starts[s], self.ends[e - 1]

    def touches_restored(self, s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in self.restored)


class Deobfuscator:
    def __init__(self, spec: dict[str, Any]) -> None:
        sep = f"(?:{spec['separators']}){{0,2}}"
        pinyin = {str(k): str(v) for k, v in spec["pinyin"].items()}
        alike = {str(k): str(v) for k, v in (spec.get("lookalike") or {}).items()}
        self.words: list[tuple[str, bool]] = []
        alts = []
        for i, w in enumerate(spec["words"]):
            word, alone = str(w["word"]), bool(w.get("alone"))
            units = []
            for ch in word:
                opts = (
                    [re.escape(ch)]
                    + ([pinyin[ch]] if ch in pinyin else [])
                    + ([alike[ch]] if ch in alike else [])
                )
                units.append("(?:" + "|".join(opts) + ")")
            alts.append(f"(?P<w{i}>{sep.join(units)})")
            self.words.append((word, alone))
        # longer words first, so 免疫力 wins over 免疫; never inside an ASCII word
        order = sorted(range(len(alts)), key=lambda i: -len(self.words[i][0]))
        self.pattern = FastPattern(
            re.compile(r"(?<![a-z])(?:" + "|".join(alts[i] for i in order) + r")(?![a-z])")
        )
        self.trigger = re.compile("|".join([r"[a-z]", str(spec["separators"]), *alike.values()]))

    def reading(self, norm: str) -> Reading | None:
        """None when nothing in the text is a disguised claim word (the common case: no copy is made).
        Cached: the claim and ingredient checks both ask for the reading of the same text."""
        return self._reading(norm)

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one Deobfuscator per process (deobfuscator())
    def _reading(self, norm: str) -> Reading | None:
        if not self.trigger.search(norm):
            return None
        parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        restored: list[tuple[int, int]] = []
        pos = 0
        for m in self.pattern.finditer(norm):
            word, alone = self.words[int(m.lastgroup[1:])]  # type: ignore[index]
            got = m.group()
            if got == word:
                continue
            if not alone and not _CJK.search(got):
                # pinyin only: counts inside Chinese text ("zui好"), not as a word of its own ("guomin 国民")
                near = norm[m.start() - 1 : m.start()] + norm[m.end() : m.end() + 1]
                if not _CJK.search(near):
                    continue
            for i in range(pos, m.start()):
                parts.append(norm[i])
                starts.append(i)
                ends.append(i + 1)
            at = len(parts)
            for ch in word:  # every restored character stands for the whole disguised stretch
                parts.append(ch)
                starts.append(m.start())
                ends.append(m.end())
            restored.append((at, at + len(word)))
            pos = m.end()
        if not restored:
            return None
        for i in range(pos, len(norm)):
            parts.append(norm[i])
            starts.append(i)
            ends.append(i + 1)
        return Reading("".join(parts), tuple(starts), tuple(ends), tuple(restored))


@functools.cache
def deobfuscator() -> Deobfuscator:
    return Deobfuscator(_data()["obfuscation"])


__all__ = ["Deobfuscator", "Reading", "deobfuscator", "frames", "guarded_frames", "version"]
