"""Label proofs as PDF (印刷稿) -> text, with pypdfium2 (PDFium ships inside the wheel).

Enterprises check a label before printing, and the printer's proof is a PDF. A page with a text layer is
read exactly; a page whose text was converted to outlines for print (no text layer, or hardly any) is
rendered and read by OCR, like a photo. Pages are joined in order, one line break apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shouhu.labels.model import LabelInputError

PDF_MAGIC = b"%PDF-"
MAX_PAGES = 10  # a label proof is one or two pages; a catalogue is not a label
MIN_TEXT_CHARS = 20  # fewer characters on a page: its text is outlined (or it is a picture): use OCR
RENDER_DPI = 200  # small print (6 pt) is ~17 px high at 200 dpi: enough for the recogniser
MAX_RENDER_SIDE = 2000  # RapidOCR shrinks anything larger to this anyway


@dataclass(frozen=True)
class PdfPage:
    number: int  # 1-based
    method: str  # "text" (text layer) | "ocr" (rendered and recognised)
    start: int  # where the page's text begins in PdfText.text
    end: int
    ocr: dict[str, Any] | None = None  # OcrText.to_dict() of the rendered page, boxes in its pixels


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: tuple[PdfPage, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": "pdfium",
            "pages": [
                {"page": p.number, "method": p.method, "start": p.start, "end": p.end, "ocr": p.ocr}
                for p in self.pages
            ],
        }


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def _open(data: bytes) -> Any:
    """The document, or LabelInputError for one that cannot be read, has no pages or too many."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise LabelInputError(
                "pdf.encrypted", "PDF文件已加密，请提供未加密的印刷稿", "the PDF is password-protected"
            ) from exc
        raise LabelInputError(
            "pdf.unreadable", "PDF文件无法读取或已损坏", f"the PDF cannot be read ({exc})"
        ) from exc
    try:
        if len(doc) == 0:
            raise LabelInputError("pdf.empty", "PDF文件没有页面", "the PDF has no pages")
        if len(doc) > MAX_PAGES:
            raise LabelInputError(
                "pdf.too_many_pages",
                f"PDF共{len(doc)}页，标签印刷稿最多{MAX_PAGES}页",
                f"the PDF has {len(doc)} pages; a label proof may have at most {MAX_PAGES}",
            )
    except LabelInputError:
        doc.close()
        raise
    return doc


def probe_pdf(data: bytes) -> int:
    """The page count of a readable proof, or LabelInputError; nothing is rendered (cheap: it runs on the
    request, before the check is queued)."""
    doc = _open(data)
    try:
        return len(doc)
    finally:
        doc.close()


def read_pdf(data: bytes) -> PdfText:
    """Text of every page (text layer, else OCR), or LabelInputError for a PDF that cannot be read.
    A page is rendered at most MAX_RENDER_SIDE a side (what OCR needs), whatever its stated size."""
    doc = _open(data)
    try:
        parts: list[str] = []
        pages: list[PdfPage] = []
        pos = 0
        for i in range(len(doc)):
            page = doc[i]
            text = _text_layer(page)
            method, ocr = "text", None
            if len(text.strip()) < MIN_TEXT_CHARS:
                method, ocr_text = "ocr", _ocr_page(page)
                text, ocr = ocr_text.text, ocr_text.to_dict()
            if parts:
                parts.append("\n")
                pos += 1
            parts.append(text)
            pages.append(PdfPage(i + 1, method, pos, pos + len(text), ocr))
            pos += len(text)
        return PdfText("".join(parts), tuple(pages))
    finally:
        doc.close()


def _text_layer(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        return str(textpage.get_text_bounded()).replace("\r\n", "\n").replace("\r", "\n")
    finally:
        textpage.close()


def _ocr_page(page: Any) -> Any:
    import numpy as np

    from shouhu.labels.ocr import recognise

    width, height = page.get_size()  # PDF points, 1/72 inch
    scale = min(RENDER_DPI / 72, MAX_RENDER_SIDE / max(width, height, 1))
    image = page.render(scale=scale).to_pil().convert("RGB")
    return recognise(np.asarray(image))
