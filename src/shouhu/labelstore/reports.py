"""A sweep's summary report as Excel or HTML, rebuilt from the stored rows by the checker's own writers."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from django.http import HttpResponse

from shouhu.core.exports import require_rows
from shouhu.labels.batch import RowResult, Summary
from shouhu.labels.report import write_html, write_xlsx

from .models import LabelSweep

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def _rebuild(sweep: LabelSweep) -> tuple[list[RowResult], Summary]:
    s = sweep.summary or {}
    summary = Summary(
        rows=sweep.rows,
        rows_with_findings=sweep.rows_with_findings,
        rows_with_errors=sweep.rows_with_errors,
        by_code=Counter(s.get("findings_by_code", {})),
        rows_by_code=Counter(s.get("rows_by_code", {})),
        phrases={c: Counter(p) for c, p in s.get("top_phrases", {}).items()},
        as_of=s.get("as_of", ""),
        rules=s.get("rules", {}),
    )
    rows = [
        RowResult(
            row=i.row or 0,
            id=i.listing_id,
            text=i.text,
            findings=i.result.get("findings", []),
            error=i.error,
            meta=i.result.get("meta", {}),
        )
        for i in sweep.items.order_by("row").iterator(chunk_size=2000)
    ]
    return rows, summary


def download(sweep: LabelSweep, kind: str) -> HttpResponse:
    """The report file; one over the export limit is refused before any row is read (core.exports)."""
    require_rows(sweep.items.count())
    rows, summary = _rebuild(sweep)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"report.{kind}"
        (write_xlsx if kind == "xlsx" else write_html)(path, rows, summary)
        body = path.read_bytes()
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    if kind == "xlsx":
        response["Content-Disposition"] = f'attachment; filename="label-sweep-{sweep.pk}.xlsx"'
    return response
