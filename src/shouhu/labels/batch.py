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
# A platform limit (not a regulation): rows of one sweep. At the measured ~1–2 ms a listing, 100,000 rows
# are a few minutes of a background worker; a bigger listing is split into several sweeps.
MAX_SWEEP_ROWS = 100_000


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


def _xlsx_lines(data: bytes) -> Iterator[list[str]]:
    """The non-empty rows of the first sheet as text cells (the first one is the header)."""
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
        for values in wb.worksheets[0].iter_rows(values_only=True):
            cells = [_cell(v) for v in values]
            if any(cells):
                yield cells
    finally:
        wb.close()


def _xlsx_rows(data: bytes) -> Iterator[dict[str, str]]:
    header: list[str] | None = None
    for cells in _xlsx_lines(data):
        if header is None:
            header = [c.strip() for c in cells]
            continue
        yield {h: v for h, v in zip(header, cells, strict=False) if h}


def _not_text() -> LabelInputError:
    return LabelInputError(
        "input.binary",
        "文件不是文本（应为 UTF-8 或 GB18030 编码的 CSV/JSONL），未创建排查",
        "the file is not text (a CSV/JSONL listing must be UTF-8 or GB18030); no sweep was created",
    )


def _listing_table(data: bytes, suffix: str) -> tuple[set[str], Iterator[bool]]:
    """(column names, one flag per data row: whether it has any content) as `read_rows` will see them."""
    if suffix == ".xlsx":
        lines = _xlsx_lines(data)
        header = next(lines, [])
        return {c.strip() for c in header if c.strip()}, (True for _ in lines)
    try:
        text = decode_text(data)
    except LabelInputError:
        raise _not_text() from None
    if suffix == ".csv":
        reader = csv.reader(io.StringIO(text))
        header = next(reader, [])
        return set(header), (any(cell.strip() for cell in row) for row in reader)
    keys: set[str] = set()

    def objects() -> Iterator[bool]:
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                obj = None
            if isinstance(obj, dict):
                keys.update(str(k) for k in obj)
            yield True  # an unreadable line is a row too: the sweep reports it

    return keys, objects()


def check_listing(data: bytes, suffix: str, *, max_rows: int | None = None) -> int:
    """Refuse a listing the sweep could only fail on, before anything is stored; else its row count.

    The one place these checks live (the sweep page and the API both go through the label-store service):
    not a sweepable type, empty, not text (binary, or neither UTF-8 nor GB18030), an unreadable workbook or
    CSV, no row under the header, no column the checker reads text from (`TEXT_COLUMNS`), more than
    `max_rows` rows. Each a `LabelInputError` with its code and both languages.
    """
    suffix = suffix.lower()
    max_rows = MAX_SWEEP_ROWS if max_rows is None else max_rows
    if suffix not in SWEEP_SUFFIXES:
        raise LabelInputError(
            "file.type",
            "请上传CSV、JSONL或Excel（.xlsx）文件",
            "upload a CSV, JSONL or Excel (.xlsx) file",
        )
    if not data:
        raise LabelInputError("input.empty", "文件为空", "the file is empty")
    columns, flags = _listing_table(data, suffix)
    rows = 0
    try:
        for has_content in flags:
            rows += has_content
            if rows > max_rows:
                raise LabelInputError(
                    "input.too_many_rows",
                    f"文件超过 {max_rows} 行商品，请拆分为几次排查；未创建排查",
                    f"the file has more than {max_rows} listings: split it into several sweeps; "
                    "no sweep was created",
                )
    except csv.Error as exc:
        raise LabelInputError(
            "file.unreadable", "CSV文件格式错误，无法读取；未创建排查", f"the CSV cannot be read ({exc})"
        ) from exc
    if not rows:
        raise LabelInputError(
            "input.no_rows",
            "文件中没有商品行（只有表头或为空），未创建排查",
            "the file has no listing rows (a header only, or empty); no sweep was created",
        )
    if not columns and suffix in (".jsonl", ".ndjson"):
        raise LabelInputError(
            "file.unreadable",
            "文件中没有可读取的 JSON 对象行，未创建排查",
            "no line of the file is a JSON object; no sweep was created",
        )
    if not columns & set(TEXT_COLUMNS):
        raise LabelInputError(
            "input.no_text_column",
            f"表头中没有商品文字列（应含 {'、'.join(TEXT_COLUMNS)} 之一），未创建排查",
            f"no column holds the listing text (the header needs one of {', '.join(TEXT_COLUMNS)}); "
            "no sweep was created",
        )
    return rows


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
