"""Parsers for the seed copies of the 2017 细则 (used by the generator and by the fidelity tests).

The seeds are never read at run time: `generate_xize2017.py` turns them into the committed YAML, and the
tests parse them again to prove the YAML still says what the seed says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

ARTICLE_RE = re.compile(r"^第([一二三四五六七八九十百零]+)条\s*")
CHAPTER_RE = re.compile(r"^第([一二三四五六七八九十]+)章\s*(.+)$")
TERMINAL = ("。", "：", "；", ":")


def cn_to_int(text: str) -> int:
    """Chinese numeral (up to 99, as used for articles and chapters) to int: 四十五 → 45."""
    if text in CN_DIGITS:
        return CN_DIGITS[text]
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)
    raise ValueError(f"not a Chinese numeral: {text!r}")


def int_to_cn(n: int) -> str:
    """Inverse of cn_to_int for 1..99: 45 → 四十五, 10 → 十, 12 → 十二."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


@dataclass
class Article:
    number: int
    chapter: int
    chapter_title: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _blocks(md: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", md) if b.strip()]


def _is_table_part(block: str) -> bool:
    return (
        block.startswith("|")
        or re.match(r"^表\s*\d+\s", block) is not None
        or block.startswith("注：")
        or block.startswith("^a")
        or block.startswith("2. 换气次数")
    )


def parse_articles(md: str) -> list[Article]:
    """The 75 articles of the Markdown seed, with page-break fragments joined and tables removed."""
    body = md.split("- 附件：")[0]
    articles: list[Article] = []
    chapter, chapter_title = 0, ""
    pending_join = False
    for block in _blocks(body):
        block = re.sub(r"\s*\n\s*", "", block)
        m = CHAPTER_RE.match(block)
        if m and len(block) < 20:
            chapter, chapter_title = cn_to_int(m.group(1)), re.sub(r"\s+", "", m.group(2))
            pending_join = False
            continue
        m = ARTICLE_RE.match(block)
        if m:
            articles.append(Article(cn_to_int(m.group(1)), chapter, chapter_title, [block]))
            pending_join = not block.endswith(TERMINAL)
            continue
        if not articles or _is_table_part(block):
            continue
        art = articles[-1]
        if pending_join:
            art.paragraphs[-1] += block
        else:
            art.paragraphs.append(block)
        pending_join = not block.endswith(TERMINAL)
    return articles


def normalise(text: str) -> str:
    """Remove all whitespace so the Markdown and PDF copies can be compared character by character."""
    return re.sub(r"\s+", "", text)


def pdf_body(pdf_text: str) -> str:
    """The PDF seed without page numbers (lone digits) and the copy's advertising watermark lines."""
    lines = [
        ln
        for ln in pdf_text.splitlines()
        if not re.fullmatch(r"\s*\d{1,2}\s*", ln) and "确认有效" not in ln and "最新版细则下载" not in ln
    ]
    return normalise("\n".join(lines))


def parse_md_table_rows(md: str, start_marker: str, end_marker: str | None) -> list[list[str]]:
    """Data rows (first cell a 序号 integer) of the Markdown tables between two markers."""
    start = md.index(start_marker)
    end = md.index(end_marker, start + len(start_marker)) if end_marker else len(md)
    rows: list[list[str]] = []
    for line in md[start:end].splitlines():
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells and re.fullmatch(r"\d+", cells[0]):
            rows.append(cells)
        elif rows and cells and cells[0] == "" and any(cells):
            # continuation of a row split across pages: append non-empty cells to the previous row
            prev = rows[-1]
            for i, c in enumerate(cells):
                if c and i < len(prev):
                    prev[i] = (prev[i] + " " + c).strip()
    return rows


def clean_cell(cell: str) -> str:
    """Markdown cell → plain text: subscripts (<sub>, ₁) kept as plain digits, LaTeX removed."""
    cell = cell.replace("$\\geq", "≥").replace("\\text{", "").replace("}", "").replace("$", "")
    sub = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
    cell = cell.translate(sub)
    return re.sub(r"\s+", " ", cell).strip()


def default_seed_dir() -> Path:
    """tests/rules/seed in a checkout (copies of /work/shared/seeds, so the tests are self-contained)."""
    return Path(__file__).resolve().parents[4] / "tests" / "rules" / "seed"
