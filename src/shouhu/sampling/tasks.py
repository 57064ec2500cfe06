"""Background work for sampling: reading a lab's results spreadsheet.

`read_results` is a core.jobs target: it runs in a child process capped in memory and time and touches no
database (a pure function of the file's bytes); `services.imports.results_import_finish` then judges and
stores the rows in the parent.
"""

from __future__ import annotations

import csv
import io
from typing import Any

MAX_ROWS = 50_000
COLUMNS = {
    "sample_number": ("抽样单编号", "sample_number"),
    "item": ("检验项目", "item"),
    "measured": ("检测值", "检验结果", "measured"),
    "unit": ("单位", "unit"),
    "lab_conclusion": ("单项结论", "检验机构结论", "结论", "lab_conclusion"),
    "found_on": ("检验结论日期", "签发日期", "报告日期", "found_on"),
}
REQUIRED = ("sample_number", "item", "measured")


class SheetError(ValueError):
    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code, self.message_zh, self.message_en = code, message_zh, message_en


def _rows(data: bytes, name: str) -> list[list[Any]]:
    if data[:2] == b"PK":  # xlsx
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    text = data.decode("utf-8-sig", errors="strict") if data else ""
    return [list(r) for r in csv.reader(io.StringIO(text))]


def parse(data: bytes, name: str = "") -> list[dict[str, str]]:
    """Rows of a results sheet as dicts with the canonical keys; a missing column or too many rows raises."""
    try:
        rows = _rows(data, name)
    except (UnicodeDecodeError, OSError, KeyError, ValueError) as exc:
        raise SheetError(
            "import.invalid", "无法读取文件，请上传 Excel（.xlsx）或 CSV（UTF-8）", "Unreadable file"
        ) from exc
    if not rows:
        raise SheetError("import.invalid", "文件中没有检验结果", "The file holds no results")
    head = [str(h or "").strip() for h in rows[0]]
    index: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(head):
            if h in names:
                index[key] = i
                break
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in index]
    if missing:
        raise SheetError(
            "import.invalid", f"缺少列：{'、'.join(missing)}", f"Missing columns: {', '.join(missing)}"
        )
    body = [r for r in rows[1:] if any(c not in (None, "") for c in r)]
    if len(body) > MAX_ROWS:
        raise SheetError(
            "import.too_large", f"一次最多导入 {MAX_ROWS} 行", f"At most {MAX_ROWS} rows at once"
        )

    def cell(r: list[Any], key: str) -> str:
        i = index.get(key)
        v = r[i] if i is not None and i < len(r) else ""
        return "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)).strip()

    return [{k: cell(r, k) for k in COLUMNS} for r in body]


def read_results(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"rows": parse(payload["data"], payload.get("name", ""))}
    except SheetError as exc:
        return {"error": {"code": exc.code, "message_zh": exc.message_zh, "message_en": exc.message_en}}
