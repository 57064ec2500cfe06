"""Label proofs as PDF (印刷稿): the text layer is read exactly; outlined text is rendered and read by OCR;
a PDF that cannot be a label proof is a clear error for that file."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from shouhu.labels import LabelInputError, check_label
from shouhu.labels.cli import main
from shouhu.labels.pdf import MAX_PAGES

from .conftest import DATA

PDFS = {m["pdf"]: m for m in json.loads((DATA / "images.json").read_text("utf-8")) if "pdf" in m}
CORPUS = {
    r["id"]: r
    for r in (json.loads(x) for x in (DATA / "corpus_tune.jsonl").read_text("utf-8").splitlines() if x)
}


def test_text_layer_is_read_exactly_without_ocr():
    meta = PDFS["text"]
    res = check_label((DATA / meta["file"]).read_bytes(), as_of=date.fromisoformat(meta["as_of"]))
    assert res.source == "pdf"
    assert sorted(res.codes) == meta["expected"]
    assert [p["method"] for p in res.ocr["pages"]] == ["text"]
    assert res.fields["licence_number"].value == "SC13032058100346"
    source_lines = [ln for ln in CORPUS[meta["id"]]["text"].splitlines() if len(ln) < 30]
    assert all(ln in res.text for ln in source_lines), "short lines of the proof come out verbatim"
    for f in res.findings:  # spans point into the text the page shows
        if f.span:
            assert res.text[f.span.start : f.span.end] == f.span.text


@pytest.mark.slow
def test_outlined_text_is_rendered_and_read_by_ocr():
    meta = PDFS["outlined"]
    res = check_label((DATA / meta["file"]).read_bytes(), as_of=date.fromisoformat(meta["as_of"]))
    assert res.source == "pdf"
    assert sorted(res.codes) == meta["expected"]
    (page,) = res.ocr["pages"]
    assert page["method"] == "ocr" and page["ocr"]["lines"]
    assert res.fields["licence_number"].value.startswith("SC130")


def _pdf_of_pages(n: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    pages = [Image.new("RGB", (200, 300), "white") for _ in range(n)]
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:])
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7\n this is not really a pdf", "pdf.unreadable"),
        (_pdf_of_pages(MAX_PAGES + 1), "pdf.too_many_pages"),
        (_pdf_of_pages(1), "pdf.no_text"),
    ],
    ids=["broken", "catalogue", "blank"],
)
def test_a_pdf_that_is_no_label_proof_is_a_clear_error(data, code):
    with pytest.raises(LabelInputError) as exc:
        check_label(data, as_of=date(2026, 11, 23))
    assert exc.value.code == code
    assert exc.value.message_zh and exc.value.message_en


def test_a_password_protected_proof_says_so(monkeypatch):
    import pypdfium2 as pdfium

    def locked(_data, *a, **kw):
        raise pdfium.PdfiumError("Failed to load document", err_code=pdfium.raw.FPDF_ERR_PASSWORD)

    monkeypatch.setattr(pdfium, "PdfDocument", locked)
    with pytest.raises(LabelInputError) as exc:
        check_label(_pdf_of_pages(1), as_of=date(2026, 11, 23))
    assert exc.value.code == "pdf.encrypted"


def test_cli_reads_pdf_files_and_goes_on_after_a_bad_one(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    rc = main(["check", str(DATA / PDFS["text"]["file"]), str(bad), "--json", "--as-of", "2026-11-23"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 2
    assert {f["code"] for f in out[0]["findings"]} == set(PDFS["text"]["expected"])
    assert out[1]["error"]["code"] == "pdf.unreadable"
