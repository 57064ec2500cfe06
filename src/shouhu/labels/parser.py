"""Free text (a label, OCR output, a product listing) -> a `Label` with located fields.

Captions (产品名称, 配料, 净含量, ...) come from data/fields.yaml. A caption counts only at a boundary
(start of line, after a space or punctuation) and when followed by a colon, a space/line end or a digit,
so prose such as "请按食用方法冲调" is not taken for a field.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import yaml

from shouhu.labels.fastscan import FastPattern
from shouhu.labels.fastscan import trie as _alts
from shouhu.labels.model import EXTRA_FIELD_KEYS, FIELD_KEYS, FieldValue, Label, Span
from shouhu.labels.normalize import normalize

MAX_VALUE = 2000

STANDARD_CODE = re.compile(
    r"(?<![a-z0-9])(?:gb(?:/t)?|q/[a-z0-9]{1,12})\s?\d{1,6}(?:\.\d+)?s?(?:\s?[-一]\s?(?:19|20)\d{2})?(?![0-9])"  # OCR reads "—" as "一"
)
SC_TOKEN = re.compile(
    r"(?<![a-z0-9])(?:sc|qs)\s?[0-9][0-9 ]{6,22}[0-9]|(?<![a-z0-9])(?:sc|qs)[0-9]{1,6}(?![0-9])"
)
_SPACES = re.compile(r"[ \t]")
_RUNS = re.compile(r"[ \t]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TRIM = " \t\n,;:。、[]|"  # brackets and bars: a value ends before the next "【caption】" or "| caption"


@dataclass(frozen=True)
class _FieldSpec:
    key: str
    multiline: bool


@dataclass(frozen=True)
class _Captions:
    pattern: FastPattern
    zh: dict[str, _FieldSpec]  # Chinese caption (spaces removed) -> field
    en: dict[str, _FieldSpec]  # English caption -> field
    party: dict[tuple[str, str], _FieldSpec]  # (party word, element caption or "") -> field
    trailing: FastPattern  # a caption in brackets after its value, at the line end ("225g（净含量）")

    def spec(self, m: re.Match[str]) -> _FieldSpec | None:
        """The field a caption match introduces; None for a party element no field takes (进口商许可证号)."""
        if (word := m.group("pty")) is not None:
            return self.party.get((word, m.group("pel") or ""))
        if (cap := m.group("cap")) is not None:
            return self.zh[_SPACES.sub("", cap)]
        return self.en[_RUNS.sub(" ", m.group("en"))]


def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("shouhu.labels").joinpath(f"data/{name}").read_text("utf-8"))


@functools.cache
def _captions() -> _Captions:
    raw = _data("fields.yaml")
    zh: dict[str, _FieldSpec] = {}
    en: dict[str, _FieldSpec] = {}
    for key, spec in raw.items():
        assert key in FIELD_KEYS or key in EXTRA_FIELD_KEYS, key
        fs = _FieldSpec(key, bool(spec["multiline"]))
        for cap in spec["captions"]:
            zh[normalize(str(cap))] = fs
        for cap in spec.get("english") or ():
            en[normalize(str(cap))] = fs
    multiline = {s.key: s.multiline for s in zh.values()}
    parties = _data("parties.yaml")
    party: dict[tuple[str, str], _FieldSpec] = {}
    elements: set[str] = set()
    for role in parties["parties"].values():
        for kind, key in role["fields"].items():
            assert key in FIELD_KEYS or key in EXTRA_FIELD_KEYS, key
            for word in role["words"]:
                for el in parties["elements"][kind]:
                    party[(normalize(str(word)), normalize(str(el)))] = _FieldSpec(
                        key, multiline.get(key, False)
                    )
                    elements.add(normalize(str(el)))
    words = {w for w, _ in party}
    en_alts = _alts(en)
    # a caption stands at a boundary, or inside brackets ("【配料】", normalised to "[配料]"); it is followed by a
    # colon, a space or line end, a closing bracket, a table's "|" (a nutrition table on one line) or a code.
    # An English caption may stand before the Chinese one ("Ingredients 配料:", "Net Wt./净含量") or after it
    # (the Chinese caption, a slash, then "Ingredients:"), and alone only at a line start and before a colon
    # ("Tel: ...").
    pattern = re.compile(
        rf"(?<![^\n \t,;。、:)\]\[>|/\"'])"
        rf"(?:(?:(?:{en_alts})[ \t]*(?:[/|][ \t]*)?)?"
        rf"(?:(?P<pty>{_alts(words)})(?P<pel>{_alts(elements - {''})})?|(?P<cap>{_alts(zh, spaced=True)}))"
        rf"(?:[ \t]*(?:[/|][ \t]*)?(?:{en_alts})(?![a-z]))?"
        rf"|(?<![^\n\[|;])(?P<en>{en_alts})(?=[ \t]*[:\]]))"
        rf"[ \t]{{0,3}}"
        # "配料表（按添加量递减排序）：", "生产日期（年/月/日）：", "营养成分表（per 100 g 每100克）" at a line end
        rf"(?:\([^()\n:]{{1,24}}\)[ \t]*(?=:|\n|$))?"
        rf"(?:\][ \t]*:?[ \t]*|:[ \t]*|(?=[\s|]|$)|(?=gb|sc|q/|\d))"
    )
    # a caption after its value: "GB 10769-2025（产品标准代号）", "6～36月龄婴幼儿（适用年龄）", one field a line
    trailing = re.compile(rf"\((?P<cap>{_alts(zh, spaced=True)})\)[ \t]*(?=\n|$)")
    return _Captions(FastPattern(pattern), zh, en, party, FastPattern(trailing))


def parse_text(text: str) -> Label:
    """Split a label's text into fields; the text itself is kept unchanged for span offsets."""
    norm = normalize(text)
    caps = _captions()
    matches = list(caps.pattern.finditer(norm))
    fields: dict[str, FieldValue] = {}
    for i, m in enumerate(matches):
        spec = caps.spec(m)
        if spec is None or spec.key in fields:
            continue
        start = m.end()
        end = matches[i + 1].start() if i + 1 < len(matches) else len(norm)
        if spec.multiline:
            blank = _BLANK_LINE.search(norm, start, end)
            if blank:
                end = blank.start()
        else:
            nl = norm.find("\n", start, end)
            if nl == start:  # caption alone on its line: the value is the next line
                nxt = norm.find("\n", start + 1, end)
                start, end = start + 1, (nxt if nxt != -1 else end)
            elif nl != -1:
                end = nl
        end = min(end, start + MAX_VALUE)
        span = _trimmed(text, norm, start, end)
        if span is not None:
            fields[spec.key] = FieldValue(spec.key, span.text, span)
    if ")" in norm:
        _trailing(text, norm, caps, fields)
    # a label whose first line is a field's line has no name line above its fields
    first = len(norm) - len(norm.lstrip())
    headed = (
        bool(matches)
        and norm.rfind("\n", 0, matches[0].start()) < first <= matches[0].start()
        and not (norm[first : matches[0].start()].strip(" \t["))
    )
    _fallbacks(text, norm, fields, named=headed)
    return Label(text=text, fields=fields)


