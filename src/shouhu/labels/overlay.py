"""Findings drawn on the label image or PDF page they were read from.

OCR gives each text box with its place in the checked text (`start`/`end`, see ocr.OcrLine), so a
finding's span maps onto the boxes it overlaps; inside one box the part is cut in proportion to the
characters (label print is near-monospaced CJK). `page_marks` turns a CheckResult dict into pages with
rectangles in the page's own pixel coordinates (an SVG viewBox), `preview` makes a small JPEG of each page
to draw them on. Pages read from a PDF's text layer have no boxes: their findings are highlighted in the
text only. Pure Python with Pillow / pypdfium2, as the rest of the checker.
"""

from __future__ import annotations

import base64
import io
from typing import Any

PREVIEW_SIDE = 720  # px: sharp on a 360 px phone screen at 2x, ~30-60 kB as JPEG
PREVIEW_QUALITY = 60
MAX_PREVIEW_PAGES = 3


def _ocr_pages(result: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    """(page number, offset of the page's text in result["text"], OCR dict) of every page with boxes."""
    ocr = result.get("ocr") or {}
    if "lines" in ocr:
        return [(1, 0, ocr)]
    return [
        (int(p["page"]), int(p.get("start") or 0), p["ocr"])
        for p in ocr.get("pages") or []
        if p.get("ocr") and p["ocr"].get("lines")
    ]


def page_marks(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Pages with the findings' boxes: [{"page", "width", "height", "image", "lines", "marks"}].

    `lines` are every OCR box (x, y, w, h); `marks` one rectangle per (finding, box) overlap with the
    finding's code, severity and index in result["findings"]. `image` is the stored preview (a data: URI)
    when the check kept one."""
    previews = {int(p["page"]): p.get("image") for p in result.get("preview") or []}
    findings = result.get("findings") or []
    pages = []
    for number, offset, ocr in _ocr_pages(result):
        lines, marks = [], []
        for ln in ocr["lines"]:
            x0, y0, x1, y1 = (int(v) for v in ln["box"])
            lines.append({"x": x0, "y": y0, "w": max(1, x1 - x0), "h": max(1, y1 - y0)})
            ls, le = offset + int(ln["start"]), offset + int(ln["end"])
            if le <= ls:
                continue
            for i, f in enumerate(findings):
                span = f.get("span")
                if not span or span["end"] <= ls or span["start"] >= le:
                    continue
                a, b = max(span["start"], ls), min(span["end"], le)
                width = x1 - x0
                mx0 = x0 + width * (a - ls) / (le - ls)
                mx1 = x0 + width * (b - ls) / (le - ls)
                pad = max(2, (y1 - y0) // 8)
                marks.append(
                    {
                        "finding": i,
                        "code": f["code"],
                        "severity": f.get("severity") or "error",
                        "x": round(mx0) - pad,
                        "y": y0 - pad,
                        "w": max(1, round(mx1 - mx0)) + 2 * pad,
                        "h": (y1 - y0) + 2 * pad,
                        "stroke": max(2, (y1 - y0) // 10),
                    }
                )
        pages.append(
            {
                "page": number,
                "width": int(ocr["width"]),
                "height": int(ocr["height"]),
                "image": previews.get(number),
                "lines": lines,
                "marks": marks,
            }
        )
    return pages


def _jpeg_uri(img: Any) -> str:
    img = img.convert("RGB")
    img.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE * 4))  # long listing images stay tall
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=PREVIEW_QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def preview(data: bytes, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Small JPEG previews (data: URIs) of the pages that have OCR boxes, for `page_marks` to draw on.
    Call only after the check succeeded (the input was already probed and read)."""
    pages = [n for n, _, _ in _ocr_pages(result)][:MAX_PREVIEW_PAGES]
    if not pages:
        return []
    if result.get("source") == "pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        try:
            out = []
            for n in pages:
                page = doc[n - 1]
                w, h = page.get_size()
                image = page.render(scale=PREVIEW_SIDE / max(w, h, 1)).to_pil()
                out.append({"page": n, "image": _jpeg_uri(image)})
            return out
        finally:
            doc.close()
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        if img.format == "JPEG":
            img.draft("RGB", (PREVIEW_SIDE, PREVIEW_SIDE * 4))
        return [{"page": 1, "image": _jpeg_uri(img)}]


__all__ = ["page_marks", "preview"]
