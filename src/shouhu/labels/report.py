"""Summary reports of a listing sweep: a self-contained HTML page and an Excel workbook (openpyxl).

Regulators exchange Excel; the HTML is for reading in a browser with no network (inline CSS, no scripts).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from shouhu.codes.cells import xlsx_append
from shouhu.labels.batch import RowResult, Summary

_CSS = """body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;vertical-align:top}
th{background:#eef}mark{background:#fdd;padding:0 2px}.err{color:#a00}.muted{color:#777}"""


def _highlight(text: str, findings: list[dict]) -> str:
    spans = sorted({(f["span"]["start"], f["span"]["end"], f["code"]) for f in findings if f.get("span")})
    out, pos = [], 0
    for start, end, code in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark title="{html.escape(code)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def write_html(
    path: str | Path, results: Sequence[RowResult], summary: Summary, *, max_rows: int = 2000
) -> None:
    s = summary.to_dict()
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>标签标识审查汇总 Label check summary {html.escape(s['as_of'])}</title><style>{_CSS}</style></head><body>",
        "<h1>标签标识审查汇总 <span class='muted'>Label check summary</span></h1>",
        f"<p>检查日期 Check date: {html.escape(s['as_of'])} · 条目 Rows: {s['rows']} · "
        f"有问题 With findings: {s['rows_with_findings']} · 无法检查 Errors: {s['rows_with_errors']}</p>",
        "<h2>按问题类型 By code</h2><table><tr><th>code</th><th>条目数 rows</th><th>问题数 findings</th><th>常见用语 top phrases</th></tr>",
    ]
    for code, n_rows in s["rows_by_code"].items():
        phrases = "、".join(f"{html.escape(p)}（{n}）" for p, n in s["top_phrases"].get(code, {}).items())
        parts.append(
            f"<tr><td>{html.escape(code)}</td><td>{n_rows}</td><td>{s['findings_by_code'][code]}</td><td>{phrases}</td></tr>"
        )
    parts.append(
        "</table><h2>明细 Details</h2><table><tr><th>#</th><th>id</th><th>文本 text</th><th>问题 findings</th></tr>"
    )
    shown = [r for r in results if r.findings or r.error][:max_rows]
    for r in shown:
        if r.error:
            cell = f"<span class='err'>{html.escape(r.error['message']['zh'])} / {html.escape(r.error['message']['en'])}</span>"
        else:
            cell = "<br>".join(
                f"<b>{html.escape(f['code'])}</b> {html.escape(f['message']['zh'])}"
                f"<br><span class='muted'>{html.escape(f['basis']['citation'])}</span>"
                for f in r.findings
            )
        parts.append(
            f"<tr><td>{r.row}</td><td>{html.escape(r.id)}</td><td>{_highlight(r.text, r.findings)}</td><td>{cell}</td></tr>"
        )
    parts.append("</table>")
    if len(shown) < summary.rows_with_findings + summary.rows_with_errors:
        parts.append(f"<p class='muted'>仅显示前{max_rows}条 Only the first {max_rows} rows are shown.</p>")
    parts.append(f"<p class='muted'>规则 Rules: {html.escape(str(s['rules']))}</p></body></html>")
    Path(path).write_text("".join(parts), encoding="utf-8")


def write_xlsx(path: str | Path, results: Sequence[RowResult], summary: Summary) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    s = summary.to_dict()
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "汇总 Summary"
    xlsx_append(ws, ["检查日期 Check date", s["as_of"]])
    xlsx_append(ws, ["条目 Rows", s["rows"]])
    xlsx_append(ws, ["有问题 With findings", s["rows_with_findings"]])
    xlsx_append(ws, ["无法检查 Errors", s["rows_with_errors"]])
    xlsx_append(ws, [])
    xlsx_append(ws, ["code", "条目数 rows", "问题数 findings", "常见用语 top phrases"])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for code, n_rows in s["rows_by_code"].items():
        phrases = "、".join(f"{p}（{n}）" for p, n in s["top_phrases"].get(code, {}).items())
        xlsx_append(ws, [code, n_rows, s["findings_by_code"][code], phrases])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["D"].width = 80
    wd = wb.create_sheet("明细 Findings")
    xlsx_append(
        wd,
        [
            "row",
            "id",
            "code",
            "severity",
            "用语 text",
            "start",
            "end",
            "说明",
            "message",
            "依据 basis",
            "rule_id",
            "error",
        ],
    )
    for c in wd[1]:
        c.font = Font(bold=True)
    for r in results:
        if r.error:
            xlsx_append(
                wd,
                [
                    r.row,
                    r.id,
                    None,
                    None,
                    None,
                    None,
                    None,
                    r.error["message"]["zh"],
                    r.error["message"]["en"],
                    None,
                    None,
                    r.error["code"],
                ],
            )
        for f in r.findings:
            span = f.get("span") or {}
            xlsx_append(
                wd,
                [
                    r.row,
                    r.id,
                    f["code"],
                    f["severity"],
                    span.get("text"),
                    span.get("start"),
                    span.get("end"),
                    f["message"]["zh"],
                    f["message"]["en"],
                    f["basis"]["citation"],
                    f["basis"]["rule_id"],
                    None,
                ],
            )
    for col, width in zip("ABCDEFGHIJKL", (6, 16, 32, 8, 20, 6, 6, 50, 50, 50, 40, 16), strict=True):
        wd.column_dimensions[col].width = width
    wb.save(str(path))