def _trailing(text: str, norm: str, caps: _Captions, fields: dict[str, FieldValue]) -> None:
    """Fields whose caption follows the value in brackets at the line end ("225g（净含量）")."""
    for m in caps.trailing.finditer(norm):
        spec = caps.zh[_SPACES.sub("", m.group("cap"))]
        if spec.key in fields:
            continue
        span = _trimmed(text, norm, norm.rfind("\n", 0, m.start()) + 1, m.start())
        if span is not None:
            fields[spec.key] = FieldValue(spec.key, span.text, span)


def _trimmed(text: str, norm: str, start: int, end: int) -> Span | None:
    while start < end and norm[start] in _TRIM:
        start += 1
    while end > start and norm[end - 1] in _TRIM:
        end -= 1
    if end <= start:
        return None
    return Span(start, end, text[start:end])


def _fallbacks(text: str, norm: str, fields: dict[str, FieldValue], *, named: bool = False) -> None:
    """Fields that can be recognised without a caption (listings rarely have captions). `named`: the text
    opens with a field's caption ("配料：…" on its first line), so no first line names the product."""
    if "standard_code" not in fields and (m := STANDARD_CODE.search(norm)):
        fields["standard_code"] = FieldValue("standard_code", text[m.start() : m.end()], _span(text, m))
    if "licence_number" not in fields and (m := SC_TOKEN.search(norm)):
        fields["licence_number"] = FieldValue("licence_number", text[m.start() : m.end()], _span(text, m))
    if "product_name" not in fields and not named:
        # a listing's title, or a label's first line, names the product
        for lm in re.finditer(r"[^\n]+", norm):
            span = _trimmed(text, norm, lm.start(), min(lm.end(), lm.start() + 120))
            if span is not None:
                fields["product_name"] = FieldValue("product_name", span.text, span)
                break


def _span(text: str, m: re.Match[str]) -> Span:
    return Span(m.start(), m.end(), text[m.start() : m.end()])


def from_fields(data: Mapping[str, object]) -> Label:
    """Structured input (JSON) -> a Label whose text is the fields rendered one per line.

    Keys may be the field keys (product_name, ...) or printed captions (产品名称, ...). Unknown keys are
    kept as extra lines so their claims are still checked.
    """
    specs = _captions().zh
    keys = FIELD_KEYS + EXTRA_FIELD_KEYS
    first_caption = {k: _first_caption(k) for k in keys}
    lines: list[str] = []
    fields: dict[str, FieldValue] = {}
    pos = 0
    for raw_key, raw_value in data.items():
        if raw_value is None:
            continue
        value = _render_value(raw_value)
        key = str(raw_key)
        found = specs.get(normalize(key))
        fkey = key if key in keys else (found.key if found else None)
        caption = first_caption[fkey] if fkey else key
        prefix = f"{caption}："
        line = prefix + value
        start = pos + len(prefix)
        if fkey and value.strip() and fkey not in fields:
            fields[fkey] = FieldValue(fkey, value, Span(start, start + len(value), value))
        lines.append(line)
        pos += len(line) + 1
    text = "\n".join(lines)
    return Label(text=text, fields=fields)


@functools.cache
def _first_caption(key: str) -> str:
    raw = _data("fields.yaml")
    if key in raw:
        return str(raw[key]["captions"][0])
    return str(_data("parties.yaml")["captions"][key])


def _render_value(v: object) -> str:
    if isinstance(v, dict):
        return "；".join(f"{k} {_render_value(x)}" for k, x in v.items())
    if isinstance(v, list | tuple):
        return "、".join(_render_value(x) for x in v)
    return str(v).replace("\r", " ")
