"""Sweep many online listings (action-plan item 13): CSV, JSONL or Excel in, one result per row, a summary.

A row that cannot be checked (no text, text over 1 MB) gets an error and the sweep goes on. Listings are
not complete labels, so mandatory-element findings are skipped unless asked for.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shouhu.labels.check import check_label
from shouhu.labels.inputs import MAX_TEXT_BYTES, decode_text
from shouhu.labels.model import LabelInputError

TEXT_COLUMNS = (
    "text",
    "文本",
    "title",
    "标题",
    "name",
    "商品名称",
    "description",
    "详情",
    "卖点",
    "selling_points",
)
ID_COLUMNS = ("id", "编号", "url", "链接", "sku")
LISTING_SKIP = ("mandatory.missing",)


@dataclass
class RowResult:
    row: int
    id: str
    text: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, Any] | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "id": self.id,
            "text": self.text,
            "findings": self.findings,
            "error": self.error,
            "meta": self.meta,
        }


@dataclass
class Summary:
    rows: int = 0
    rows_with_findings: int = 0
    rows_with_errors: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    rows_by_code: Counter[str] = field(default_factory=Counter)
    phrases: dict[str, Counter[str]] = field(default_factory=dict)
    as_of: str = ""
    rules: dict[str, Any] = field(default_factory=dict)

    def add(self, r: RowResult) -> None:
        self.rows += 1
        if r.error:
            self.rows_with_errors += 1
            return
        if r.findings:
            self.rows_with_findings += 1
        for code in {f["code"] for f in r.findings}:
            self.rows_by_code[code] += 1
        for f in r.findings:
            self.by_code[f["code"]] += 1
            if f["span"]:
                self.phrases.setdefault(f["code"], Counter())[f["span"]["text"]] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "rows": self.rows,
            "rows_with_findings": self.rows_with_findings,
            "rows_with_errors": self.rows_with_errors,
            "findings_by_code": dict(self.by_code.most_common()),
            "rows_by_code": dict(self.rows_by_code.most_common()),
            "top_phrases": {c: dict(p.most_common(10)) for c, p in sorted(self.phrases.items())},
            "rules": self.rules,
        }


SWEEP_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".xlsx")
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip archive


def read_rows(path: str | Path) -> Iterator[dict[str, str]]:
    """Rows of a .csv (header row), .jsonl or .xlsx (first sheet, first non-empty row as header) file as
    string dicts; text encodings as for text files."""
    p = Path(path)
    data = p.read_bytes()
    if p.suffix.lower() == ".xlsx":
        yield from _xlsx_rows(data)
        return
    text = decode_text(data) if data else ""
    if p.suffix.lower() in (".jsonl", ".ndjson"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"__error__": f"line {n}: invalid JSON ({exc.msg})"}
                continue
            yield (
                {str(k): "" if v is None else str(v) for k, v in obj.items()}
                if isinstance(obj, dict)
                else {"__error__": f"line {n}: not an object"}
            )
    else:
        yield from csv.DictReader(io.StringIO(text))


def check_workbook(data: bytes) -> None:
    """Refuse what openpyxl cannot read (a legacy .xls, a renamed file, a damaged archive) up front."""
    if not data.startswith(XLSX_MAGIC):
        raise LabelInputError(
            "file.unreadable",
            "文件不是可读取的Excel（.xlsx）工作簿；旧版.xls请另存为.xlsx",
            "not a readable Excel (.xlsx) workbook; save a legacy .xls as .xlsx",
        )


def _xlsx_rows(data: bytes) -> Iterator[dict[str, str]]:
    from zipfile import BadZipFile

    import openpyxl

    check_workbook(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LabelInputError(
            "file.unreadable", "Excel工作簿已损坏，无法读取", f"the Excel workbook is damaged ({exc})"
        ) from exc
    try:
        header: list[str] | None = None
        for values in wb.worksheets[0].iter_rows(values_only=True):
            cells = [_cell(v) for v in values]
            if header is None:
                if any(cells):
                    header = [c.strip() for c in cells]
                continue
            if any(cells):
                yield {h: v for h, v in zip(header, cells, strict=False) if h}
    finally:
        wb.close()


def _cell(value: Any) -> str:
    """A cell as text: whole numbers without ".0" (IDs typed as numbers), dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def row_text(row: dict[str, str], text_columns: Iterable[str] | None = None) -> str:
    cols = list(text_columns) if text_columns else [c for c in TEXT_COLUMNS if c in row]
    return "\n".join(row[c] for c in cols if row.get(c))


def sweep(
    rows: Iterable[dict[str, str]],
    *,
    as_of: date,
    text_columns: Iterable[str] | None = None,
    category_column: str | None = "category",
    skip: tuple[str, ...] = LISTING_SKIP,
    progress: bool = False,
    total: int | None = None,
) -> tuple[list[RowResult], Summary]:
    results: list[RowResult] = []
    summary = Summary(as_of=as_of.isoformat())
    it: Iterable[dict[str, str]] = rows
    if progress:
        from tqdm import tqdm

        it = tqdm(rows, total=total, unit="listing", desc="labels", mininterval=0.5)
    text_columns = list(text_columns) if text_columns else None
    for n, row in enumerate(it, 1):
        rid = next((row[c] for c in ID_COLUMNS if row.get(c)), str(n))
        meta = {k: v for k, v in row.items() if k in ID_COLUMNS}
        text = row_text(row, text_columns) if "__error__" not in row else ""
        r = RowResult(n, rid, text, meta=meta)
        try:
            if "__error__" in row:
                raise LabelInputError("row.invalid", "该行无法解析", row["__error__"])
            if not text.strip():
                raise LabelInputError("input.empty", "该行没有文字内容", "the row has no text")
            if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
                raise LabelInputError("input.too_large", "文本超过1MB", "text is over 1 MB")
            category = (row.get(category_column) or None) if category_column else None
            res = check_label(text, as_of=as_of, category=category, skip=skip)
            r.findings = [f.to_dict() for f in res.findings]
            if not summary.rules:
                summary.rules = res.rules
        except LabelInputError as exc:
            r.error = exc.to_dict()
        results.append(r)
        summary.add(r)
    return results, summary
